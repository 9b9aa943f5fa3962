package org.bankdata.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.bankdata.BundledData;
import org.bankdata.ChildJvm;
import org.bankdata.EmrPlatform;
import org.bankdata.SparkEventLog;
import org.bankdata.SparkStandaloneCluster;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/bankdata-platform.jar} on an emulated Amazon EMR 7.x: a Spark standalone master and two workers
 * whose only classpath is the platform's ({@link EmrPlatform}: Spark 3.5, Hadoop 3.4.1, hadoop-aws 3.4.1, the AWS SDK
 * v2 bundle, Iceberg), the jar submitted with Spark's own submit class as an EMR step does, every input and the lake on
 * the S3 server.
 * Runs in the platform lane ({@code ./run-tests --platform}), after the build has packaged the jar.
 */
@Tag("platform")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class EmrPlatformIT {
    private static final Path PLATFORM_JAR = Path.of("target/bankdata-platform.jar").toAbsolutePath();
    /** Class folders the platform provides: the jar must not carry (and so shadow) any of them. */
    private static final List<String> PROVIDED = List.of("org/apache/spark/", "org/apache/hadoop/", "com/amazonaws/",
            "software/amazon/", "org/apache/iceberg/", "scala/", "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/", "org/slf4j/", "org/apache/logging/", "ch/qos/logback/");

    @TempDir
    static Path work;

    private S3TestServer s3;
    private SparkStandaloneCluster cluster;
    private Path sparkHome;

    @BeforeAll
    void start() throws Exception {
        s3 = S3TestServer.shared();
        sparkHome = EmrPlatform.sparkHome(work);
        cluster = SparkStandaloneCluster.start(work, 2, 1, sparkHome);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void thePlatformJarCarriesNoClassThePlatformProvides() throws Exception {
        try (JarFile jar = new JarFile(PLATFORM_JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("org/bankdata/cli/Main.class", "picocli/CommandLine.class", "org/duckdb/DuckDBDriver.class");
            for (String provided : PROVIDED) {
                assertThat(names).as("nothing under " + provided).noneMatch(n -> n.startsWith(provided));
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.bankdata.cli.Main");
        }
        try (var jars = Files.list(sparkHome.resolve("jars"))) {
            assertThat(jars.map(j -> j.getFileName().toString()).toList()).as("the emulated platform's classpath")
                    .contains("hadoop-client-api-3.4.1.jar", "hadoop-aws-3.4.1.jar", "bundle-2.24.6.jar")
                    .noneMatch(j -> j.startsWith("hadoop-client-api-3.3") || j.startsWith("aws-java-sdk-bundle")
                            || j.startsWith("picocli") || j.startsWith("duckdb") || j.startsWith("spark-hadoop-cloud"))
                    .anyMatch(j -> j.startsWith("iceberg-spark-runtime-3.5_2.12-")).anyMatch(j -> j.startsWith("spark-sql_2.12-3.5."));
        }
    }

    @Test
    void theJarSubmittedToThePlatformRunsThePipelineOnItsWorkersWithTheLakeOnS3() throws Exception {
        LakeLocation lake = s3.newLake("emr/bankdata");
        // every input in the bucket too, as an EMR step reads them
        LakeLocation in = LakeLocation.parse("s3a://" + lake.bucket() + "/in");
        s3.upload(BundledData.complaints(), in.resolve("complaints"));
        LakeLocation banks = in.resolve("banks/" + BundledData.bankList().getFileName());
        s3.putObject(banks, Files.readAllBytes(BundledData.bankList()));
        LakeLocation aliases = in.resolve("conform/conglomerate-aliases.csv");
        s3.putObject(aliases, Files.readAllBytes(BundledData.HOME.bundledConglomerateAliases()));
        s3.upload(BundledData.feeResponses(), in.resolve("fees-api/responses"));
        Path events = Files.createDirectories(work.resolve("events"));
        List<String> submit = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", "org.bankdata.cli.Main",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.memory=640m",
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", executorFlags()),
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                PLATFORM_JAR.toString(),
                "run", "--lake", lake.uri(), "--lake-state", work.resolve("driver-state").toString(), "--format", "json",
                "--complaints", in.resolve("complaints").uri(), "--banks", banks.uri(), "--conglomerate-aliases", aliases.uri(),
                "--api-responses", in.resolve("fees-api/responses").uri()));
        // the credentials as fs.s3a settings, no AWS variable naming keys: bankdata then leaves S3A's provider chain
        // to the platform (Hadoop 3.4 reads fs.s3a.access.key with its own default chain)
        submit.addAll(List.of("--conf", "fs.s3a.access.key=" + S3TestServer.ACCESS_KEY,
                "--conf", "fs.s3a.secret.key=" + S3TestServer.SECRET_KEY));
        ProcessBuilder driver = EmrPlatform.sparkSubmit(sparkHome, submit);
        driver.environment().putAll(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint(), "AWS_REGION", "us-east-1",
                "BANKDATA_LOG_LEVEL", "WARN"));
        // the driver runs where no bundled data is: the inputs come from the bucket only
        // the driver's output is kept in target/ (the work folder goes with the test), for a failure to be read
        Path logs = Files.createDirectories(Path.of("target/platform-it"));
        Path out = logs.resolve("driver.out");
        Path err = logs.resolve("driver.err");
        Process process = driver.directory(Files.createDirectories(work.resolve("driver-host")).toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("driver finished: %s",
                    SparkStandaloneCluster.tail(err, 40)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as(SparkStandaloneCluster.tail(err, 120)).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.get("chart_top_complaints").get(0).get("institution_name").asText())
                .isEqualTo("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(report.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(138_458);

        SparkEventLog ran = SparkEventLog.read(events);
        assertThat(ran.workers()).as("executors were launched on both workers").hasSize(2);
        assertThat(ran.successfulTasksByWorker()).as("tasks ran on both workers' executors").hasSize(2)
                .allSatisfy((worker, tasks) -> assertThat(tasks).isPositive());
        assertThat(s3.objectsUnder(lake)).as("the lake's objects on S3").isPositive();
    }

    /** The executors' JVM flags: the module flags Spark needs on Java 17 and the launcher's JIT and GC flags. */
    private static List<String> executorFlags() {
        List<String> flags = new ArrayList<>(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        flags.addAll(ChildJvm.LAUNCHER_FLAGS);
        return flags;
    }
}
