package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.stream.Stream;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.ChildJvm;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real Spark standalone cluster: a master and one worker started as child JVMs from the
 * Maven jars on 127.0.0.1 (free ports), a SPARK_HOME holding only {@code jars/}, the application classes
 * shipped to the executors as a jar built here from target/classes, and the driver in a child JVM. The
 * cluster's tables must equal those of a local run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SparkClusterIT {
    /** Dimensions, facts, charts and the bank list. */
    private static final List<String> TABLES = Tables.all().stream()
            .filter(t -> t.layer() != TableDef.Layer.CURATED || t == CuratedTables.CURATED_BANK_LIST).map(TableDef::name).toList();

    @TempDir
    static Path work;

    private final List<Process> cluster = new ArrayList<>();
    private String masterUrl;

    @BeforeAll
    void startCluster() throws Exception {
        Path sparkHome = sparkHomeWithJars();
        int masterPort = freePort();
        int masterUi = freePort();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        cluster.add(start("org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(masterUi)), sparkHome, "master"));
        awaitPort(masterPort, Duration.ofSeconds(60));
        cluster.add(start("org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--port",
                Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores", "2", "--memory", "1g",
                "--work-dir", Files.createDirectories(work.resolve("worker")).toString(), masterUrl), sparkHome, "worker"));
        awaitAliveWorker(masterUi, Duration.ofSeconds(60));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        for (Process p : cluster) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void theClusterBuildsExactlyTheTablesOfALocalRun() throws Exception {
        Path localLake = work.resolve("local-lake");
        TestSpark.session();
        InProcessCli.Result local = InProcessCli.bankdata("run", "--lake", localLake.toString(), "--quiet");
        assertThat(local.exit()).as(local.err()).isZero();

        Path clusterLake = work.resolve("cluster-lake");
        Path log = work.resolve("driver.log");
        String executorFlags = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        Process driver = ChildJvm.bankdata(List.of("-Dspark.jars=" + applicationJar(), "-Dspark.driver.host=127.0.0.1",
                        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.executor.memory=768m", "-Dspark.cores.max=2",
                        "-Dspark.executor.extraJavaOptions=" + executorFlags),
                List.of("run", "--master", masterUrl, "--lake", clusterLake.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(driver.waitFor(420, TimeUnit.SECONDS)).as("driver finished: %s", tail(log)).isTrue();
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(driver.exitValue()).as(output).isZero();
        assertThat(output).contains("CAIXA ECONÔMICA FEDERAL (conglomerado)").contains("138458");
        assertThat(appsThatRanOnTheCluster()).as("the master ran the driver's application").isPositive();
        for (String table : TABLES) {
            assertThat(PipelineIT.contents(clusterLake, table)).as(table).isEqualTo(PipelineIT.contents(localLake, table));
        }
    }

    private Process start(String mainClass, List<String> args, Path sparkHome, String name) throws IOException {
        ProcessBuilder builder = ChildJvm.builder(List.of("-Xmx512m"), mainClass, args);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    /** SPARK_HOME/jars: links to the jars of the test classpath, which hold Spark and everything it needs. */
    private static Path sparkHomeWithJars() throws IOException {
        Path jars = Files.createDirectories(work.resolve("spark-home/jars"));
        for (Path jar : testClasspathJars()) {
            String entry = jar.toString();
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(jars.resolve(jar.getFileName()))) {
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

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The application's classes (target/classes) as a jar for spark.jars: Surefire runs before the package phase. */
    private static Path applicationJar() throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        Path jar = work.resolve("bankdata-app.jar");
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

    private int appsThatRanOnTheCluster() throws Exception {
        String json = masterJson();
        return json.split("\"completedapps\"")[1].split("\"id\"").length - 1;
    }

    private int masterUiPort;

    private void awaitAliveWorker(int uiPort, Duration limit) throws Exception {
        masterUiPort = uiPort;
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (masterJson().matches("(?s).*\"aliveworkers\"\\s*:\\s*1.*")) {
                    return;
                }
            } catch (IOException notYet) {
                // the UI is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no worker registered with the master within " + limit + ": "
                + Files.readString(work.resolve("worker.log")));
    }

    private String masterJson() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitPort(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Spark master did not listen on " + port + " within " + limit + ": "
                + Files.readString(work.resolve("master.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
