package org.bankdata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * One class-data-sharing archive for the child JVMs that start Spark or bankdata: recorded once, by a short
 * {@code bankdata run} of one bundled quarter in a child JVM ({@code -XX:ArchiveClassesAtExit}), then mapped by every
 * such child, which finds those classes already parsed and verified. Java 17 archives classes of a class path of jars
 * only, so the test class path's folders (target/classes, target/test-classes) are packed into jars first, and the
 * children start on that class path. When the archive cannot be recorded, children start as before.
 * <p>
 * The test JVMs of one Maven run (two with the pom's {@code test.forks}) share one recording: it lives in
 * {@code target/child-jvm-classes-<Maven's process id>-<its start>}, the first test JVM that needs it records it under a
 * file lock, and the other one waits on that lock and maps the same archive (their class paths are the same). The
 * folder stays when a test JVM exits, since the other may still start children on its jars; a later Maven run removes
 * the folders of runs that have ended (and {@code mvn clean} removes them all).
 */
final class SharedClasses {
    /** The class path a child starts on, and the JVM options that map the archive (none without one). */
    record Setup(String classPath, List<String> options) {
    }

    private static Setup setup;

    private static final String PREFIX = "child-jvm-classes-";

    private SharedClasses() {
    }

    static synchronized Setup get() {
        if (setup == null) {
            setup = record();
        }
        return setup;
    }

    private static Setup record() {
        String testClassPath = System.getProperty("java.class.path");
        try {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            String run = mavenRun();
            Path dir = target.resolve(PREFIX + run);
            removeEndedRuns(target, run);
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Path done = dir.resolve("recorded");
                if (Files.exists(done)) {
                    List<String> lines = Files.readAllLines(done);
                    if (lines.size() == 2 && lines.get(0).equals(testClassPath)) {
                        return lines.get(1).isEmpty() ? new Setup(testClassPath, List.of())
                                : new Setup(lines.get(1), sharingOptions(dir.resolve("children.jsa")));
                    }
                    // another class path (a test JVM of another configuration): a recording of its own
                    dir = Files.createTempDirectory(dir, "other-");
                    done = dir.resolve("recorded");
                }
                Setup setup = record(testClassPath, dir);
                Files.write(done, List.of(testClassPath, setup.options().isEmpty() ? "" : setup.classPath()));
                return setup;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Setup record(String testClassPath, Path dir) throws IOException, InterruptedException {
        List<String> entries = new ArrayList<>();
        for (String entry : testClassPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            entries.add(Files.isDirectory(path) ? jar(path, dir.resolve("folder-" + entries.size() + ".jar")).toString() : entry);
        }
        String classPath = String.join(java.io.File.pathSeparator, entries);
        Path archive = dir.resolve("children.jsa");
        Path log = dir.resolve("record.log");
        Path lake = dir.resolve("lake");
        List<String> options = List.of("-Dbankdata.home=" + BundledData.HOME.root(), "-XX:ArchiveClassesAtExit=" + archive);
        Process recorder = ChildJvm.builder(options, "org.bankdata.cli.Main",
                List.of("run", "--lake", lake.toString(), "--from", "2021Q4", "--to", "2021Q4", "--quiet"), classPath, List.of())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = recorder.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            recorder.destroyForcibly();
        }
        delete(lake);
        if (!ended || recorder.exitValue() != 0 || !Files.isRegularFile(archive)) {
            System.err.println("child JVMs start without a class-data-sharing archive: recording it failed: "
                    + SparkStandaloneCluster.tail(log, 20));
            return new Setup(testClassPath, List.of());
        }
        return new Setup(classPath, sharingOptions(archive));
    }

    /**
     * A child whose class path or JVM differs from the recording's loads its classes as usual; it must not say so on its
     * standard output, which tests read.
     */
    private static List<String> sharingOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * The Maven run this test JVM belongs to: the process id and start of the Maven JVM among its ancestors (Surefire
     * starts a test JVM through a shell), or this JVM's own when there is none (a test JVM started otherwise).
     */
    private static String mavenRun() {
        ProcessHandle self = ProcessHandle.current();
        for (Optional<ProcessHandle> p = self.parent(); p.isPresent(); p = p.get().parent()) {
            if (p.get().info().commandLine().orElse("").contains("plexus-classworlds")) {
                return runName(p.get());
            }
        }
        return runName(self);
    }

    private static String runName(ProcessHandle process) {
        return process.pid() + "-" + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Removes the folders of Maven runs (or lone test JVMs) that have ended. */
    private static void removeEndedRuns(Path target, String ours) throws IOException {
        try (Stream<Path> dirs = Files.list(target)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                String run = dir.getFileName().toString().substring(PREFIX.length());
                if (!run.equals(ours) && !running(run)) {
                    delete(dir);
                }
            }
        }
    }

    private static boolean running(String run) {
        String[] parts = run.split("-");
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
            return process.isPresent() && process.get().isAlive() && (parts.length < 2 || runName(process.get()).equals(run));
        } catch (NumberFormatException e) {
            return false; // a folder of the earlier naming (one per test JVM): its JVM has ended or removes it itself
        }
    }

    /** The folder's files as a jar (folder entries included, for code that looks up a package as a resource). */
    private static Path jar(Path folder, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(p -> !p.equals(folder)).sorted().toList()) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                out.putNextEntry(new JarEntry(Files.isDirectory(p) ? name + "/" : name));
                if (Files.isRegularFile(p)) {
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left for `mvn clean` (or the other test JVM removed it first)
        }
    }
}
