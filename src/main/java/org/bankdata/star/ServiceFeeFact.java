package org.bankdata.star;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * fact_service_fee: one row per institution, service, person type and valid-from date. A record the
 * service repeats identically (e.g. across a page boundary) is kept once; two different records for the
 * same key are left for the check step to report.
 */
public final class ServiceFeeFact {
    private ServiceFeeFact() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedFees) {
        return curatedFees.select(
                        StarKeys.institutionKeyOfCnpj(col("cnpj8")).as("institution_key"),
                        StarKeys.serviceKey(col("service_code")).as("service_key"),
                        col("person_type"),
                        col("valid_from"),
                        col("max_fee"),
                        col("fee_type"),
                        col("periodicity"),
                        col("unit"))
                .dropDuplicates();
    }
}
