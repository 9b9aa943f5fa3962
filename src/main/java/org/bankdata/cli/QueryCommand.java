package org.bankdata.cli;

import java.util.concurrent.Callable;
import org.bankdata.query.LakeQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code bankdata query "SELECT ..."}: SQL over the published tables with embedded DuckDB. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run SQL over the published tables (DuckDB). Tables: dim_*, fact_*, chart_*, curated_*, quarantine."
                + " With --from/--to the chart_* views cover only those quarters.")
public final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    QuarterRangeOptions quarters;

    @Mixin
    FormatOption output;

    @Mixin
    AsOfOption asOf;

    @Mixin
    HistoryOption history;

    @Parameters(paramLabel = "SQL", description = "The query, e.g. \"SELECT * FROM chart_top_complaints\".")
    String sql;

    @Override
    public Integer call() {
        try (LakeQueryEngine engine = lake.query(quarters.range(), asOf.runId, history.given())) {
            ResultPrinter.print(engine.query(sql), output.format, spec.commandLine().getOut());
        }
        return 0;
    }
}
