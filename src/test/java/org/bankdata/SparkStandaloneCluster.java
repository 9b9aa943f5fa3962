package org.bankdata;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and {@code workers} workers, each a child JVM
 * started from the Maven jars of the test classpath (a SPARK_HOME holding only {@code jars/}), each worker with
 * its own work directory and nothing else shared. {@link #driverOptions} gives a driver JVM what it needs to run
 * an application on it: the application classes as a jar (Surefire runs before the package phase), the module
 * flags for the executors, and an event log from which {@link SparkEventLog} tells which executor ran which task.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final int masterUiPort;
    /** The SPARK_HOME of a platform the cluster emulates (its master and workers run on its jars), or null. */
    private final Path platformHome;

    private SparkStandaloneCluster(Path work, int masterPort, int masterUiPort, Path platformHome) {
        this.work = work;
        this.masterPort = masterPort;
        this.masterUiPort = masterUiPort;
        this.platformHome = platformHome;
    }

    /** Starts a master and {@code workers} workers of {@code coresEach} cores; returns once all have registered. */
    public static SparkStandaloneCluster start(Path work, int workers, int coresEach) throws Exception {
        return start(work, workers, coresEach, null);
    }

    /**
     * As {@link #start(Path, int, int)}, the master and workers (and so the executors) running on the jars of
     * {@code sparkHome}/jars only, as a Spark distribution's do, instead of the test classpath (null: the test classpath).
     */
    public static SparkStandaloneCluster start(Path work, int workers, int coresEach, Path sparkHome) throws Exception {
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(work, freePort(), freePort(), sparkHome);
        try {
            cluster.startAll(workers, coresEach);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startAll(int workers, int coresEach) throws Exception {
        Path sparkHome = platformHome != null ? platformHome : sparkHomeWithJars();
        processes.add(start("org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)), sparkHome, "master"));
        awaitPort(masterPort, Duration.ofSeconds(60));
        for (int i = 1; i <= workers; i++) {
            Path workDir = Files.createDirectories(work.resolve("worker-" + i));
            processes.add(start("org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--port",
                    Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores",
                    Integer.toString(coresEach), "--memory", "1g", "--work-dir", workDir.toString(), masterUrl()),
                    sparkHome, "worker-" + i));
        }
        awaitAliveWorkers(workers, Duration.ofSeconds(90));
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** A worker's work directory (where its executors run, each in its own folder). */
    public Path workerDir(int worker) {
        return work.resolve("worker-" + worker);
    }

    /**
     * JVM options for a driver ({@code bankdata} in a child JVM) running on this cluster: the application jar, the
     * executors' module, JIT and GC flags and memory, all the cluster's cores, and Spark's event log written to {@code eventLogDir}.
     */
    public List<String> driverOptions(Path eventLogDir) throws IOException {
        Files.createDirectories(eventLogDir);
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        flags.addAll(ChildJvm.LAUNCHER_FLAGS);
        String executorFlags = String.join(" ", flags);
        return List.of("-Dspark.jars=" + applicationJar(), "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.executor.memory=640m",
                "-Dspark.executor.extraJavaOptions=" + executorFlags,
                "-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=" + eventLogDir.toUri());
    }

    /** How many applications the master reports as completed. */
    public int completedApplications() throws Exception {
        String json = masterJson();
        return json.split("\"completedapps\"")[1].split("\"id\"").length - 1;
    }

    /** The master's own status document ({@code /json/} of its web UI). */
    public String masterJson() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The last lines of a process's log ("master", "worker-1", ...). */
    public String log(String name) {
        return tail(work.resolve(name + ".log"), 40);
    }

    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Process start(String mainClass, List<String> args, Path sparkHome, String name) throws IOException {
        ProcessBuilder builder = platformHome != null
                ? ChildJvm.builder(List.of("-Xmx512m"), mainClass, args, EmrPlatform.classPath(platformHome), List.of())
                : ChildJvm.sparkBuilder(List.of("-Xmx512m"), mainClass, args);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    /** SPARK_HOME/jars: links to the jars of the test classpath, which hold Spark and everything it needs. */
    private Path sparkHomeWithJars() throws IOException {
        Path jars = Files.createDirectories(work.resolve("spark-home/jars"));
        for (Path jar : testClasspathJars()) {
            if (Files.isRegularFile(jar) && !Files.exists(jars.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    /** The jars of the test classpath, also when Surefire passes it as a manifest-only jar. */
    private static List<Path> testClasspathJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            Path jar = Path.of(entry);
            jars.add(jar);
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                String manifestPath = file.getManifest() == null ? null
                        : file.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null) {
                    for (String url : manifestPath.trim().split("\\s+")) {
                        jars.add(Path.of(URI.create(url.startsWith("file:") ? url : jar.toUri().resolve(url).toString())));
                    }
                }
            }
        }
        return jars;
    }

    /** The application's classes (target/classes) as a jar for spark.jars. */
    private Path applicationJar() throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        Path jar = work.resolve("bankdata-app.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private void awaitAliveWorkers(int workers, Duration limit) throws Exception {
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Matcher m = alive.matcher(masterJson());
                if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the UI is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not all " + workers + " workers registered with the master within " + limit + ": "
                + log("worker-1") + "\n" + log("master"));
    }

    private void awaitPort(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Spark master did not listen on " + port + " within " + limit + ": " + log("master"));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
