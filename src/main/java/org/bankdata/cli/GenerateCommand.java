package org.bankdata.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bankdata.config.BankdataHome;
import org.bankdata.generate.GenerateSpec;
import org.bankdata.generate.GeneratedData;
import org.bankdata.generate.SyntheticDataGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata generate}: synthetic inputs at a scale, in the exact BCB source formats. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic BCB inputs drawn from the bundled data, in the exact source formats: ranking CSVs"
                + " (cp1252, with their quirks), the bank list TSV and fee-API recordings with index.csv.",
                "Scale N: N× institutions, services and rows in every source; quarters grow as 8 × ⌈√N⌉."
                        + " The same seed gives identical bytes.",
                "Run the pipeline on it: bankdata run --complaints DIR/complaints --banks DIR/banks/EnquadramentoInicia_v2.tsv"
                        + " --api-url <replay of DIR/fees-api/responses> (see `bankdata replay --responses`)."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scale", required = true, paramLabel = "N", description = "Size as a multiple of the bundled data (1 to 10000).")
    int scale;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty folder to write into.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + GenerateSpec.DEFAULT_SEED,
            description = "Seed of the random draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        GenerateSpec generate = new GenerateSpec(scale, seed, out);
        long t0 = System.nanoTime();
        GeneratedData data = new SyntheticDataGenerator(BankdataHome.detect()).generate(generate);
        spec.commandLine().getOut().printf(Locale.ROOT,
                "generated scale %d (seed %d) in %.1f s under %s:%n  %d ranking rows in %d quarterly files, %d bank-list rows,"
                        + " %d fee records in %d recordings%n",
                data.scale(), data.seed(), (System.nanoTime() - t0) / 1e9, generate.out(), data.rankingRows(), data.quarters(),
                data.bankListRows(), data.feeRecords(), data.feeRecordings());
        return 0;
    }
}
