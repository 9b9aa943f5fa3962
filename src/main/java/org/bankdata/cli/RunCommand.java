package org.bankdata.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.BankdataHome;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeLock;
import org.bankdata.pipeline.PipelineRunner;
import org.bankdata.pipeline.Preflight;
import org.bankdata.pipeline.Progress;
import org.bankdata.pipeline.RunContext;
import org.bankdata.pipeline.RunIds;
import org.bankdata.pipeline.RunSummary;
import org.bankdata.query.ChartReport;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bankdata run}: the whole pipeline, then the three answers from what it published. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: land the inputs under raw/, build the star schema with Spark, check it,"
                + " publish it atomically, and print the three answers. Defaults use the bundled BCB data.")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--complaints", paramLabel = "DIR",
            description = "Folder of BCB complaints-ranking *.csv files (default: bundled data/bcb/complaints).")
    Path complaints;

    @Option(names = "--banks", paramLabel = "FILE",
            description = "BCB bank list TSV (default: bundled data/bcb/banks/EnquadramentoInicia_v2.tsv).")
    Path banks;

    @Mixin
    FeesApiOptions feesApi;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "${env:BANKDATA_SPARK_MASTER:-local[*]}",
            description = "Spark master (default: ${DEFAULT-VALUE}), e.g. spark://host:7077.")
    String master;

    @Option(names = "--quiet", description = "No progress on stderr and no report on stdout (for scripts).")
    boolean quiet;

    @Mixin
    FormatOption output;

    @Mixin
    LakeOption lake;

    @Override
    public Integer call() {
        BankdataHome home = BankdataHome.detect();
        if ((complaints == null || banks == null) && !home.hasBundledData()) {
            throw new UsageException("the bundled data is not at " + home.root() + "/data/bcb; pass --complaints and --banks");
        }
        RunConfig config = new RunConfig(
                complaints != null ? complaints : home.bundledComplaints(),
                banks != null ? banks : home.bundledBankList(),
                feesApi.toConfig(),
                home.bundledFeeResponses(),
                lake.lake,
                master);
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        Preflight.check(config);
        LakeQueryEngine.warmUpInBackground();
        LakeLayout layout = new LakeLayout(config.lake());
        String runId = RunIds.next();
        RunSummary summary;
        try (LakeLock lock = LakeLock.acquire(layout)) {
            progress.message("bankdata run " + runId + " → lake " + layout.root());
            long t0 = System.nanoTime();
            boolean ownSession = SparkSession.getDefaultSession().isEmpty();
            SparkSession spark = SparkSessions.create(config.sparkMaster());
            progress.message(String.format(Locale.ROOT, "  %-20s %-9s %6.2f s", "spark_session", "started",
                    (System.nanoTime() - t0) / 1e9));
            try {
                summary = new PipelineRunner(progress).run(new RunContext(config, spark, runId, progress), parameters(config));
            } finally {
                if (ownSession) {
                    spark.stop();
                }
            }
        }
        summary.warnings().forEach(w -> progress.message("warning: " + w));
        progress.message(String.format(Locale.ROOT, "run %s succeeded in %.1f s; published %s", runId, summary.seconds(),
                layout.snapshotFile()));
        if (!quiet) {
            try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.ALL)) {
                ReportPrinter.print(ChartReport.of(engine, QuarterRange.ALL), Coverage.describe(engine, QuarterRange.ALL),
                        output.format, spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private static Map<String, String> parameters(RunConfig config) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("complaints", config.complaintsDir().toString());
        p.put("banks", config.bankList().toString());
        p.put("api_url", config.usesReplay() ? "replay:" + config.replayResponses() : config.apiUrl().toString());
        p.put("api_page_size", Integer.toString(config.apiPageSize()));
        p.put("api_concurrency", Integer.toString(config.feesApi().concurrency()));
        p.put("api_rate", Double.toString(config.feesApi().http().requestsPerSecond()));
        p.put("person_type", config.feesApi().personTypes().toString());
        p.put("refresh", config.feesApi().refresh().toString());
        p.put("master", config.sparkMaster());
        return p;
    }
}
