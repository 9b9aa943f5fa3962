package org.bankdata.bcb.banks;

import static org.apache.spark.sql.functions.col;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.InputStorage;
import org.bankdata.source.DataLines;
import org.bankdata.source.LinePass;
import org.bankdata.source.ParsedRows;
import org.bankdata.source.Quarantine;
import org.bankdata.source.TextLines;

/**
 * Parses the BCB bank list: UTF-8 TSV {@code Segmento, CNPJ, Nome}, CNPJ roots without leading zeros
 * (Banco do Brasil is {@code 0}). Names are kept exactly as written, broken characters (U+FFFD) included.
 */
public final class BankListParser {
    public static final String SOURCE = "banks";
    private static final List<String> HEADER = List.of("segmento", "cnpj", "nome");
    /** The checked lines: segment, cnpj8, name (null unless valid), file, line number, raw line, reason. */
    private static final StructType CHECKED_SCHEMA = new StructType()
            .add("segment", DataTypes.StringType, true)
            .add("cnpj8", DataTypes.StringType, true)
            .add("name", DataTypes.StringType, true)
            .add("file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("line", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false);

    /** Throws {@link BadInputException} naming the file when its header is not the bank-list header. */
    public static void checkHeader(Path file) {
        String first;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = reader.readLine();
        } catch (IOException e) {
            throw notUtf8(file.toString(), e);
        }
        checkHeader(file.toString(), first);
    }

    /** As {@link #checkHeader(Path)} for a file local or on S3, reading only its first line. */
    public static void checkHeader(InputStorage inputs, LakeLocation file) {
        String first;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(inputs.open(file),
                StandardCharsets.UTF_8.newDecoder()))) {
            first = reader.readLine();
        } catch (IOException e) {
            throw notUtf8(file.toString(), e);
        }
        checkHeader(file.toString(), first);
    }

    private static BadInputException notUtf8(String file, IOException e) {
        return new BadInputException(file + " cannot be read as UTF-8 text (" + e.getMessage()
                + "); the bank list is a UTF-8 TSV with header Segmento<TAB>CNPJ<TAB>Nome", e);
    }

    private static void checkHeader(String file, String first) {
        if (first == null) {
            throw new BadInputException(file + " is empty; the bank list is a TSV with header Segmento<TAB>CNPJ<TAB>Nome");
        }
        List<String> cells = List.of(first.replace("\uFEFF", "").trim().toLowerCase().split("\t", -1));
        if (!cells.stream().map(String::trim).toList().equals(HEADER)) {
            throw new BadInputException(file + " is not a BCB bank list: its header is '" + first
                    + "', expected Segmento<TAB>CNPJ<TAB>Nome");
        }
    }

    /** Parses the bank list landed in {@code dir}. Valid rows: segment, cnpj8, name, source_file, source_line. */
    public ParsedRows parse(SparkSession spark, Path dir) {
        return parse(spark, dir.toUri().toString());
    }

    /**
     * As {@link #parse(SparkSession, Path)} for the folder at {@code dirUri} (file: or s3a:). The list is read and
     * checked in one pass, when the valid rows are written; the rejected rows come from that pass ({@link LinePass}).
     */
    public ParsedRows parse(SparkSession spark, String dirUri) {
        JavaRDD<Row> lines = TextLines.lines(spark, dirUri, Map.of(), StandardCharsets.UTF_8);
        LinePass pass = LinePass.register(spark, lines.getNumPartitions());
        JavaRDD<Row> checkedLines = lines.mapPartitions(rows -> pass.watch(checkLines(rows), BankListParser::rejected,
                row -> null, row -> row));
        Dataset<Row> checked = spark.createDataFrame(checkedLines, CHECKED_SCHEMA);
        return ParsedRows.ofPass(checked, pass,
                valid -> valid.select(col("segment"), col("cnpj8"), col("name"),
                        col("file").as("source_file"), col("line_number").as("source_line")),
                rejected -> Quarantine.of(rejected, SOURCE, col("reason"), col("line")));
    }

    /** A checked row's quarantine row (source, file, line, reason, raw), or {@code null} when it is valid. */
    private static Row rejected(Row checked) {
        String reason = checked.getString(6);
        return reason.isEmpty() ? null
                : RowFactory.create(SOURCE, checked.getString(3), checked.getLong(4), reason, checked.getString(5));
    }

    /** Rows (file, line_number, line) → checked rows ({@link #CHECKED_SCHEMA}), the header and blank lines left out. */
    private static Iterator<Row> checkLines(Iterator<Row> lines) {
        return DataLines.map(lines, row -> {
            BankListLine parsed = BankListLine.parse(row.getString(2));
            return RowFactory.create(parsed.segment(), parsed.cnpj8(), parsed.name(), row.getString(0), row.getLong(1),
                    row.getString(2), parsed.reason());
        });
    }
}
