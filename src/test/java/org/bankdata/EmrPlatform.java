package org.bankdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Spark classpath of Amazon EMR 7.x (7.8 and later), assembled from Maven for tests: Spark 3.5 with its own
 * libraries (the Spark part of the build's runtime classpath, {@code target/lib}), but Hadoop 3.4.1's client, hadoop-aws
 * 3.4.1, the AWS SDK v2 bundle, the Iceberg Spark runtime and Log4j 2 as Spark's logging binding
 * ({@code target/emr-platform/provided}, copied by the {@code platform} Maven profile). None of bankdata's own
 * libraries is on it: what the platform jar needs beyond the platform, it must carry.
 */
public final class EmrPlatform {
    /** bankdata's libraries and the versions the platform replaces: none of them is on the platform's classpath. */
    private static final Pattern NOT_ON_THE_PLATFORM = Pattern.compile("(duckdb_jdbc|jfreechart|picocli|jackson-datatype-jsr310"
            + "|jackson-dataformat-csv|failsafe|sqlite-jdbc|javalin|jetty-.*|jakarta\\.enterprise\\..*|jakarta\\.inject-api"
            + "|jakarta\\.interceptor-api|jakarta\\.transaction-api|jakarta\\.servlet-api|asm|asm-commons|asm-tree|kotlin-stdlib"
            + "|echarts|tslib|zrender|postgresql|checker-qual|logback-classic|logback-core|log4j-to-slf4j"
            + "|hadoop-aws|hadoop-client-api|hadoop-client-runtime|aws-java-sdk-bundle|spark-hadoop-cloud_2\\.12"
            + "|iceberg-spark-runtime-3\\.5_2\\.12)-[0-9].*\\.jar"
            // the AWS SDK v2 modules that sign REST catalog requests: the platform has them in its SDK v2 bundle
            + "|(annotations|auth|aws-core|aws-json-protocol|aws-query-protocol|checksums|checksums-spi|endpoints-spi"
            + "|http-auth|http-auth-aws|http-auth-aws-eventstream|http-auth-spi|http-client-spi|identity-spi|json-utils|kms"
            + "|metrics-spi|profiles|protocol-core|regions|retries|retries-spi|sdk-core|sts|third-party-jackson-core|utils)"
            + "-2\\.[0-9]+\\.[0-9]+\\.jar|eventstream-1\\.[0-9.]+\\.jar");

    private EmrPlatform() {
    }

    /** A SPARK_HOME under {@code work} whose {@code jars/} links to the platform's jars. */
    public static Path sparkHome(Path work) throws IOException {
        Path lib = Path.of("target/lib").toAbsolutePath();
        Path provided = Path.of("target/emr-platform/provided").toAbsolutePath();
        for (Path folder : List.of(lib, provided)) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException(folder + " is missing: run the platform lane (./run-tests --platform),"
                        + " which packages the build and copies the platform's jars");
            }
        }
        Path jars = Files.createDirectories(work.resolve("emr-spark-home/jars"));
        for (Path jar : jars(lib, provided)) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        return jars.getParent();
    }

    private static List<Path> jars(Path lib, Path provided) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> spark = Files.list(lib); Stream<Path> platform = Files.list(provided)) {
            spark.filter(j -> !NOT_ON_THE_PLATFORM.matcher(j.getFileName().toString()).matches()).forEach(jars::add);
            platform.forEach(jars::add);
        }
        return jars;
    }

    /**
     * The platform's classpath in a fixed order: Spark's own jars first, then what the platform adds (the AWS SDK v2
     * bundle carries an SLF4J 1 API of its own, which must not come before Spark's SLF4J 2).
     */
    public static String classPath(Path sparkHome) throws IOException {
        Path provided = Path.of("target/emr-platform/provided").toAbsolutePath();
        try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
            return jars.sorted(java.util.Comparator.comparing((Path j) -> isProvided(j, provided)).thenComparing(Path::toString))
                    .map(Path::toString).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
    }

    private static boolean isProvided(Path link, Path provided) {
        try {
            return Files.readSymbolicLink(link).startsWith(provided);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code spark-submit} of the platform: a driver JVM on the platform's jars running Spark's own submit class, as
     * an EMR step's {@code spark-submit} does, with {@code submitArguments} (options, the application jar, its arguments).
     */
    public static ProcessBuilder sparkSubmit(Path sparkHome, List<String> submitArguments) throws IOException {
        // Spark's Log4j 2 at WARN, bankdata's own loggers at DEBUG: a failed task's cause shows in the driver's errors
        Path logging = sparkHome.resolve("conf/log4j2.properties");
        Files.createDirectories(logging.getParent());
        Files.writeString(logging, String.join("\n", "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = stderr",
                "appender.stderr.type = Console", "appender.stderr.name = stderr", "appender.stderr.target = SYSTEM_ERR",
                "appender.stderr.layout.type = PatternLayout", "appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c: %m%n",
                "logger.bankdata.name = org.bankdata", "logger.bankdata.level = debug", ""));
        ProcessBuilder builder = ChildJvm.builder(List.of("-Dlog4j2.configurationFile=" + logging.toUri()),
                "org.apache.spark.deploy.SparkSubmit", submitArguments, classPath(sparkHome), List.of());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder;
    }
}
