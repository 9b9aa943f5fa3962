package org.bankdata.star;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** fact_complaints: one row per institution and quarter, with the ranking's measures. */
public final class ComplaintsFact {
    private ComplaintsFact() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints) {
        return curatedComplaints.select(
                col("period_key"),
                StarKeys.institutionKey(col("cnpj8"), col("institution_name")).as("institution_key"),
                StarKeys.categoryKey(col("category")).as("category_key"),
                col("complaint_index"),
                col("regulated_upheld"),
                col("regulated_other"),
                col("unregulated"),
                col("total_complaints"),
                col("clients_total"),
                col("clients_ccs"),
                col("clients_scr"));
    }
}
