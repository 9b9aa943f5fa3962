package org.bankdata.quality;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates checks with Spark SQL over tables registered as temporary views. All checks run as one
 * query (a UNION ALL of per-check counts), so a dozen rules cost one Spark job, not a dozen.
 */
public final class CheckRunner {
    private CheckRunner() {
    }

    public static List<CheckResult> run(SparkSession spark, List<Check> checks) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < checks.size(); i++) {
            if (i > 0) {
                sql.append("\nUNION ALL\n");
            }
            sql.append("SELECT ").append(i).append(" AS idx, COUNT(*) AS violations, MIN(detail) AS example FROM (")
                    .append(checks.get(i).violations()).append(") v").append(i);
        }
        List<CheckResult> results = new ArrayList<>();
        for (Row row : spark.sql(sql.toString()).orderBy("idx").collectAsList()) {
            Check check = checks.get(row.getInt(0));
            results.add(new CheckResult(check, row.getLong(1), row.isNullAt(2) ? null : row.getString(2)));
        }
        return results;
    }
}
