package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that knows nothing of bankdata reads every published table through the catalog: a second JVM with only
 * Spark and Iceberg's Spark runtime on its class path (no bankdata class) runs {@code IcebergTableSums.java} with the
 * settings {@code bankdata catalog} prints, for a lake whose catalog is Iceberg's JDBC catalog in Postgres (and, in
 * {@link RestCatalogCliIT}, on the lake that class publishes, for an Iceberg REST catalog). Each table's row count and the sum of each numeric column equal what
 * DuckDB computes over the data files the lake's release record names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalEngineIT {
    @TempDir
    static Path work;

    private LocalPostgres postgres;

    @BeforeAll
    void start() throws Exception {
        postgres = LocalPostgres.shared();
        postgres.createDatabase("external_catalog");
        TestSpark.session();
    }

    @Test
    void sparkWithOnlyIcebergReadsEveryTableOfThePostgresCatalogWithDuckDbsRowsAndSums() throws Exception {
        String catalog = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/external_catalog?user=" + LocalPostgres.SUPERUSER
                + "&password=" + LocalPostgres.SUPERUSER_PASSWORD;
        Path lake = publish("pg-lake", catalog);
        List<String> settings = settings(lake, catalog);
        assertThat(settings).contains("spark.sql.catalog.bankdata.catalog-impl=org.apache.iceberg.jdbc.JdbcCatalog");
        // the operator fills in the password bankdata never prints
        settings.replaceAll(s -> s.startsWith("spark.sql.catalog.bankdata.jdbc.password=")
                ? "spark.sql.catalog.bankdata.jdbc.password=" + LocalPostgres.SUPERUSER_PASSWORD : s);
        assertSameAsDuckDb(lake, externalRead(work, settings, "pg"));
    }

    private static Path publish(String name, String catalog) {
        Path lake = work.resolve(name);
        Result run = InProcessCli.bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lake.toString(), "--catalog", catalog, "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        return lake;
    }

    /** {@code bankdata catalog}'s settings as key=value. */
    static List<String> settings(Path lake, String catalog) {
        Result printed = InProcessCli.bankdata("catalog", "--lake", lake.toString(), "--catalog", catalog);
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out()).doesNotContain(LocalPostgres.SUPERUSER_PASSWORD);
        return new ArrayList<>(printed.out().lines().map(l -> l.replaceFirst(" ", "=")).toList());
    }

    /** Table → [row count, column=sum...] as the external engine prints them. */
    static Map<String, List<String>> externalRead(Path work, List<String> settings, String name) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(command::add);
        Path logback = work.resolve("external-logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"err\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<target>System.err</target><encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
                + "<root level=\"WARN\"><appender-ref ref=\"err\"/></root></configuration>");
        command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback,
                "-cp", sparkAndIcebergOnly(),
                Path.of("src/test/resources/external-engine/IcebergTableSums.java").toAbsolutePath().toString(), "bankdata"));
        command.addAll(settings);
        Path log = work.resolve("external-" + name + ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the external engine finished").isTrue();
        String out = Files.readString(log);
        assertThat(child.exitValue()).as(out).isZero();
        Map<String, List<String>> read = new TreeMap<>();
        out.lines().filter(l -> l.startsWith("TABLE\t")).map(l -> l.split("\t"))
                .forEach(f -> read.put(f[1], Arrays.asList(f).subList(2, f.length)));
        return read;
    }

    /** The jars of the test class path, without bankdata's own classes (target/classes, target/test-classes). */
    private static String sparkAndIcebergOnly() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String jars = Arrays.stream(classPath.split(File.pathSeparator)).filter(e -> e.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(jars).contains("iceberg-spark-runtime").doesNotContain("target/classes");
        return jars;
    }

    static void assertSameAsDuckDb(Path lake, Map<String, List<String>> external) throws Exception {
        Snapshot release = new SnapshotStore(new LakeLayout(lake)).require();
        assertThat(external.keySet()).containsExactlyInAnyOrderElementsOf(release.tables().keySet());
        int withRows = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (PublishedTable table : release.tables().values()) {
                List<String> read = external.get(table.name());
                Map<String, String> sums = new LinkedHashMap<>();
                read.subList(1, read.size()).forEach(s -> sums.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
                if (table.files().isEmpty()) {
                    assertThat(read.get(0)).as(table.name()).isEqualTo("0");
                    continue;
                }
                withRows++;
                String files = table.files().stream().map(f -> "'" + lake.resolve(f) + "'")
                        .collect(Collectors.joining(", ", "[", "]"));
                String select = "SELECT count(*)" + sums.keySet().stream().map(c -> ", sum(\"" + c + "\")::VARCHAR")
                        .collect(Collectors.joining()) + " FROM read_parquet(" + files + ")";
                try (ResultSet rs = st.executeQuery(select)) {
                    rs.next();
                    assertThat(read.get(0)).as(table.name() + " rows").isEqualTo(String.valueOf(rs.getLong(1)));
                    int i = 2;
                    for (Map.Entry<String, String> sum : sums.entrySet()) {
                        String duckDb = rs.getString(i++);
                        assertThat(sameNumber(sum.getValue(), duckDb)).as(table.name() + "." + sum.getKey() + ": external "
                                + sum.getValue() + ", DuckDB " + duckDb).isTrue();
                    }
                }
            }
        }
        assertThat(withRows).as("tables with rows").isGreaterThan(10);
    }

    /** Equal numbers (double sums may differ in the last digits, as the two engines add in other orders). */
    private static boolean sameNumber(String a, String b) {
        if (a.equals("null") || b == null) {
            return a.equals("null") && b == null;
        }
        BigDecimal x = new BigDecimal(a);
        BigDecimal y = new BigDecimal(b);
        if (x.compareTo(y) == 0) {
            return true;
        }
        BigDecimal scale = x.abs().max(y.abs());
        return x.subtract(y).abs().compareTo(scale.multiply(new BigDecimal("1e-9"), MathContext.DECIMAL64)) <= 0;
    }
}
