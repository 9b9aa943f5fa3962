package org.bankdata.cli;

import java.util.concurrent.Callable;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartReport;
import org.bankdata.query.LakeQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bankdata report}: the three answers over the published tables. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the three answers (top complaints, top free services, services vs complaints with"
                + " Spearman's rho) from the published tables.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    QuarterRangeOptions quarters;

    @Mixin
    FormatOption output;

    @Option(names = "--keys", description = "Show the institution keys in the table format too (CSV and JSON always"
            + " have them).")
    boolean keys;

    @Override
    public Integer call() {
        QuarterRange range = quarters.range();
        try (LakeQueryEngine engine = lake.query(range)) {
            ReportPrinter.print(ChartReport.of(engine, range), Coverage.describe(engine, range), output.format, keys,
                    spec.commandLine().getOut());
        }
        return 0;
    }
}
