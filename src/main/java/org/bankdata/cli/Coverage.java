package org.bankdata.cli;

import org.bankdata.config.QuarterRange;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.QueryResult;

/** Describes which loaded quarters a report covers, e.g. "2020Q1–2021Q4 (8 quarters)". */
final class Coverage {
    private Coverage() {
    }

    static String describe(LakeQueryEngine engine, QuarterRange range) {
        QueryResult r = engine.query("SELECT min(label), max(label), count(*) FROM dim_period WHERE period_key BETWEEN "
                + range.fromKey() + " AND " + range.toKey());
        Object first = r.rows().get(0).get(0);
        if (first == null) {
            return "no loaded quarter in " + range;
        }
        return first + "–" + r.rows().get(0).get(1) + " (" + r.rows().get(0).get(2) + " quarters)";
    }
}
