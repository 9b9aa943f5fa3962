package org.bankdata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.PersonType;
import org.bankdata.config.BankdataHome;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.LakeException;
import org.bankdata.generate.GenerateSpec;
import org.bankdata.generate.GeneratedData;
import org.bankdata.generate.SyntheticDataGenerator;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.reference.ChartAnswers;
import org.bankdata.reference.ReferenceOutput;

/**
 * Runs the pipeline ({@code bankdata run}) and the DuckDB reference ({@code bankdata reference}) as child
 * processes through the launcher, side by side on the same generated inputs at each scale, and checks
 * that both give the same chart answers (a difference fails the bench). Fees are served to the pipeline
 * by a replay of the generated recordings on 127.0.0.1; the reference reads the same recordings.
 */
public final class ScaleBench {
    private final BankdataHome home;
    private final PrintWriter progress;
    private final ObjectMapper json = new ObjectMapper();

    public ScaleBench(BankdataHome home, PrintWriter progress) {
        this.home = home;
        this.progress = progress;
    }

    public List<ScaleResult> run(BenchSpec spec) {
        List<ScaleResult> results = new ArrayList<>();
        warmUp(spec);
        for (int scale : spec.scales()) {
            GeneratedData data = dataAt(spec, scale);
            GenerateSpec layout = new GenerateSpec(scale, spec.seed(), dataDir(spec, scale));
            try (FeesReplayServer replay = FeesReplayServer.start(layout.feeResponses())) {
                List<EngineRun> spark = new ArrayList<>();
                List<EngineRun> reference = new ArrayList<>();
                List<Double> feesRate = new ArrayList<>();
                long feesRequests = 0;
                for (int r = 1; r <= spec.runs(); r++) {
                    SparkOutcome s = sparkRun(spec, layout, replay);
                    ReferenceOutcome d = referenceRun(spec, layout);
                    List<String> diffs = s.answers().differences(d.answers(), "Spark", "DuckDB");
                    if (!diffs.isEmpty()) {
                        throw new AnswersDifferException("at scale " + scale + " the pipeline and the DuckDB reference disagree:\n  "
                                + String.join("\n  ", diffs));
                    }
                    spark.add(s.run());
                    reference.add(d.run());
                    feesRate.add(s.feesRequestsPerSecond());
                    feesRequests = s.feesRequests();
                    say("scale %d run %d/%d: Spark %.2f s (CPU %.1f s, %.0f MB), DuckDB %.2f s (CPU %.1f s, %.0f MB), answers agree",
                            scale, r, spec.runs(), s.run().seconds(), s.run().cpuSeconds(), s.run().peakRssMb(), d.run().seconds(),
                            d.run().cpuSeconds(), d.run().peakRssMb());
                }
                double replayRate = replayCapacity(replay, scale);
                results.add(new ScaleResult(scale, data.totalRows(), data.quarters(), spark, reference,
                        new FeesThroughput(feesRequests, ScaleResult.median(feesRate, Double::doubleValue), replayRate)));
            }
        }
        return results;
    }

    /** One unmeasured run on the bundled data: builds the jar if needed and records the class-data-sharing archive. */
    private void warmUp(BenchSpec spec) {
        say("warm-up: one unmeasured `bankdata run` on the bundled data (records the class-data-sharing archive if missing)");
        Path lake = spec.work().resolve("lake");
        deleteTree(lake);
        ChildProcess.Outcome o = ChildProcess.run(List.of(launcher(), "run", "--lake", lake.toString(), "--quiet"), spec.work());
        if (o.exitCode() != 0) {
            throw new LakeException("the warm-up `bankdata run` failed (exit " + o.exitCode() + "):\n" + o.stderrTail());
        }
    }

