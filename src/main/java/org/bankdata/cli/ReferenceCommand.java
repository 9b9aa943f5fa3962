package org.bankdata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bankdata.config.BankdataHome;
import org.bankdata.reference.DuckDbReference;
import org.bankdata.reference.ReferenceInputs;
import org.bankdata.reference.ReferenceOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata reference}: the DuckDB-only build of the star schema and charts, printed as JSON. */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = {"Build the star schema and the three chart answers with DuckDB SQL only (no Spark) from the same"
                + " inputs as `run`, write every table as Parquet under --out, and print the answers, row counts and step"
                + " times as JSON. `bankdata bench` uses it as the yardstick and correctness check of the pipeline."})
public final class ReferenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--complaints", paramLabel = "DIR", description = "Folder of ranking *.csv files (default: bundled).")
    Path complaints;

    @Option(names = "--banks", paramLabel = "FILE", description = "Bank list TSV (default: bundled).")
    Path banks;

    @Option(names = "--responses", paramLabel = "DIR", description = "Folder of recorded J_<cnpj8>.json fee responses"
            + " (default: bundled).")
    Path responses;

    @Option(names = "--conglomerate-aliases", paramLabel = "FILE", description = "Conglomerate alias CSV (default: bundled).")
    Path conglomerateAliases;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the Parquet tables.")
    Path out;

    @Override
    public Integer call() throws Exception {
        BankdataHome home = BankdataHome.detect();
        ReferenceInputs in = new ReferenceInputs(complaints != null ? complaints : home.bundledComplaints(),
                banks != null ? banks : home.bundledBankList(), responses != null ? responses : home.bundledFeeResponses(), out,
                conglomerateAliases != null ? conglomerateAliases : home.bundledConglomerateAliases());
        long t0 = System.nanoTime();
        DuckDbReference.Result result = new DuckDbReference().build(in);
        spec.commandLine().getOut().println(ReferenceOutput.of((System.nanoTime() - t0) / 1e9, result).toJson());
        return 0;
    }
}
