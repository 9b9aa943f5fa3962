package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.TestSpark;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.RefusingProxy;
import org.bankdata.lake.S3TestServer;
import org.bankdata.spark.SparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults with the lake on S3: an endpoint nobody answers at start, and a server refusing the PUT of the
 * snapshot pointer in the middle of a publish. Each gives one line naming the bucket and the endpoint and what to
 * check, exit 1, and leaves what is published as it was; the refused run can be resumed once writes pass again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3FaultIT {
    @TempDir
    static Path work;

    private S3TestServer server;
    private RefusingProxy proxy;
    private LakeLocation lake;
    private Path state;

    @BeforeAll
    void start() throws Exception {
        TestSpark.session();
        server = S3TestServer.shared();
        proxy = RefusingProxy.to(server.port());
        lake = server.newLake("bankdata");
        state = work.resolve("state");
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        // the shared session is made for a local lake again, for the tests after this one
        SparkSessions.create("local[2]", S3Settings.none());
    }

    private InProcessCli.Result bankdata(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lake", lake.uri(), "--lake-state", state.toString()));
        S3Settings.read(S3TestServer.awsEnvironment(endpoint), Map.of()).properties().forEach((k, v) -> {
            all.add("--conf");
            all.add(k + "=" + v);
        });
        return InProcessCli.bankdata(all.toArray(String[]::new));
    }

    @Test
    void anEndpointNobodyAnswersFailsInSecondsWithOneLineNamingIt() throws Exception {
        String down = "http://127.0.0.1:" + freePort();
        long t0 = System.nanoTime();

        InProcessCli.Result run = bankdata(down, "run", "--quiet");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1e9).as("bounded retries").isLessThan(30);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(run.err()).singleElement().asString()
                .contains(lake.bucket()).contains(down).contains("check the endpoint").doesNotContain("Exception");
        assertThat(Path.of("s3a:")).doesNotExist();
    }

    @Test
    void aRefusedPointerWriteLeavesThePublishedSnapshotAndTheRunCanBeResumed() throws Exception {
        InProcessCli.Result first = bankdata(proxy.endpoint(), "run", "--quiet");
        assertThat(first.exit()).as(first.err()).isZero();
        LakeLocation pointer = lake.resolve("tables/_snapshot.json");
        byte[] published = server.objectBytes(pointer);

        proxy.refusePuts("/tables/_snapshot\\.json$");
        InProcessCli.Result refused = bankdata(proxy.endpoint(), "run", "--only", "publish", "--quiet");
        proxy.refusePuts(null);

        assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
        assertThat(proxy.refused()).isPositive();
        List<String> errors = refused.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(refused.err()).singleElement().asString().contains(lake.bucket())
                .contains(proxy.endpoint()).contains("access denied").contains("permissions").doesNotContain("Exception");
        assertThat(server.objectBytes(pointer)).as("the published snapshot is unchanged").isEqualTo(published);
        InProcessCli.Result query = bankdata(server.endpoint(), "query", "--format", "csv",
                "SELECT count(*) AS n FROM fact_complaints");
        assertThat(query.out()).isEqualTo("n\n892\n");

        Matcher failed = Pattern.compile("run (\\S+) failed at publish").matcher(refused.err());
        assertThat(failed.find()).as(refused.err()).isTrue();
        InProcessCli.Result resumed = bankdata(proxy.endpoint(), "run", "--resume", failed.group(1), "--quiet");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(server.objectBytes(pointer)).isNotEqualTo(published);
    }

    @Test
    void aFailedMultipartCompletionIsOneLineNamingTheBucketTheObjectAndWhatFailed() throws Exception {
        LakeLocation before = lake;
        LakeLocation completion = server.newLake("completion");
        lake = completion;
        proxy.failCompletions(true);
        InProcessCli.Result run;
        try {
            run = bankdata(proxy.endpoint(), "run", "--quiet");
        } finally {
            proxy.failCompletions(false);
            lake = before;
        }

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(proxy.refused()).isPositive();
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(run.err()).singleElement().asString()
                .containsPattern("s3a://" + Pattern.quote(completion.bucket()) + "/completion/\\S+")
                .contains("completing the upload").contains("500").contains("InternalError")
                .doesNotContain("Exception");
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
