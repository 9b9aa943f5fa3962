package org.bankdata.bcb.fees;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.initcap;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.bankdata.source.SparkParsing.blankToNull;

import java.nio.file.Path;
import org.bankdata.config.LakeLocation;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.source.ParsedRows;
import org.bankdata.source.Quarantine;

/**
 * Turns landed Olinda fee pages into typed fee rows with their lineage (the load id of the run that fetched the
 * page, fetch time, URL).
 * {@code ValorMaximo} is read as text and parsed exactly to decimal; {@code DataVigencia} must be an ISO
 * date; {@code TipoValor} must be Real or Percentual in any case (a case-sensitive comparison is how the
 * replaced system lost every fee value).
 */
public final class FeePagesParser {
    private static final StructType RECORD = new StructType()
            .add("CodigoServico", DataTypes.StringType)
            .add("Servico", DataTypes.StringType)
            .add("Unidade", DataTypes.StringType)
            .add("DataVigencia", DataTypes.StringType)
            .add("ValorMaximo", DataTypes.StringType)
            .add("TipoValor", DataTypes.StringType)
            .add("Periodicidade", DataTypes.StringType);
    private static final StructType PAGE = new StructType().add("value", DataTypes.createArrayType(RECORD));
    private static final StructType PAGE_META = new StructType()
            .add("page_file", DataTypes.StringType, false)
            .add("person_type", DataTypes.StringType, false)
            .add("cnpj8", DataTypes.StringType, false)
            .add("source_url", DataTypes.StringType, false)
            .add("fetched_at", DataTypes.TimestampType, false)
            .add("load_id", DataTypes.StringType, false);

    /** Curated columns, in order: the declaration of curated_service_fees. */
    public static final StructType CURATED_SCHEMA = CuratedTables.CURATED_SERVICE_FEES.sparkSchema();

    /**
     * Parses the given landed pages (each file named by its {@code storedAs}, resolved against {@code lakeRoot}),
     * joined to their fetch metadata: the run that fetched each page (load id), when, and from which URL.
     */
    public ParsedRows parse(SparkSession spark, List<FeePage> pages, LakeLocation lakeRoot) {
        List<FeePage> withRecords = pages.stream().filter(p -> p.records() > 0).toList();
        if (withRecords.isEmpty()) {
            return ParsedRows.empty(spark.createDataFrame(List.of(), CURATED_SCHEMA),
                    spark.createDataFrame(List.of(), Quarantine.SCHEMA));
        }
        List<Row> meta = withRecords.stream().map(p -> RowFactory.create(Path.of(p.storedAs()).getFileName().toString(),
                p.personType().name(), p.cnpj8(), p.url(), Timestamp.from(p.fetchedAt()), p.loadId())).toList();
        String[] files = withRecords.stream().map(p -> lakeRoot.resolve(p.storedAs()).uri()).toArray(String[]::new);
        Dataset<Row> records = spark.read().schema(PAGE).option("multiLine", "true").option("mode", "FAILFAST")
                .json(files)
                // the page's file name once per page (the text after the path's last '/'), then its records: in one
                // select, Spark would work it out again for every record
                .select(substring_index(input_file_name(), "/", -1).as("page_file"), col("value"))
                .select(col("page_file"), posexplode(col("value")).as(new String[] {"record_index", "r"}))
                .join(spark.createDataFrame(meta, PAGE_META).withColumnRenamed("page_file", "meta_page_file"),
                        col("page_file").equalTo(col("meta_page_file")), "left")
                .drop("meta_page_file");
        return parseRecords(records);
    }

    ParsedRows parseRecords(Dataset<Row> records) {
        Column code = blankToNull(col("r.CodigoServico"));
        Column validFrom = to_date(blankToNull(col("r.DataVigencia")), "yyyy-MM-dd");
        Column feeText = blankToNull(col("r.ValorMaximo"));
        Column numeric = feeText.rlike("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$");
        Column fee = when(numeric, feeText.cast("decimal(18,2)"));
        // decimal(18,2) would round 1.005 to 1.01 without a word: such a value is quarantined instead
        Column tooPrecise = numeric.and(feeText.cast("decimal(38,10)").notEqual(fee));
        Column feeType = lower(blankToNull(col("r.TipoValor")));
        Column reason = concat_ws("; ",
                when(col("source_url").isNull(), lit("page is not in the run's manifest")),
                when(code.isNull(), lit("CodigoServico is empty")),
                when(validFrom.isNull(), concat_ws("", lit("DataVigencia '"), col("r.DataVigencia"), lit("' is not a yyyy-MM-dd date"))),
                when(fee.isNull(), concat_ws("", lit("ValorMaximo '"), col("r.ValorMaximo"), lit("' is not a number"))),
                when(tooPrecise, concat_ws("", lit("ValorMaximo '"), col("r.ValorMaximo"), lit("' has more than 2 decimal places"))),
                when(fee.isNotNull().and(fee.lt(0)), lit("ValorMaximo is negative")),
                when(feeType.isNull().or(feeType.isin("real", "percentual").unary_$bang()),
                        concat_ws("", lit("TipoValor '"), col("r.TipoValor"), lit("' is not Real or Percentual"))));
        return ParsedRows.split(records.withColumn("reason", reason), valid -> valid.select(
                col("person_type"), col("cnpj8"), code.as("service_code"), blankToNull(col("r.Servico")).as("service_name"),
                blankToNull(col("r.Unidade")).as("unit"), validFrom.as("valid_from"), fee.as("max_fee"),
                initcap(feeType).as("fee_type"), blankToNull(col("r.Periodicidade")).as("periodicity"),
                col("load_id"), col("fetched_at"), col("source_url"), col("page_file"),
                col("record_index").cast("long").as("record_index")),
                rejected -> Quarantine.of(rejected.withColumnRenamed("page_file", "file")
                        .withColumn("line_number", col("record_index").plus(1).cast("long")),
                        FeesExtractor.SOURCE, col("reason"), to_json(col("r"))));
    }
}
