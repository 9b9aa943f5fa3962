package org.bankdata;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a class of the test classpath in a child JVM with the module flags Spark needs (for kill and cluster tests)
 * and the launcher's flags for a short batch (see the {@code bankdata} script): C1 only and the serial collector. The
 * children that start Spark or bankdata also map one class-data-sharing archive per test JVM ({@link SharedClasses}).
 */
public final class ChildJvm {
    /** The JIT and GC flags the {@code bankdata} launcher starts every run with. */
    public static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=256m", "-XX:+UseSerialGC");

    private ChildJvm() {
    }

    public static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> args) {
        return builder(jvmOptions, mainClass, args, System.getProperty("java.class.path"), List.of());
    }

    /**
     * A child JVM that starts Spark or bankdata: on the class path of {@link SharedClasses}, with its class-data-sharing
     * archive (recorded on the first call in this test JVM).
     */
    public static ProcessBuilder sparkBuilder(List<String> jvmOptions, String mainClass, List<String> args) {
        SharedClasses.Setup shared = SharedClasses.get();
        return builder(jvmOptions, mainClass, args, shared.classPath(), shared.options());
    }

    /**
     * Records the archive of {@link #sparkBuilder} now if no child has yet, for a class whose tests start children under
     * a time limit (from a {@code @BeforeAll}, outside that limit).
     */
    public static void prepareSharedClasses() {
        SharedClasses.get();
    }

    static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> args, String classPath,
            List<String> sharingOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(command::add);
        command.add("-Xmx1g");
        command.addAll(LAUNCHER_FLAGS);
        command.addAll(sharingOptions);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
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
        return sparkBuilder(options, "org.bankdata.cli.Main", args);
    }
}
