package org.bankdata.bcb.banks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.bankdata.source.SparkParsing.blankToNull;
import static org.bankdata.source.SparkParsing.cnpj8;
import static org.bankdata.source.SparkParsing.invalidWhenPresent;
import static org.bankdata.source.SparkParsing.isCnpjRoot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.InputStorage;
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

    /** As {@link #parse(SparkSession, Path)} for the folder at {@code dirUri} (file: or s3a:). */
    public ParsedRows parse(SparkSession spark, String dirUri) {
        Dataset<Row> lines = TextLines.read(spark, dirUri, Map.of(), StandardCharsets.UTF_8)
                .where(col("line_number").gt(1).and(col("line").rlike("\\S")));
        return parseLines(lines);
    }

    ParsedRows parseLines(Dataset<Row> lines) {
        Column segment = upper(blankToNull(element_at(col("cells"), 1)));
        Column cnpj = element_at(col("cells"), 2);
        Column name = blankToNull(element_at(col("cells"), 3));
        Column reason = concat_ws("; ",
                when(size(col("cells")).notEqual(3), concat_ws("", lit("expected 3 tab-separated fields, found "),
                        size(col("cells")).cast("string"))),
                when(size(col("cells")).equalTo(3).and(segment.isNull().or(segment.rlike("^S[1-5]$").unary_$bang())),
                        concat_ws("", lit("Segmento '"), element_at(col("cells"), 1), lit("' is not S1..S5"))),
                when(size(col("cells")).equalTo(3).and(blankToNull(cnpj).isNull().or(invalidWhenPresent(cnpj, isCnpjRoot(cnpj)))),
                        concat_ws("", lit("CNPJ '"), cnpj, lit("' is not a CNPJ root of up to 8 digits"))),
                when(size(col("cells")).equalTo(3).and(name.isNull()), lit("Nome is empty")));
        Dataset<Row> checked = lines.withColumn("cells", split(col("line"), "\t")).withColumn("reason", reason);
        return ParsedRows.split(checked,
                valid -> valid.select(segment.as("segment"), cnpj8(cnpj).as("cnpj8"), element_at(col("cells"), 3).as("name"),
                        col("file").as("source_file"), col("line_number").as("source_line")),
                rejected -> Quarantine.of(rejected, SOURCE, col("reason"), col("line")));
    }
}
