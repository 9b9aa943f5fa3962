package org.bankdata.bcb.complaints;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.config.Quarter;
import org.bankdata.errors.BadInputException;
import org.bankdata.source.DataLines;
import org.bankdata.source.LinePass;
import org.bankdata.source.ParsedRows;
import org.bankdata.source.Quarantine;
import org.bankdata.source.TextLines;

/**
 * Parses BCB quarterly complaints-ranking files into typed rows. Handles the real formats: cp1252,
 * {@code ;} with or without a trailing {@code ;}, {@code " "} as empty, {@code 1º}..{@code 4º},
 * decimal comma with thousands dots, unpadded CNPJ roots, conglomerates without CNPJ. The quarter comes
 * from the Ano and Trimestre columns of each row, never from the file name.
 */
public final class ComplaintsRankingParser {
    public static final String SOURCE = "complaints";

    /** Curated columns, in order: the declaration of curated_complaints. */
    public static final StructType CURATED_SCHEMA = CuratedTables.CURATED_COMPLAINTS.sparkSchema();

    /** Field (0-based) of the first count column; the counts ({@link CuratedTables#COUNTS}) follow in order. */
    public static final int FIRST_COUNT_FIELD =
            RankingFileHeader.COLUMNS.indexOf("Quantidade de reclamações reguladas procedentes");

    /**
     * The checked lines: the curated columns but the last two (source_file, source_line), nullable, then the file, the
     * line number, the raw line and the reason ({@code ""} when valid).
     */
    private static final StructType CHECKED_SCHEMA = checkedSchema();
    private static final int PERIOD_KEY = CHECKED_SCHEMA.fieldIndex("period_key");
    private static final int YEAR = CHECKED_SCHEMA.fieldIndex("year");
    private static final int FILE = CHECKED_SCHEMA.fieldIndex("file");
    private static final int REASON = CHECKED_SCHEMA.fieldIndex("reason");

    /**
     * Parses the files of {@code dir} (landed copies already checked by {@link RankingFileHeader#inspect}),
     * each decoded with its charset.
     */
    public ParsedRows parse(SparkSession spark, Path dir, Map<String, Charset> charsetByFile) {
        return parse(spark, dir.toUri().toString(), charsetByFile);
    }

    /**
     * As {@link #parse(SparkSession, Path, Map)} for the folder at {@code dirUri} (file: or s3a:). The files are read and
     * checked in one pass, when the valid rows are written; the rejected rows and the first row of each quarter come
     * from that pass ({@link LinePass}).
     */
    public ParsedRows parse(SparkSession spark, String dirUri, Map<String, Charset> charsetByFile) {
        JavaRDD<Row> lines = TextLines.lines(spark, dirUri, charsetByFile, RankingFileHeader.CP1252);
        LinePass pass = LinePass.register(spark, lines.getNumPartitions());
        JavaRDD<Row> checkedLines = lines.mapPartitions(rows -> pass.watch(checkLines(rows), ComplaintsRankingParser::rejected,
                row -> row.get(PERIOD_KEY), ComplaintsRankingParser::quarterRow));
        Dataset<Row> checked = spark.createDataFrame(checkedLines, CHECKED_SCHEMA);
        List<Column> valid = new ArrayList<>();
        for (StructField field : CURATED_SCHEMA.fields()) {
            valid.add(switch (field.name()) {
                case "source_file" -> col("file").as("source_file");
                case "source_line" -> col("line_number").as("source_line");
                default -> col(field.name());
            });
        }
        return ParsedRows.ofPass(checked, pass, rows -> rows.select(valid.toArray(Column[]::new)),
                rejected -> Quarantine.of(rejected, SOURCE, col("reason"), col("line")));
    }

    /** A checked row's quarantine row (source, file, line, reason, raw), or {@code null} when it is valid. */
    private static Row rejected(Row checked) {
        String reason = checked.getString(REASON);
        return reason.isEmpty() ? null
                : RowFactory.create(SOURCE, checked.getString(FILE), checked.getLong(FILE + 1), reason, checked.getString(FILE + 2));
    }

