package org.bankdata.lake;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * An Iceberg REST catalog on 127.0.0.1 for tests: Iceberg's own {@code RESTCatalogServer} (iceberg-open-api 1.10.1
 * test fixtures, the server of Iceberg's REST compatibility kit) over a JDBC catalog in a SQLite file, started as a
 * child JVM. Its class path is the test class path without the Spark runtime's shaded Iceberg and without Jetty 12,
 * plus Iceberg's unshaded jars and Jetty 11 that Maven copies into {@code target/rest-catalog/} (the pom's
 * {@code copy-rest-catalog} execution).
 */
public final class RestCatalogTestServer implements AutoCloseable {
    private final int port;
    private final Process process;

    private RestCatalogTestServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts a server keeping its catalog database and log under {@code dir}; returns once it answers. */
    public static RestCatalogTestServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"out\"/></root></configuration>");
        int port = S3TestServer.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback, "-cp",
                classPath(),
                "org.apache.iceberg.rest.RESTCatalogServer"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rest-catalog.log").toFile());
        builder.environment().put("CATALOG_URI", "jdbc:sqlite:" + dir.resolve("rest-catalog.db").toAbsolutePath());
        builder.environment().put("CATALOG_WAREHOUSE", dir.resolve("warehouse").toAbsolutePath().toString());
        builder.environment().put("CATALOG_REST_PORT", String.valueOf(port));
        RestCatalogTestServer server = new RestCatalogTestServer(port, builder.start());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.answers()) {
            if (!server.process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("the REST catalog server did not start; see " + dir.resolve("rest-catalog.log")
                        + ":\n" + Files.readString(dir.resolve("rest-catalog.log")));
            }
            Thread.sleep(200);
        }
        return server;
    }

    private static String classPath() throws IOException {
        Path jars = Path.of("target/rest-catalog").toAbsolutePath();
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException(jars + " is missing; run `mvn process-test-resources` once (it copies the REST"
                    + " catalog server's jars there)");
        }
        List<String> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(jars)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> entries.add(f.toString()));
        }
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(e -> !e.contains("iceberg-spark-runtime") && !e.contains("/org/eclipse/jetty/")
                        && !e.contains("jakarta.servlet") && !e.contains("/target/classes") && !e.contains("/target/test-classes"))
                .forEach(entries::add);
        return String.join(File.pathSeparator, entries);
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(uri() + "v1/config").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The catalog's address, as {@code --catalog} takes it. */
    public String uri() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
