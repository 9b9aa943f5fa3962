package org.bankdata.star;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** dim_period: one row per quarter present in the complaints data; key {@code year * 10 + quarter}. */
public final class PeriodDimension {
    private PeriodDimension() {
    }

    public static Dataset<Row> build(Dataset<Row> curatedComplaints) {
        return curatedComplaints.select("period_key", "year", "quarter").distinct()
                .select(
                        col("period_key"),
                        col("year"),
                        col("quarter"),
                        make_date(col("year"), col("quarter").multiply(3).minus(2), lit(1)).as("first_day"),
                        last_day(make_date(col("year"), col("quarter").multiply(3), lit(1))).as("last_day"),
                        concat(col("year").cast("string"), lit("Q"), col("quarter").cast("string")).as("label"));
    }
}
