package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RetentionPolicy;
import org.bankdata.errors.UsageException;
import org.bankdata.query.LakeQueryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata expire} on a lake on S3 (S3Proxy on 127.0.0.1) used by two hosts, each with its own state folder and
 * so its own Iceberg catalog: host B's expiry must not remove what host A's run in flight has written, nor the files of
 * a release host A published that the retention keeps, though B's catalog names none of them.
 */
class S3ExpiryIT {
    private static S3TestServer server;

    @TempDir
    Path work;

    private LakeLocation lake;
    private LakeSite hostA;
    private LakeSite hostB;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.shared();
    }

    @BeforeEach
    void open() {
        lake = server.newLake("shared/bankdata");
        hostA = LakeSite.open(lake, server.settings(), work.resolve("state-a"));
        hostB = LakeSite.open(lake, server.settings(), work.resolve("state-b"));
    }

    @AfterEach
    void close() {
        hostA.close();
        hostB.close();
    }

    @Test
    void hostBsExpiryLeavesHostAsRunInFlightAndHostAsKeptReleaseInPlace() {
        TestReleases.publish(hostA, "r1", 3);
        TestReleases.publish(hostB, "r2", 4);
        String aCommitted = TestReleases.commitOnBranch(hostA, "a9", 5);
        String aNotYetCommitted = TestReleases.writeFile(hostA, "a9", 6);
        TestReleases.publish(hostB, "r4", 2);
        TestReleases.publish(hostB, "r5", 1);
        List<String> r1Files = hostB.snapshots().published("r1").orElseThrow().table(TestReleases.TABLE).files();
        List<String> r2Files = hostB.snapshots().published("r2").orElseThrow().table(TestReleases.TABLE).files();

        LakeExpiry.Result now = new LakeExpiry(hostB).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now());
        assertThat(now.kept()).containsExactly("r5", "r4");
        assertThat(now.expired()).as("r1 was never readable on host B").containsExactly("r2");
        assertThat(now.filesRemoved()).isZero();
        assertThat(exists(aCommitted)).as("host A's write committed on its run's branch").isTrue();
        assertThat(exists(aNotYetCommitted)).as("host A's write not committed yet").isTrue();
        assertThat(r1Files).allSatisfy(f -> assertThat(exists(f)).isTrue());
        assertThat(r2Files).allSatisfy(f -> assertThat(exists(f)).isTrue());

        assertThat(quarters(new Releases(hostB).asOf("r4"))).isEqualTo(2);
        assertThatThrownBy(() -> new Releases(hostB).asOf("r2")).isInstanceOf(UsageException.class)
                .hasMessageContaining("releases that can be read: r5 (current), r4");

        // four days on, keeping the last 4 releases: host A's r1 is one of them; B's catalog does not name its file,
        // its release record does
        LakeExpiry.Result later = new LakeExpiry(hostB).expire(new RetentionPolicy(4, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now().plus(Duration.ofDays(4)));
        assertThat(later.kept()).containsExactly("r5", "r4", "r2", "r1");
        assertThat(r1Files).allSatisfy(f -> assertThat(exists(f)).as(f).isTrue());
        assertThat(quarters(hostA.snapshots().published("r1").orElseThrow())).isEqualTo(3);
        // what protects another host's run in flight is the orphan age alone: past it, host B removes what it cannot
        // see named (the limit docs/OPERATIONS.md states: hosts that share a lake share a catalog, or one host expires)
        assertThat(later.filesRemoved()).isEqualTo(2);
        assertThat(exists(aNotYetCommitted)).isFalse();
        assertThat(exists(aCommitted)).isFalse();
    }

    private boolean exists(String key) {
        return server.hasObject(lake.resolve(key));
    }

    private int quarters(Snapshot release) {
        try (LakeQueryEngine engine = LakeQueryEngine.open(hostB.readable(release), release, QuarterRange.ALL)) {
            return ((Number) engine.query("SELECT count(*) FROM dim_period").rows().get(0).get(0)).intValue();
        }
    }
}
