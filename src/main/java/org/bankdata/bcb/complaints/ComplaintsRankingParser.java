package org.bankdata.bcb.complaints;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;
import static org.bankdata.source.SparkParsing.blankToNull;
import static org.bankdata.source.SparkParsing.brazilianDecimal;
import static org.bankdata.source.SparkParsing.brazilianInteger;
import static org.bankdata.source.SparkParsing.cnpj8;
import static org.bankdata.source.SparkParsing.countProblem;
import static org.bankdata.source.SparkParsing.decimalProblem;
import static org.bankdata.source.SparkParsing.invalidWhenPresent;
import static org.bankdata.source.SparkParsing.isCnpjRoot;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.config.Quarter;
import org.bankdata.errors.BadInputException;
import org.bankdata.catalog.CuratedTables;
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

    /** Count columns: curated name and position in the file (0-based). */
    private static final Map<String, Integer> COUNTS = new LinkedHashMap<>();

    static {
        for (int i = 0; i < CuratedTables.COUNTS.size(); i++) {
            COUNTS.put(CuratedTables.COUNTS.get(i).name(), FIRST_COUNT_FIELD + i);
        }
    }

    private static final StructType FIELDS = fields(RankingFileHeader.COLUMNS.size() + 2);

    /**
     * Parses the files of {@code dir} (landed copies already checked by {@link RankingFileHeader#inspect}),
     * each decoded with its charset.
     */
    public ParsedRows parse(SparkSession spark, Path dir, Map<String, Charset> charsetByFile) {
        return parse(spark, dir.toUri().toString(), charsetByFile);
    }

    /** As {@link #parse(SparkSession, Path, Map)} for the folder at {@code dirUri} (file: or s3a:). */
    public ParsedRows parse(SparkSession spark, String dirUri, Map<String, Charset> charsetByFile) {
        Dataset<Row> lines = TextLines.read(spark, dirUri, charsetByFile, RankingFileHeader.CP1252);
        return parseLines(lines.where(col("line_number").gt(1).and(col("line").rlike("\\S"))));
    }

    /** Parses data lines (columns file, line_number, line). */
    ParsedRows parseLines(Dataset<Row> lines) {
        Dataset<Row> split = lines
                .withColumn("f", from_csv(col("line"), lit(FIELDS.toDDL()), Map.of("sep", ";")))
                .withColumn("field_count", size(split(regexp_replace(col("line"), "\"[^\"]*\"", ""), ";")));
        Column trailingEmpty = f(14).isNull().or(blankToNull(f(14)).isNull());
        Column fieldCountOk = col("field_count").equalTo(14).or(col("field_count").equalTo(15).and(trailingEmpty));
        Column yearText = blankToNull(f(0));
        Column quarterText = blankToNull(f(1));
        Column quarter = regexp_extract(quarterText, "^([1-4])\\s*[º°ª]?$", 1);

        List<Column> problems = new ArrayList<>();
        problems.add(when(fieldCountOk.unary_$bang(), concat_ws("", lit("expected 14 fields (15 with a trailing ';'), found "),
                col("field_count").cast("string"))));
        problems.add(when(yearText.isNull().or(yearText.rlike("^[0-9]{4}$").unary_$bang()),
                concat_ws("", lit("Ano '"), f(0), lit("' is not a year"))));
        problems.add(when(quarterText.isNull().or(quarter.equalTo("")),
                concat_ws("", lit("Trimestre '"), f(1), lit("' is not 1º..4º"))));
        problems.add(when(blankToNull(f(2)).isNull(), lit("Categoria is empty")));
        problems.add(when(blankToNull(f(5)).isNull(), lit("Instituição financeira is empty")));
        problems.add(when(invalidWhenPresent(f(4), isCnpjRoot(f(4))),
                concat_ws("", lit("CNPJ IF '"), f(4), lit("' is not a CNPJ root of up to 8 digits"))));
        problems.add(decimalProblem(f(6), "Índice", 12, 2));
        for (Map.Entry<String, Integer> count : COUNTS.entrySet()) {
            problems.add(countProblem(f(count.getValue()), RankingFileHeader.COLUMNS.get(count.getValue()),
                    CuratedTables.MAX_COUNT, "the most a ranking count can be (docs/DATA.md, Bounds on counts)"));
        }
        problems.add(when(blankToNull(f(10)).isNull(), lit("Quantidade total de reclamações is empty")));
        Column reason = concat_ws("; ", problems.toArray(Column[]::new));

        List<Column> out = new ArrayList<>();
        Column year = yearText.cast("int");
        Column q = quarter.cast("int");
        out.add(year.multiply(10).plus(q).as("period_key"));
        out.add(year.as("year"));
        out.add(q.as("quarter"));
        out.add(blankToNull(f(2)).as("category"));
        out.add(blankToNull(f(3)).as("ranking_type"));
        out.add(cnpj8(f(4)).as("cnpj8"));
        out.add(blankToNull(f(5)).as("institution_name"));
        out.add(brazilianDecimal(f(6), 12, 2).as("complaint_index"));
        COUNTS.forEach((name, index) -> out.add(brazilianInteger(f(index)).as(name)));
        out.add(col("file").as("source_file"));
        out.add(col("line_number").as("source_line"));
        return ParsedRows.split(split.withColumn("reason", reason), valid -> valid.select(out.toArray(Column[]::new)),
                rejected -> Quarantine.of(rejected, SOURCE, col("reason"), col("line")));
    }

    /**
     * Throws {@link BadInputException} naming the file and line of the first row (by file and line) whose quarter
     * comes after {@code current}: the BCB cannot have published it, so the Ano or Trimestre column is wrong.
     */
    public static void requireNoQuarterAfter(Dataset<Row> valid, Quarter current) {
        List<Row> first = valid.where(col("period_key").gt(current.periodKey()))
                .select(col("source_file"), col("source_line"), col("year"), col("quarter"))
                .orderBy(col("source_file"), col("source_line")).limit(1).collectAsList();
        if (!first.isEmpty()) {
            Row row = first.get(0);
            throw new BadInputException(row.getString(0) + ":" + row.getLong(1) + ": quarter " + row.getInt(2) + "Q"
                    + row.getInt(3) + " (Ano " + row.getInt(2) + ", Trimestre " + row.getInt(3) + "º) is after the current"
                    + " quarter " + current + "; the BCB cannot have published it. Correct the Ano/Trimestre columns or"
                    + " remove the file from the --complaints folder");
        }
    }

    private static Column f(int index) {
        return col("f.c" + index);
    }

    private static StructType fields(int n) {
        StructType schema = new StructType();
        for (int i = 0; i < n; i++) {
            schema = schema.add("c" + i, DataTypes.StringType, true);
        }
        return schema;
    }
}
