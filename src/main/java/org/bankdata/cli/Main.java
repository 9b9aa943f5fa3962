package org.bankdata.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.BankdataException;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bankdata} command: parses the verb, runs it, maps failures to exit codes: 0 ok, 1 run failed, 2 bad
 * usage, 3 ({@link #EXIT_WARNINGS}) a run succeeded and published but with warnings (e.g. rows quarantined).
 * Every failure reaches the user as one {@code error: ...} line in their words; Java class names and stack
 * traces stay in the DEBUG log ({@code BANKDATA_LOG_LEVEL=DEBUG}).
 */
@Command(name = "bankdata", mixinStandardHelpOptions = true, version = "bankdata 0.1.0",
        description = "Batch ETL of Brazilian Central Bank open data (complaints ranking, bank list, service fees)"
                + " into a Parquet star schema with Spark, queried with DuckDB.",
        subcommands = {RunCommand.class, ReportCommand.class, QueryCommand.class, TablesCommand.class, ServeCommand.class,
                RunsCommand.class, JobCommand.class, DagCommand.class, ReplayCommand.class, FetchComplaintsCommand.class,
                BenchApiCommand.class, CatalogCommand.class, MigrateCommand.class, ExpireCommand.class, ExportCommand.class,
                GenerateCommand.class, BenchCommand.class, ReferenceCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of {@code bankdata run} when the run published but has warnings (rows left out, an empty input). */
    public static final int EXIT_WARNINGS = 3;

    /** Picocli's conversion errors end with the converter's exception, e.g. "(java.net.URISyntaxException: Illegal...)". */
    private static final Pattern CONVERTER_EXCEPTION = Pattern.compile("\\((?:[a-z]\\w*\\.)+[A-Z]\\w*(?::\\s*)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `bankdata run`");
    }

    public static void main(String[] args) {
        // the logging library starts here, on this thread: started by Spark's and the run's threads at once, it queued
        // their first calls and printed a notice that it had (three "SLF4J:" lines ahead of every `bankdata run`)
        org.slf4j.LoggerFactory.getILoggerFactory();
        int code = commandLine().execute(args);
        System.exit(code);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionStrategy(Main::checkLakeThenRun);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            String message = Redaction.redact(CONVERTER_EXCEPTION.matcher(String.valueOf(e.getMessage())).replaceAll("("));
            command.getErr().println("error: " + message);
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr())) {
                command.getErr().println("see `" + command.getCommandSpec().qualifiedName() + " --help`");
            }
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BankdataException known) {
                commandLine.getErr().println("error: " + Redaction.redact(known.getMessage()));
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("failure", e);
                return known.exitCode();
            }
            commandLine.getErr().println("error: " + Redaction.redact(ErrorMessages.describe(e))
                    + " (unexpected; BANKDATA_LOG_LEVEL=DEBUG shows the details)");
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected failure", e);
            return 1;
        });
        return cli;
    }

    /**
     * Before any verb starts (a serve binding its port, a run starting Spark), a {@code --lake} that names a
     * regular file is a usage error: every verb would otherwise fail later, or, for serve, start on nothing.
     */
    private static int checkLakeThenRun(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        boolean help = parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested();
        while (last.hasSubcommand()) {
            last = last.subcommand();
            help |= last.isUsageHelpRequested() || last.isVersionHelpRequested();
        }
        CommandLine.Model.OptionSpec lake = last.commandSpec().findOption("--lake");
        if (!help && lake != null && lake.getValue() instanceof LakeLocation location && location.isLocal()
                && Files.isRegularFile(location.localPath())) {
            Path dir = location.localPath();
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), "--lake",
                    new UsageException("--lake " + dir + " is a file, not a folder; give the lake folder (it is created"
                            + " on the first `bankdata run`)"));
        }
        return new CommandLine.RunLast().execute(parseResult);
    }
}
