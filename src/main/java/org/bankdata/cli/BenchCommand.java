package org.bankdata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bankdata.bench.BenchSpec;
import org.bankdata.bench.ScaleBenchmark;
import org.bankdata.config.BankdataHome;
import org.bankdata.generate.GenerateSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata bench}: the pipeline against the DuckDB-only reference at several scales. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Generate inputs at each scale, run the pipeline (`bankdata run`) and the DuckDB-only reference"
                + " (`bankdata reference`) on them as child processes, side by side, and report wall time per step, rows/s,"
                + " peak RSS and the Spark ÷ DuckDB ratio. Fails (exit 1) when their chart answers differ.",
                "Writes the table into docs/PERFORMANCE.md (between the BENCH-SCALE markers) and the plot docs/img/bench-scale.png."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scales", split = ",", paramLabel = "N[,N...]", defaultValue = "1,10,100",
            description = "Scales to measure (default: ${DEFAULT-VALUE}; 1000 on request, it takes minutes).")
    List<Integer> scales;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Measured runs of each engine per scale; medians are reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + GenerateSpec.DEFAULT_SEED,
            description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", description = "Working folder; generated data is kept and reused"
            + " (default: target/bench under the bankdata home).")
    Path work;

    @Option(names = "--doc", paramLabel = "FILE", description = "Markdown file to update (default: docs/PERFORMANCE.md under"
            + " the bankdata home).")
    Path doc;

    @Option(names = "--no-doc", description = "Print the figures only; write neither the doc nor the plot.")
    boolean noDoc;

    @Override
    public Integer call() {
        BankdataHome home = BankdataHome.detect();
        BenchSpec bench = new BenchSpec(scales, runs, seed, work != null ? work : home.root().resolve("target/bench"));
        Path docFile = doc != null ? doc : home.root().resolve("docs/PERFORMANCE.md");
        PrintWriter err = spec.commandLine().getErr();
        String markdown = new ScaleBenchmark(home, err).measure(bench, noDoc ? null : docFile);
        spec.commandLine().getOut().print(markdown);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
