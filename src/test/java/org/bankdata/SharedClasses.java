package org.bankdata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * One class-data-sharing archive for the child JVMs of a test JVM that start Spark or bankdata: recorded once, by a
 * short {@code bankdata run} of one bundled quarter in a child JVM ({@code -XX:ArchiveClassesAtExit}), then mapped by
 * every such child, which finds those classes already parsed and verified. Java 17 archives classes of a class path
 * of jars only, so the test class path's folders (target/classes, target/test-classes) are packed into jars first,
 * and the children start on that class path. When the archive cannot be recorded, children start as before.
 */
final class SharedClasses {
    /** The class path a child starts on, and the JVM options that map the archive (none without one). */
    record Setup(String classPath, List<String> options) {
    }

    private static Setup setup;

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
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "child-jvm-classes-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
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
            // a child whose class path or JVM differs from the recording's loads its classes as usual; it must not
            // say so on its standard output, which tests read
            return new Setup(classPath, List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
        } catch (IOException e) {
            // left for `mvn clean`
        }
    }
}
