package org.bankdata.star;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * fact_service_fee: one row per institution, service, person type and valid-from date. A ranked bank's rows are its own
 * published schedule; a conglomerate matched to the bank list gets a copy of its main bank's schedule under its own key
 * ({@code fee_cnpj8} says whose schedule a row is). A schedule fetched only as a conglomerate's main bank (the bank is
 * not ranked itself, e.g. 60701190 for ITAU) appears only under the conglomerate. A record the service repeats
 * identically (e.g. across a page boundary) is kept once; two different records for the same key are left for the
 * check step to report.
 */
public final class ServiceFeeFact {
    private ServiceFeeFact() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedFees, Dataset<Row> curatedComplaints, Dataset<Row> conformConglomerates) {
        Dataset<Row> rankedBanks = curatedComplaints.where(col("cnpj8").isNotNull()).select(col("cnpj8").as("ranked_cnpj8")).distinct();
        Dataset<Row> ownSchedules = curatedFees
                .join(rankedBanks, col("cnpj8").equalTo(col("ranked_cnpj8")), "left_semi")
                .select(columns(StarKeys.institutionKeyOfCnpj(col("cnpj8"))));
        Dataset<Row> mainBanks = conformConglomerates.where(col("fee_cnpj8").isNotNull())
                .select(col("institution_key").as("conglomerate_key"), col("fee_cnpj8").as("main_cnpj8"));
        Dataset<Row> conglomerateSchedules = curatedFees
                .join(mainBanks, col("cnpj8").equalTo(col("main_cnpj8")))
                .select(columns(col("conglomerate_key")));
        return ownSchedules.unionByName(conglomerateSchedules).dropDuplicates();
    }

    private static Column[] columns(Column institutionKey) {
        return new Column[] {
            institutionKey.as("institution_key"),
            StarKeys.serviceKey(col("service_code")).as("service_key"),
            col("person_type"),
            col("valid_from"),
            col("max_fee"),
            col("fee_type"),
            col("periodicity"),
            col("unit"),
            col("cnpj8").as("fee_cnpj8")};
    }
}
