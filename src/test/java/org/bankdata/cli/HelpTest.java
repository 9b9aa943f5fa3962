package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code --help} of every command and subcommand prints its usage and nothing else: no picocli warning (a stray
 * {@code %} in a description makes picocli print the raw text with a warning on stderr), in a locale whose decimal
 * separator is a comma too.
 */
class HelpTest {
    static Stream<String> commands() {
        List<String> paths = new ArrayList<>();
        collect(Main.commandLine(), "", paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, String path, List<String> paths) {
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help") || !sub.getValue().getCommandName().equals(sub.getKey())) {
                continue;
            }
            String name = (path + " " + sub.getKey()).strip();
            paths.add(name);
            collect(sub.getValue(), name, paths);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpPrintsTheUsageAndNoWarning(String command) {
        Locale before = Locale.getDefault();
        PrintStream stderr = System.err;
        ByteArrayOutputStream tracer = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            Locale.setDefault(Locale.forLanguageTag("pt-BR"));
            System.setErr(new PrintStream(tracer, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            exit = cli.execute(args.toArray(String[]::new));
        } finally {
            System.setErr(stderr);
            Locale.setDefault(before);
        }
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: bankdata " + command);
        assertThat(tracer.toString(StandardCharsets.UTF_8) + err).as(command).isEmpty();
        assertThat(out.toString()).as(command).doesNotContain("%%").doesNotContain("%n");
    }

    @org.junit.jupiter.api.Test
    void theQuarantineLimitHelpShowsItsDefaultAsTheOptionIsWritten() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.execute("run", "--help");
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("Default: 5,1% (5 rows or 1%, whichever is larger)");
    }
}
