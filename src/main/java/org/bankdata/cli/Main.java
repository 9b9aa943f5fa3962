package org.bankdata.cli;

import org.bankdata.errors.BankdataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bankdata} command: parses the verb, runs it, maps failures to exit codes: 0 ok, 1 run failed, 2 bad
 * usage, 3 ({@link #EXIT_WARNINGS}) a run succeeded and published but with warnings (e.g. rows quarantined).
 */
@Command(name = "bankdata", mixinStandardHelpOptions = true, version = "bankdata 0.1.0",
        description = "Batch ETL of Brazilian Central Bank open data (complaints ranking, bank list, service fees)"
                + " into a Parquet star schema with Spark, queried with DuckDB.",
        subcommands = {RunCommand.class, ReportCommand.class, QueryCommand.class, TablesCommand.class, ServeCommand.class,
                RunsCommand.class, JobCommand.class, DagCommand.class, ReplayCommand.class, FetchComplaintsCommand.class,
                BenchApiCommand.class,
                GenerateCommand.class, BenchCommand.class, ReferenceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of {@code bankdata run} when the run published but has warnings (rows left out, an empty input). */
    public static final int EXIT_WARNINGS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `bankdata run`");
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BankdataException known) {
                commandLine.getErr().println("error: " + known.getMessage());
                return known.exitCode();
            }
            commandLine.getErr().println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (set BANKDATA_LOG_LEVEL=DEBUG for details)");
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected failure", e);
            return 1;
        });
        return cli;
    }
}
