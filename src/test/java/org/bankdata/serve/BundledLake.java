package org.bankdata.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.cli.Main;
import picocli.CommandLine;

/**
 * A lake published by the real pipeline ({@code bankdata run}) on the bundled data, built once per test
 * JVM and shared by the serve tests, which only read it. {@link #copy} gives a test its own copy to publish into.
 */
public final class BundledLake {
    private static Path lake;

    private BundledLake() {
    }

    public static synchronized Path published() {
        if (lake == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "serve-test-lakes")).toAbsolutePath();
                lake = Files.createTempDirectory(dir, "bundled-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestSpark.session();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute("run", "--complaints", BundledData.complaints().toString(), "--banks",
                    BundledData.bankList().toString(), "--lake", lake.toString(), "--quiet");
            if (exit != 0) {
                throw new IllegalStateException("bankdata run failed (" + exit + "): " + err);
            }
        }
        return lake;
    }

    /** A copy of the published lake in {@code target}, e.g. to publish a new snapshot into. */
    public static Path copy(Path target) {
        return copy(target, true);
    }

    /** A copy of the published lake without the run history the pipeline recorded. */
    static Path copyWithoutHistory(Path target) {
        return copy(target, false);
    }

    private static Path copy(Path target, boolean withHistory) {
        Path source = published();
        Path history = source.resolve("runs");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                if (!withHistory && p.startsWith(history) && p.getFileName().toString().startsWith("history.db")) {
                    continue;
                }
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
