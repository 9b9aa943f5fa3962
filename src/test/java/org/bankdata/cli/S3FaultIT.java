package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.bankdata.TestSpark;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.RefusingProxy;
import org.bankdata.lake.S3TestServer;
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
        TestSpark.stop();
    }

    private InProcessCli.Result bankdata(String endpoint, String... args) {
        if (args[0].equals("run")) {
            // a run asks for the session of its S3 settings (the endpoint's and its own --conf): one per Spark context
            Map<String, String> conf = new java.util.TreeMap<>();
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("--conf")) {
                    String[] setting = args[i + 1].split("=", 2);
                    conf.put(setting[0], setting[1]);
                }
            }
            TestSpark.session(S3Settings.read(S3TestServer.awsEnvironment(endpoint), conf));
        }
        return command(endpoint, args);
    }

    /** {@code bankdata <args>} on the lake, reaching S3 at {@code endpoint}, with whatever Spark session is running. */
    private InProcessCli.Result command(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lake", lake.uri(), "--lake-state", state.toString()));
        S3Settings settings = S3Settings.read(S3TestServer.awsEnvironment(endpoint), Map.of());
        settings.properties().forEach((k, v) -> {
            all.add("--conf");
            all.add(k + "=" + v);
        });
        return InProcessCli.bankdata(all.toArray(String[]::new));
    }

    @Test
    void anEndpointNobodyAnswersFailsInSecondsWithOneLineNamingIt() throws Exception {
        String down = "http://127.0.0.1:" + freePort();
        // the run stops at the lake, before it would start Spark: no session is started for it here either
        TestSpark.stop();
        long t0 = System.nanoTime();

        InProcessCli.Result run = command(down, "run", "--quiet");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1e9).as("bounded retries").isLessThan(30);
        assertThat(SparkSession.getDefaultSession().isEmpty()).as("failed before starting Spark").isTrue();
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

    /**
     * The landed copy of a bank list above S3A's multipart size (5 MB, its minimum) is sent in parts: the server
     * failing their completion fails the run in one line naming the object, nothing is published, and the same run
     * passes once the server completes uploads again.
     */
    @Test
    void aFailedMultipartCompletionIsOneLineNamingTheBucketTheObjectAndWhatFailed() throws Exception {
        Path generated = work.resolve("generated");
        InProcessCli.Result generate = InProcessCli.bankdata("generate", "--scale", "40", "--out", generated.toString());
        assertThat(generate.exit()).as(generate.err()).isZero();
        Path banks = generated.resolve("banks/EnquadramentoInicia_v2.tsv");
        assertThat(java.nio.file.Files.size(banks)).as("above one part").isGreaterThan(MULTIPART_SIZE);
        String[] run = {"run", "--quiet", "--banks", banks.toString(), "--conf", "fs.s3a.multipart.size=" + MULTIPART_SIZE,
                "--conf", "fs.s3a.multipart.threshold=" + MULTIPART_SIZE};
        LakeLocation before = lake;
        LakeLocation completion = server.newLake("completion");
        lake = completion;
        int refusedBefore = proxy.refused();
        proxy.failCompletions(true);
        InProcessCli.Result failed;
        try {
            failed = bankdata(proxy.endpoint(), run);
        } finally {
            proxy.failCompletions(false);
            lake = before;
        }

        assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
        assertThat(proxy.refused()).as("completions failed by the server").isGreaterThan(refusedBefore);
        List<String> errors = failed.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(failed.err()).singleElement().asString()
                .containsPattern("s3a://" + Pattern.quote(completion.bucket()) + "/completion/\\S+")
                .contains("completing the upload").contains("500").contains("InternalError")
                .doesNotContain("Exception");
        assertThat(server.hasObject(completion.resolve("tables/_snapshot.json"))).as("nothing published").isFalse();

        lake = completion;
        InProcessCli.Result rerun;
        try {
            rerun = bankdata(proxy.endpoint(), run);
        } finally {
            lake = before;
        }
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(server.hasObject(completion.resolve("tables/_snapshot.json"))).as("published by the rerun").isTrue();
    }

    /** S3A's smallest part size. */
    private static final long MULTIPART_SIZE = 5L * 1024 * 1024;

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
