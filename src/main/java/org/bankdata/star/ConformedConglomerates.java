package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.bcb.banks.ConglomerateAlias;
import org.bankdata.star.ConglomerateConformance.BankListEntry;
import org.bankdata.star.ConglomerateConformance.Conformed;
import org.bankdata.star.ConglomerateConformance.Ranked;

/**
 * conform_conglomerates: the ranking's conglomerates (from curated_complaints) conformed to the bank list
 * (curated_bank_list) by {@link ConglomerateConformance}. Both lists are a few hundred rows: they are collected and
 * matched on the driver, and the result is one small table.
 *
 * @param table     the rows of conform_conglomerates
 * @param conformed every conglomerate and its match, in the table's order
 */
public record ConformedConglomerates(Dataset<Row> table, List<Conformed> conformed) {

    public static ConformedConglomerates build(Dataset<Row> curatedComplaints, Dataset<Row> bankList,
            List<ConglomerateAlias> aliases, String aliasFile) {
        List<BankListEntry> entries = bankList.orderBy("source_file", "source_line").select("segment", "cnpj8", "name")
                .collectAsList().stream().map(r -> new BankListEntry(r.getString(0), r.getString(1), r.getString(2))).toList();
        List<Conformed> conformed = ConglomerateConformance.conform(ranked(curatedComplaints), entries, aliases, aliasFile);
        return new ConformedConglomerates(asTable(curatedComplaints, conformed), conformed);
    }

    /** The ranking's conglomerates: latest name, quarters seen, first and last quarter. */
    static List<Ranked> ranked(Dataset<Row> complaints) {
        return complaints.where(col("cnpj8").isNull())
                .withColumn("natural_key", StarKeys.institutionNaturalKey(col("cnpj8"), col("institution_name")))
                .groupBy("natural_key")
                .agg(max(struct(col("period_key"), col("source_line").multiply(-1), col("institution_name"))).as("latest"),
                        countDistinct("period_key").as("quarters"), min("period_key").as("first"), max("period_key").as("last"))
                .orderBy("natural_key")
                .select(col("latest.institution_name"), col("quarters"), col("first"), col("last"))
                .collectAsList().stream()
                .map(r -> new Ranked(r.getString(0), (int) r.getLong(1), r.getInt(2), r.getInt(3))).toList();
    }

    private static Dataset<Row> asTable(Dataset<Row> complaints, List<Conformed> conformed) {
        StructType schema = new StructType()
                .add("conglomerate_name", DataTypes.StringType, false)
                .add("quarters_seen", DataTypes.IntegerType, false)
                .add("first_period_key", DataTypes.IntegerType, false)
                .add("last_period_key", DataTypes.IntegerType, false)
                .add("matched_by", DataTypes.StringType)
                .add("bank_list_name", DataTypes.StringType)
                .add("bank_list_name_original", DataTypes.StringType)
                .add("segment", DataTypes.StringType)
                .add("leader_cnpj8", DataTypes.StringType)
                .add("fee_cnpj8", DataTypes.StringType)
                .add("fee_cnpj8_source", DataTypes.StringType)
                .add("unmatched_reason", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (Conformed c : conformed) {
            rows.add(RowFactory.create(c.ranked().name(), c.ranked().quarters(), c.ranked().first(), c.ranked().last(),
                    c.matchedBy(), c.bankListName(), c.bankListNameOriginal(), c.segment(), c.leaderCnpj8(), c.feeCnpj8(),
                    c.feeSource(), c.unmatchedReason()));
        }
        Dataset<Row> table = complaints.sparkSession().createDataFrame(rows, schema).coalesce(1);
        return table.select(StarKeys.institutionKey(lit(null).cast("string"), col("conglomerate_name")).as("institution_key"),
                col("*"));
    }
}