    /** A valid checked row as (file, line, year, quarter): the first row of its quarter, if no row before it is. */
    private static Row quarterRow(Row checked) {
        return RowFactory.create(checked.getString(FILE), checked.getLong(FILE + 1), checked.getInt(YEAR), checked.getInt(YEAR + 1));
    }

    /** Rows (file, line_number, line) → checked rows ({@link #CHECKED_SCHEMA}), the header and blank lines left out. */
    private static Iterator<Row> checkLines(Iterator<Row> lines) {
        return DataLines.map(lines, ComplaintsRankingParser::checkLine);
    }

    private static Row checkLine(Row row) {
        String line = row.getString(2);
        RankingLine parsed = RankingLine.parse(line);
        Object[] values = new Object[CHECKED_SCHEMA.size()];
        if (parsed.isValid()) {
            int i = 0;
            values[i++] = parsed.periodKey();
            values[i++] = parsed.year();
            values[i++] = parsed.quarter();
            values[i++] = parsed.category();
            values[i++] = parsed.rankingType();
            values[i++] = parsed.cnpj8();
            values[i++] = parsed.institutionName();
            values[i++] = parsed.complaintIndex();
            for (Long count : parsed.counts()) {
                values[i++] = count;
            }
        }
        int i = CURATED_SCHEMA.size() - 2;
        values[i++] = row.getString(0);
        values[i++] = row.getLong(1);
        values[i++] = line;
        values[i] = parsed.reason();
        return RowFactory.create(values);
    }

    private static StructType checkedSchema() {
        StructType schema = new StructType();
        StructField[] curated = CURATED_SCHEMA.fields();
        for (int i = 0; i < curated.length - 2; i++) {
            schema = schema.add(curated[i].name(), curated[i].dataType(), true);
        }
        return schema.add("file", DataTypes.StringType, false).add("line_number", DataTypes.LongType, false)
                .add("line", DataTypes.StringType, false).add("reason", DataTypes.StringType, false);
    }

    /**
     * Throws {@link BadInputException} naming the file and line of the first row (by file and line) whose quarter
     * comes after {@code current}: the BCB cannot have published it, so the Ano or Trimestre column is wrong. Taken
     * from the first row of each quarter the pass over the files reported, once the valid rows were written; when the
     * pass did not report from every partition, from a query over the valid rows.
     */
    public static void requireNoQuarterAfter(ParsedRows parsed, Quarter current) {
        Optional<LinePass.Reports> reports = parsed.reports();
        if (reports.isEmpty()) {
            requireNoQuarterAfter(parsed.valid(), current);
            return;
        }
        reports.get().firsts().entrySet().stream().filter(e -> (Integer) e.getKey() > current.periodKey())
                .map(Map.Entry::getValue)
                .min(LinePass.BY_FILE_AND_LINE)
                .ifPresent(row -> {
                    throw quarterAfter(row, current);
                });
    }

    /** As {@link #requireNoQuarterAfter(ParsedRows, Quarter)}, by a query over the valid rows. */
    public static void requireNoQuarterAfter(Dataset<Row> valid, Quarter current) {
        List<Row> first = valid.where(col("period_key").gt(current.periodKey()))
                .select(col("source_file"), col("source_line"), col("year"), col("quarter"))
                .orderBy(col("source_file"), col("source_line")).limit(1).collectAsList();
        if (!first.isEmpty()) {
            throw quarterAfter(first.get(0), current);
        }
    }

    /** {@code row}: file, line, year, quarter. */
    private static BadInputException quarterAfter(Row row, Quarter current) {
        return new BadInputException(row.getString(0) + ":" + row.getLong(1) + ": quarter " + row.getInt(2) + "Q"
                + row.getInt(3) + " (Ano " + row.getInt(2) + ", Trimestre " + row.getInt(3) + "º) is after the current"
                + " quarter " + current + "; the BCB cannot have published it. Correct the Ano/Trimestre columns or"
                + " remove the file from the --complaints folder");
    }
}
