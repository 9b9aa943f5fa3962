package org.bankdata.quality;

import java.util.ArrayList;
import java.util.List;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.QueryResult;

/**
 * Evaluates checks with DuckDB over the Parquet files a run wrote, before they are published: the
 * checks see exactly what readers will read, through the engine readers use. All checks run as one
 * query (a UNION ALL of per-check counts).
 */
public final class CheckRunner {
    private CheckRunner() {
    }

    public static List<CheckResult> run(LakeQueryEngine engine, List<Check> checks) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < checks.size(); i++) {
            if (i > 0) {
                sql.append("\nUNION ALL\n");
            }
            sql.append("SELECT ").append(i).append(" AS idx, COUNT(*) AS violations, MIN(detail) AS example FROM (")
                    .append(checks.get(i).violations()).append(") v").append(i);
        }
        sql.append("\nORDER BY idx");
        List<CheckResult> results = new ArrayList<>();
        QueryResult answer = engine.query(sql.toString());
        for (List<Object> row : answer.rows()) {
            Check check = checks.get(((Number) row.get(0)).intValue());
            results.add(new CheckResult(check, ((Number) row.get(1)).longValue(), row.get(2) == null ? null : row.get(2).toString()));
        }
        return results;
    }
}
