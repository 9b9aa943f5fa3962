package org.bankdata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code bankdata <args>} in the test JVM (on its shared SparkSession) and captures exit code, stdout and stderr. */
public final class InProcessCli {
    private InProcessCli() {
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result bankdata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
