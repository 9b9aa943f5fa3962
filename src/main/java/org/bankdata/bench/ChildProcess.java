package org.bankdata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.errors.LakeException;

/**
 * Runs one command in a child process and measures it from outside: wall time from start to exit, and
 * peak resident memory, read from {@code /usr/bin/time -f %M} (the kernel's max RSS of the child, which
 * the launcher replaces with {@code java} by exec) when that tool is there, else by polling the child's
 * {@code VmHWM} in /proc every 20 ms; and CPU seconds (user + system, from the same tool), which a busy
 * shared host inflates far less than wall time.
 */
final class ChildProcess {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** How one command went: exit code, wall seconds, peak RSS in MB, its stdout and stderr. */
    record Outcome(int exitCode, double seconds, double cpuSeconds, double peakRssMb, String stdout, String stderr) {
        String stderrTail() {
            List<String> lines = stderr.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    private ChildProcess() {
    }

    static Outcome run(List<String> command, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Path rss = Files.createTempFile(workDir, "rss", ".txt");
            boolean gnuTime = Files.isExecutable(GNU_TIME);
            List<String> full = new ArrayList<>();
            if (gnuTime) {
                full.addAll(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", rss.toString()));
            }
            full.addAll(command);
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long polledKb = 0;
            while (!process.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!gnuTime) {
                    polledKb = Math.max(polledKb, vmHwmKb(process.pid()));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] measured = gnuTime ? lastMeasure(Files.readString(rss)) : new double[] {polledKb, Double.NaN};
            Outcome outcome = new Outcome(process.exitValue(), seconds, measured[1], measured[0] / 1024.0,
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(rss);
            return outcome;
        } catch (IOException e) {
            throw new LakeException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException("interrupted while running " + command, e);
        }
    }

    private static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // the process may have just exited; the last reading stands
        }
        return 0;
    }

    /** Peak RSS (KB) and CPU seconds (user + system) from the last {@code %M %U %S} line of GNU time. */
    private static double[] lastMeasure(String text) {
        List<String> lines = text.lines().filter(l -> l.trim().matches("[0-9]+ [0-9.]+ [0-9.]+")).toList();
        if (lines.isEmpty()) {
            return new double[] {0, Double.NaN};
        }
        String[] f = lines.get(lines.size() - 1).trim().split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2])};
    }
}
