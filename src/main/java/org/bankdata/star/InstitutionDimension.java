package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * dim_institution: one row per institution of the complaints ranking. A row with a CNPJ is a legal
 * entity ({@code bank}); a row without one is a {@code conglomerate}. The name is the one used in the
 * latest quarter the institution appears in; the segment (S1..S5) comes from the bank list by CNPJ.
 */
public final class InstitutionDimension {
    private InstitutionDimension() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints, Dataset<Row> bankList) {
        Dataset<Row> latestName = curatedComplaints
                .withColumn("natural_key", StarKeys.institutionNaturalKey(col("cnpj8"), col("institution_name")))
                .groupBy("natural_key")
                .agg(max(struct(col("period_key"), col("source_line").multiply(-1), col("institution_name"), col("cnpj8"))).as("latest"));
        Dataset<Row> segments = bankList.groupBy(col("cnpj8").as("segment_cnpj8")).agg(min("segment").as("segment"));
        return latestName
                .join(segments, col("latest.cnpj8").equalTo(col("segment_cnpj8")), "left")
                .select(
                        StarKeys.institutionKey(col("latest.cnpj8"), col("latest.institution_name")).as("institution_key"),
                        col("latest.cnpj8").as("cnpj8"),
                        col("latest.institution_name").as("name"),
                        when(col("latest.cnpj8").isNotNull(), lit("bank")).otherwise(lit("conglomerate")).as("institution_type"),
                        col("segment"));
    }
}
