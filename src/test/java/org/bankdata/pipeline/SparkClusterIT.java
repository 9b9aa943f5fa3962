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
import org.bankdata.SparkEventLog;
import org.bankdata.SparkStandaloneCluster;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real Spark standalone cluster: a master and two workers started as child JVMs from the
 * Maven jars on 127.0.0.1 (free ports), two workers with their own work directories, a SPARK_HOME holding only {@code jars/}, the application classes
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

    private SparkStandaloneCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = SparkStandaloneCluster.start(work, 2, 1);
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
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
        Path events = work.resolve("events");
        Process driver = ChildJvm.bankdata(cluster.driverOptions(events),
                List.of("run", "--master", cluster.masterUrl(), "--lake", clusterLake.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(driver.waitFor(420, TimeUnit.SECONDS)).as("driver finished: %s", SparkStandaloneCluster.tail(log, 40)).isTrue();
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(driver.exitValue()).as(output).isZero();
        assertThat(output).contains("CAIXA ECONÔMICA FEDERAL (conglomerado)").contains("138458");
        assertThat(cluster.completedApplications()).as("the master ran the driver's application").isPositive();
        SparkEventLog ran = SparkEventLog.read(events);
        assertThat(ran.workers()).as("executors were launched on both workers").hasSize(2);
        assertThat(ran.successfulTasksByWorker()).as("tasks ran on both workers' executors").hasSize(2)
                .allSatisfy((worker, tasks) -> assertThat(tasks).isPositive());
        for (String table : TABLES) {
            assertThat(PipelineIT.contents(clusterLake, table)).as(table).isEqualTo(PipelineIT.contents(localLake, table));
        }
    }
}
