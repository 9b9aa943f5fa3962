package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * dim_service: one row per service code of the fees API. When institutions describe one code with
 * different names, the name of the most recent fee schedule wins (then the greatest name, so the
 * choice is deterministic).
 */
public final class ServiceDimension {
    private ServiceDimension() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedFees) {
        return curatedFees.groupBy("service_code")
                .agg(max(struct(col("valid_from"), col("service_name"))).as("latest"))
                .select(StarKeys.serviceKey(col("service_code")).as("service_key"), col("service_code"),
                        col("latest.service_name").as("service_name"));
    }
}
