package org.bankdata.star;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.star.ConglomerateConformance.BankListEntry;

/**
 * dim_institution: one row per institution of the complaints ranking. A row with a CNPJ is a legal entity
 * ({@code bank}); a row without one is a {@code conglomerate}. The name is the one used in the latest quarter the
 * institution appears in. A bank's segment and bank-list name come from the bank list by CNPJ; a conglomerate's
 * segment, leader, main bank and bank-list name from its match in conform_conglomerates. dim_institution_name keeps
 * every quarter's name.
 */
public final class InstitutionDimension {
    private InstitutionDimension() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints, Dataset<Row> bankList, Dataset<Row> conformConglomerates) {
        Dataset<Row> latestName = curatedComplaints
                .withColumn("natural_key", StarKeys.institutionNaturalKey(col("cnpj8"), col("institution_name")))
                .groupBy("natural_key")
                .agg(max(struct(col("period_key"), col("source_line").multiply(-1), col("institution_name"), col("cnpj8"))).as("latest"));
        Dataset<Row> segments = bankList.groupBy(col("cnpj8").as("segment_cnpj8")).agg(min("segment").as("bank_segment"));
        Dataset<Row> conformed = conformConglomerates.select(col("institution_key").as("conformed_key"),
                col("segment").as("conglomerate_segment"), col("leader_cnpj8"), col("fee_cnpj8").as("conglomerate_fee_cnpj8"),
                col("bank_list_name").as("conglomerate_bank_list_name"),
                col("bank_list_name_original").as("conglomerate_bank_list_name_original"));
        Column key = StarKeys.institutionKey(col("latest.cnpj8"), col("latest.institution_name"));
        Column isBank = col("latest.cnpj8").isNotNull();
        return latestName
                .join(segments, col("latest.cnpj8").equalTo(col("segment_cnpj8")), "left")
                .join(bankNames(curatedComplaints, bankList), col("latest.cnpj8").equalTo(col("named_cnpj8")), "left")
                .join(conformed, key.equalTo(col("conformed_key")).and(col("latest.cnpj8").isNull()), "left")
                .select(
                        key.as("institution_key"),
                        col("latest.cnpj8").as("cnpj8"),
                        col("latest.institution_name").as("name"),
                        when(isBank, lit("bank")).otherwise(lit("conglomerate")).as("institution_type"),
                        coalesce(col("bank_segment"), col("conglomerate_segment")).as("segment"),
                        col("leader_cnpj8"),
                        when(isBank, col("latest.cnpj8")).otherwise(col("conglomerate_fee_cnpj8")).as("fee_cnpj8"),
                        coalesce(col("bank_name"), col("conglomerate_bank_list_name")).as("bank_list_name"),
                        coalesce(col("bank_name_original"), col("conglomerate_bank_list_name_original")).as("bank_list_name_original"));
    }

    /** dim_institution_name: each institution's name in each quarter it is ranked in. */
    public static Dataset<Row> names(Dataset<Row> curatedComplaints) {
        return curatedComplaints.select(
                        StarKeys.institutionKey(col("cnpj8"), col("institution_name")).as("institution_key"),
                        col("period_key"),
                        col("institution_name").as("name"))
                .distinct();
    }

    /**
     * The bank list's name of each ranked CNPJ (its own row; see {@link ConglomerateConformance#bankName}), repaired
     * from the CNPJ's names in the ranking where one spells it exactly. Both lists are small: they are matched on the
     * driver with the same rules as the conglomerates.
     */
    static Dataset<Row> bankNames(Dataset<Row> curatedComplaints, Dataset<Row> bankList) {
        Map<String, List<String>> spellings = new TreeMap<>();
        for (Row r : curatedComplaints.where(col("cnpj8").isNotNull()).select("cnpj8", "institution_name").distinct()
                .orderBy("cnpj8", "institution_name").collectAsList()) {
            spellings.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
        }
        Map<String, List<BankListEntry>> rowsByCnpj = new LinkedHashMap<>();
        for (Row r : bankList.where(col("cnpj8").isin(spellings.keySet().toArray())).select("segment", "cnpj8", "name")
                .orderBy("source_file", "source_line").collectAsList()) {
            rowsByCnpj.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new BankListEntry(r.getString(0), r.getString(1),
                    r.getString(2)));
        }
        List<Row> rows = new ArrayList<>();
        rowsByCnpj.forEach((cnpj, entries) -> ConglomerateConformance.bankName(entries, spellings.get(cnpj))
                .ifPresent(n -> rows.add(RowFactory.create(cnpj, n[0], n[1]))));
        StructType schema = new StructType()
                .add("named_cnpj8", DataTypes.StringType, false)
                .add("bank_name", DataTypes.StringType, false)
                .add("bank_name_original", DataTypes.StringType, false);
        return curatedComplaints.sparkSession().createDataFrame(rows, schema);
    }
}
