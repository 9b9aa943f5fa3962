package org.bankdata.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;
import org.bankdata.query.LakeQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bankdata report}: the answers over the published tables, or one institution's ({@code --institution}). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print the answers (top complaints, top free services, services vs complaints with Spearman's rho,"
                + " the complaints trend of the top institutions, the complaint-index ranking, one service's fee across"
                + " institutions) from the published tables.",
                "With --institution NAME, print one institution instead: its type, segment, complaints, complaint index"
                        + " and rank per quarter, and current fee schedule. NAME is searched accent- and case-insensitively"
                        + " (\"itau\" finds \"ITAÚ\"); when several institutions match, they are listed and the command"
                        + " exits 2: give more of the name (a name that is exactly one of them is taken)."})
public final class ReportCommand implements Callable<Integer> {
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

    @Option(names = "--keys", description = "Show the institution keys in the table format too (CSV and JSON always"
            + " have them).")
    boolean keys;

    @Option(names = "--institution", paramLabel = "NAME", description = "Report on the one institution whose name contains"
            + " NAME (accents and case ignored) or whose CNPJ root starts with it.")
    String institution;

    @Option(names = "--top", paramLabel = "N", description = "Institutions the complaints trend follows (default: 5).")
    String top;

    @Option(names = "--min-clients", paramLabel = "N", description = "Fewest clients an institution needs to be in the"
            + " complaint-index ranking (default: 4000000, the BCB's headline group; 0 ranks every institution the BCB"
            + " gives an index).")
    String minClients;

    @Option(names = "--service", paramLabel = "CODE", description = "The service whose fee is compared across institutions,"
            + " e.g. 0101 (default: the service the most institutions offer).")
    String service;

    @Override
    public Integer call() {
        QuarterRange range = quarters.range();
        try (LakeQueryEngine engine = lake.query(range, asOf.runId, history.given())) {
            if (institution != null) {
                InstitutionReport.print(engine, institution, output.format, spec.commandLine().getOut(),
                        spec.commandLine().getErr());
                return 0;
            }
            Map<ChartQuery, String> parameters = new EnumMap<>(ChartQuery.class);
            putIfGiven(parameters, ChartQuery.COMPLAINTS_TREND, top);
            putIfGiven(parameters, ChartQuery.COMPLAINT_INDEX, minClients);
            putIfGiven(parameters, ChartQuery.SERVICE_FEE, service);
            ReportPrinter.print(ChartReport.of(engine, range, parameters), Coverage.describe(engine, range), output.format, keys,
                    spec.commandLine().getOut());
        }
        return 0;
    }

    private static void putIfGiven(Map<ChartQuery, String> parameters, ChartQuery chart, String value) {
        if (value != null) {
            parameters.put(chart, value);
        }
    }
}
