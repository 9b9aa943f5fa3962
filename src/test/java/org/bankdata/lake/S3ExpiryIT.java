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
 * {@code bankdata expire} on a lake on S3 (S3Proxy on 127.0.0.1). A second host with its own state folder, and so its
 * own Iceberg catalog, is refused by the lake's ownership record before it can publish or expire anything, so it can
 * never remove what the owning host's run in flight has written; the owning host's expiry keeps that run's files, and
 * the files of the releases the retention keeps, and removes the others only past the orphan age.
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
    void aSecondHostWithItsOwnCatalogIsRefusedAndRemovesNothingOfTheOwningHost() {
        TestReleases.publish(hostA, "r1", 3);
        String aCommitted = TestReleases.commitOnBranch(hostA, "a9", 5);
        String aNotYetCommitted = TestReleases.writeFile(hostA, "a9", 6);
        List<String> r1Files = hostA.snapshots().published("r1").orElseThrow().table(TestReleases.TABLE).files();

        assertThatThrownBy(() -> TestReleases.publish(hostB, "r2", 4)).isInstanceOf(UsageException.class)
                .hasMessageContaining("belongs to catalog");
        assertThatThrownBy(() -> new LakeExpiry(hostB).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now().plus(Duration.ofDays(30))))
                .isInstanceOf(UsageException.class).hasMessageContaining("belongs to catalog");

        assertThat(exists(aCommitted)).as("host A's write committed on its run's branch").isTrue();
        assertThat(exists(aNotYetCommitted)).as("host A's write not committed yet").isTrue();
        assertThat(r1Files).allSatisfy(f -> assertThat(exists(f)).isTrue());
        assertThat(quarters(hostA, hostA.snapshots().require())).isEqualTo(3);
    }

    @Test
    void theOwningHostsExpiryKeepsItsRunInFlightAndTheKeptReleasesAndRemovesOrphansOnlyPastTheirAge() {
        TestReleases.publish(hostA, "r1", 3);
        TestReleases.publish(hostA, "r2", 4);
        String aCommitted = TestReleases.commitOnBranch(hostA, "a9", 5);
        String aNotYetCommitted = TestReleases.writeFile(hostA, "a9", 6);
        TestReleases.publish(hostA, "r4", 2);
        TestReleases.publish(hostA, "r5", 1);
        List<String> r1Files = hostA.snapshots().published("r1").orElseThrow().table(TestReleases.TABLE).files();
        List<String> r2Files = hostA.snapshots().published("r2").orElseThrow().table(TestReleases.TABLE).files();

        LakeExpiry.Result now = new LakeExpiry(hostA).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now());
        assertThat(now.kept()).containsExactly("r5", "r4");
        assertThat(now.expired()).containsExactlyInAnyOrder("r2", "r1");
        assertThat(now.filesRemoved()).as("nothing is older than the orphan age yet").isZero();
        assertThat(exists(aCommitted)).isTrue();
        assertThat(exists(aNotYetCommitted)).isTrue();
        assertThat(r1Files).allSatisfy(f -> assertThat(exists(f)).isTrue());
        assertThat(r2Files).allSatisfy(f -> assertThat(exists(f)).isTrue());
        assertThat(quarters(hostA, new Releases(hostA).asOf("r4"))).isEqualTo(2);
        assertThatThrownBy(() -> new Releases(hostA).asOf("r2")).isInstanceOf(UsageException.class)
                .hasMessageContaining("releases that can be read: r5 (current), r4");

        // four days on (past the orphan age): the expired releases' files and the write never committed go; the run in
        // flight's committed write stays, its branch still names it
        LakeExpiry.Result later = new LakeExpiry(hostA).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now().plus(Duration.ofDays(4)));
        assertThat(later.kept()).containsExactly("r5", "r4");
        assertThat(r1Files).allSatisfy(f -> assertThat(exists(f)).as(f).isFalse());
        assertThat(r2Files).allSatisfy(f -> assertThat(exists(f)).as(f).isFalse());
        assertThat(exists(aNotYetCommitted)).isFalse();
        assertThat(exists(aCommitted)).as("named by the run's branch").isTrue();
        assertThat(later.filesRemoved()).isEqualTo(r1Files.size() + r2Files.size() + 1);
        assertThat(quarters(hostA, hostA.snapshots().require())).isEqualTo(1);
    }

    private boolean exists(String key) {
        return server.hasObject(lake.resolve(key));
    }

    private static int quarters(LakeSite host, Snapshot release) {
        try (LakeQueryEngine engine = LakeQueryEngine.open(host.readable(release), release, QuarterRange.ALL)) {
            return ((Number) engine.query("SELECT count(*) FROM dim_period").rows().get(0).get(0)).intValue();
        }
    }
}
