package org.bankdata;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a class of the test classpath in a child JVM with the module flags Spark needs (for kill and cluster tests)
 * and the launcher's flags for a short batch (see the {@code bankdata} script): C1 only and the serial collector.
 */
public final class ChildJvm {
    /** The JIT and GC flags the {@code bankdata} launcher starts every run with. */
    public static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=256m", "-XX:+UseSerialGC");

    private ChildJvm() {
    }

    public static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(command::add);
        command.add("-Xmx1g");
        command.addAll(LAUNCHER_FLAGS);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("BANKDATA_LOG_LEVEL", "WARN"));
        return builder;
    }

    /** {@code bankdata <args>} in a child JVM, from the project root (so the bundled data is found). */
    public static ProcessBuilder bankdata(List<String> jvmOptions, List<String> args) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dbankdata.home=" + BundledData.HOME.root());
        return builder(options, "org.bankdata.cli.Main", args);
    }
}