    /** The replay's own requests per second with the pipeline's requests in flight: the median of three passes. */
    private double replayCapacity(FeesReplayServer replay, int scale) {
        List<Double> passes = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            passes.add(ReplayCapacity.requestsPerSecond(replay, FeesApiConfig.DEFAULT_CONCURRENCY));
        }
        double rate = ScaleResult.median(passes, Double::doubleValue);
        say("scale %d: the replay alone answers %.1f requests/s (%d institutions, %d in flight)", scale, rate,
                replay.cnpjs(PersonType.J).size(), FeesApiConfig.DEFAULT_CONCURRENCY);
        return rate;
    }

    private record SparkOutcome(EngineRun run, ChartAnswers answers, long feesRequests, double feesRequestsPerSecond) {
    }

    private record ReferenceOutcome(EngineRun run, ChartAnswers answers) {
    }

    private SparkOutcome sparkRun(BenchSpec spec, GenerateSpec data, FeesReplayServer replay) {
        Path lake = spec.work().resolve("lake");
        deleteTree(lake);
        ChildProcess.Outcome o = ChildProcess.run(List.of(launcher(), "run", "--complaints", data.complaintsDir().toString(),
                "--banks", data.bankList().toString(), "--api-url", replay.baseUrl().toString(),
                "--api-rate", "0", "--lake", lake.toString(), "--quiet"),
                spec.work());
        if (o.exitCode() != 0) {
            throw new LakeException("`bankdata run` failed at scale " + data.scale() + " (exit " + o.exitCode() + "):\n" + o.stderrTail());
        }
        Map<String, Double> steps = new LinkedHashMap<>();
        long feesRequests;
        double feesRate;
        try (Stream<Path> summaries = Files.list(new LakeLayout(lake).runsDir())) {
            Path summary = summaries.filter(p -> p.toString().endsWith(".json")).findFirst()
                    .orElseThrow(() -> new LakeException("no run summary under " + new LakeLayout(lake).runsDir()));
            JsonNode root = json.readTree(summary.toFile());
            for (JsonNode task : root.path("tasks")) {
                steps.put(task.path("task").asText(), task.path("seconds").asDouble());
            }
            feesRequests = root.path("facts").path("fees_requests").asLong();
            feesRate = root.path("facts").path("fees_requests_per_second").asDouble(Double.NaN);
        } catch (IOException e) {
            throw new LakeException("cannot read the run summary under " + lake + ": " + e.getMessage(), e);
        }
        ChartAnswers answers;
        try (LakeQueryEngine engine = LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL)) {
            answers = ChartAnswers.of(engine::chart);
        }
        return new SparkOutcome(new EngineRun(o.seconds(), o.cpuSeconds(), o.peakRssMb(), steps), answers, feesRequests,
                feesRate);
    }

    private ReferenceOutcome referenceRun(BenchSpec spec, GenerateSpec data) {
        Path out = spec.work().resolve("reference");
        deleteTree(out);
        ChildProcess.Outcome o = ChildProcess.run(List.of(launcher(), "reference", "--complaints", data.complaintsDir().toString(),
                "--banks", data.bankList().toString(), "--responses", data.feeResponses().toString(), "--out", out.toString()),
                spec.work());
        if (o.exitCode() != 0) {
            throw new LakeException("`bankdata reference` failed at scale " + data.scale() + " (exit " + o.exitCode() + "):\n"
                    + o.stderrTail());
        }
        ReferenceOutput printed = ReferenceOutput.parse(o.stdout());
        return new ReferenceOutcome(new EngineRun(o.seconds(), o.cpuSeconds(), o.peakRssMb(), printed.stepSeconds()),
                printed.answers());
    }

    private GeneratedData dataAt(BenchSpec spec, int scale) {
        Path dir = dataDir(spec, scale);
        if (Files.isRegularFile(dir.resolve(GeneratedData.FILE))) {
            GeneratedData existing = GeneratedData.load(dir);
            if (existing.scale() == scale && existing.seed() == spec.seed()) {
                say("scale %d: reusing generated data in %s", scale, dir);
                return existing;
            }
        }
        deleteTree(dir);
        long t0 = System.nanoTime();
        GeneratedData data = new SyntheticDataGenerator(home).generate(new GenerateSpec(scale, spec.seed(), dir));
        say("scale %d: generated %,d input rows (%d quarters) in %.1f s", scale, data.totalRows(), data.quarters(),
                (System.nanoTime() - t0) / 1e9);
        return data;
    }

    private static Path dataDir(BenchSpec spec, int scale) {
        return spec.work().resolve("data").resolve("scale-" + scale + "-seed-" + spec.seed());
    }

    private String launcher() {
        return home.root().resolve("bankdata").toString();
    }

    private void say(String format, Object... args) {
        progress.println(String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new LakeException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
