package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bankdata.cli.InProcessCli;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RetentionPolicy;
import org.bankdata.errors.UsageException;
import org.bankdata.query.LakeQueryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata expire} on a local lake: which releases stay readable, which files go, and that nothing a reader or
 * a running run needs is removed. Each release is a file of a known number of quarters (1, 2, 3...), so what a release
 * reads is checked against the number it was written with.
 */
class LakeExpiryTest {
    private static final Duration FOUR_DAYS = Duration.ofDays(4);

    @TempDir
    Path dir;

    private LakeSite site;

    @BeforeEach
    void open() {
        site = LakeSite.local(dir);
    }

    @AfterEach
    void close() {
        site.close();
    }

    @Test
    void keepsTheLastReleasesAndTheYoungOnesAndRemovesTheFilesOfTheOthersPastTheOrphanAge() {
        for (int i = 1; i <= 4; i++) {
            TestReleases.publish(site, "r" + i, i);
        }
        Map<String, List<String>> files = filesByRun("r1", "r2", "r3", "r4");
        long r1Snapshot = site.snapshots().published("r1").orElseThrow().table(TestReleases.TABLE).snapshotId();

        LakeExpiry.Result young = new LakeExpiry(site).expire(new RetentionPolicy(2, Duration.ofDays(10),
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now());
        assertThat(young.expired()).as("every release is younger than 10 days").isEmpty();
        assertThat(young.filesRemoved()).isZero();

        LakeExpiry.Result old = new LakeExpiry(site).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now().plus(FOUR_DAYS));
        assertThat(old.kept()).containsExactly("r4", "r3");
        assertThat(old.expired()).containsExactlyInAnyOrder("r2", "r1");
        assertThat(old.filesRemoved()).isEqualTo(2);
        assertThat(files.get("r1")).allSatisfy(f -> assertThat(dir.resolve(f)).doesNotExist());
        assertThat(files.get("r2")).allSatisfy(f -> assertThat(dir.resolve(f)).doesNotExist());
        assertThat(files.get("r3")).allSatisfy(f -> assertThat(dir.resolve(f)).exists());
        assertThat(files.get("r4")).allSatisfy(f -> assertThat(dir.resolve(f)).exists());
        assertThat(site.icebergCatalog().table(TestReleases.TABLE).refs()).doesNotContainKeys("release_r1", "release_r2")
                .containsKeys("release_r3", "release_r4", "main");
        assertThat(site.icebergCatalog().hasSnapshot(TestReleases.TABLE, r1Snapshot)).isFalse();

        assertThat(new Releases(site).list().stream().collect(Collectors.toMap(Release::runId, Release::state)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("r4", "current", "r3", "readable", "r2", "expired", "r1", "expired"));
        assertThat(quarters(new Releases(site).asOf("r3"))).isEqualTo(3);
        assertThat(quarters(new Releases(site).asOf("r4"))).isEqualTo(4);
        assertThatThrownBy(() -> new Releases(site).asOf("r1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("run r1").hasMessageContaining("releases that can be read: r4 (current), r3");
        assertThatThrownBy(() -> new Releases(site).asOf("r9")).isInstanceOf(UsageException.class)
                .hasMessageContaining("run r9 published no release").hasMessageContaining("r4 (current), r3");
    }

    @Test
    void aRunInFlightKeepsTheFilesItCommittedOnItsBranchAndTheOnesItHasNotCommittedYet() {
        for (int i = 1; i <= 3; i++) {
            TestReleases.publish(site, "r" + i, i);
        }
        String committed = TestReleases.commitOnBranch(site, "r4", 7);
        String notYetCommitted = TestReleases.writeFile(site, "r4", 8);
        String r1File = filesByRun("r1").get("r1").get(0);
        RetentionPolicy keepTwo = new RetentionPolicy(2, Duration.ZERO, RetentionPolicy.DEFAULT_ORPHAN_AGE);

        LakeExpiry.Result now = new LakeExpiry(site).expire(keepTwo, Instant.now());
        assertThat(now.expired()).containsExactly("r1");
        assertThat(now.filesRemoved()).as("every unnamed file is younger than the orphan age").isZero();
        assertThat(now.filesTooYoung()).isEqualTo(2); // r1's file and the file not committed yet
        assertThat(dir.resolve(notYetCommitted)).exists();
        assertThat(dir.resolve(r1File)).exists();

        LakeExpiry.Result later = new LakeExpiry(site).expire(keepTwo, Instant.now().plus(FOUR_DAYS));
        assertThat(later.filesRemoved()).isEqualTo(2);
        assertThat(dir.resolve(r1File)).doesNotExist();
        assertThat(dir.resolve(notYetCommitted)).as("unnamed and past the orphan age").doesNotExist();
        assertThat(dir.resolve(committed)).as("the head of branch run_r4").exists();

        Snapshot published = site.snapshots().publish(TestReleases.release("r4", 7, committed, "r3"),
                new CatalogRelease(site.icebergCatalog()));
        assertThat(quarters(published)).isEqualTo(7);
    }

    /**
     * A timed-out attempt of a published run commits its write afterwards on its own branch: expiry removes that branch,
     * and keeps the branch of a run that has not published.
     */
    @Test
    void branchesOfPublishedRunsAreRemovedAndThoseOfUnpublishedRunsKept() {
        TestReleases.publish(site, "r1", 3);
        LakeCatalog catalog = site.icebergCatalog();
        String late = LakeCatalog.attemptBranch("r1", "build_charts", 1);
        catalog.ensureBranch(TestReleases.TABLE, late); // what a late attempt of r1 leaves behind
        String inFlight = LakeCatalog.attemptBranch("r2", "build_charts", 1);
        catalog.ensureBranch(TestReleases.TABLE, inFlight);
        TestReleases.commitOnBranch(site, "r3", 4); // run_r3: a run that has not published

        LakeExpiry.Result r = new LakeExpiry(site).expire(new RetentionPolicy(2, Duration.ZERO,
                RetentionPolicy.DEFAULT_ORPHAN_AGE), Instant.now());

        assertThat(r.branchesRemoved()).isEqualTo(1);
        assertThat(catalog.table(TestReleases.TABLE).refs()).doesNotContainKey(late)
                .containsKeys(inFlight, "run_r3", "release_r1", "main");
        assertThat(quarters(new Releases(site).asOf("r1"))).isEqualTo(3);
    }

    /** A crash between the tables' commits and the release record, then the publish retried, then an expiry. */
    @Test
    void aPublishRetriedAfterACrashLeavesThePreviousReleaseReadableThroughAnExpiry() {
        TestReleases.publish(site, "r1", 5);
        String r1File = filesByRun("r1").get("r1").get(0);
        String key = TestReleases.commitOnBranch(site, "r2", 6);
        assertThatThrownBy(() -> site.snapshots().publish(TestReleases.release("r2", 6, key, "r1"), next -> {
            new CatalogRelease(site.icebergCatalog()).apply(next);
            throw new IllegalStateException("the process died before the release record was written");
        })).hasMessageContaining("process died");
        assertThat(site.snapshots().require().runId()).isEqualTo("r1");

        site.snapshots().publish(TestReleases.release("r2", 6, key, "r1"), new CatalogRelease(site.icebergCatalog()));
        new LakeExpiry(site).expire(RetentionPolicy.DEFAULT, Instant.now().plus(Duration.ofDays(30)));

        assertThat(dir.resolve(r1File)).exists();
        InProcessCli.Result asOf = InProcessCli.bankdata("query", "--lake", dir.toString(), "--as-of", "r1", "--format", "csv",
                "SELECT count(*) AS n FROM dim_period");
        assertThat(asOf.exit()).as(asOf.err()).isZero();
        assertThat(asOf.out()).contains("n\n5");
        InProcessCli.Result current = InProcessCli.bankdata("query", "--lake", dir.toString(), "--format", "csv",
                "SELECT count(*) AS n FROM dim_period");
        assertThat(current.out()).contains("n\n6");
        InProcessCli.Result unknown = InProcessCli.bankdata("query", "--lake", dir.toString(), "--as-of", "r7",
                "SELECT 1");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("error: run r7 published no release").doesNotContain("\n")
                .contains("releases that can be read: r2 (current), r1");
    }

    /** The files of a release of the earlier layout, registered by {@code bankdata migrate}, lie outside data/. */
    @Test
    void aMigratedReleaseKeepsItsFoldersFilesUntilItExpires() {
        String written = TestReleases.writeFile(site, "r0", 2);
        String old = LakeLayout.tableKey(TestReleases.TABLE) + "/v_r0/part-00000.parquet";
        site.storage().write(old, site.storage().read(written).orElseThrow());
        site.storage().delete(written);
        PublishedTable earlier = new PublishedTable(TestReleases.TABLE, LakeLayout.tableKey(TestReleases.TABLE) + "/v_r0", 2,
                "r0", null, null);
        byte[] record = ("{\"runId\":\"r0\",\"publishedAt\":\"" + Instant.now() + "\",\"tables\":{\"dim_period\":"
                + "{\"name\":\"dim_period\",\"path\":\"" + earlier.path() + "\",\"rows\":2,\"runId\":\"r0\"}}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        site.storage().write(LakeLayout.SNAPSHOT, record);
        new LakeMigration(site).register(site.snapshots().currentAsStored().orElseThrow());
        TestReleases.publish(site, "r1", 1);
        RetentionPolicy keepTwo = new RetentionPolicy(2, Duration.ZERO, RetentionPolicy.DEFAULT_ORPHAN_AGE);

        assertThat(new LakeExpiry(site).expire(keepTwo, Instant.now().plus(FOUR_DAYS)).filesRemoved()).isZero();
        assertThat(dir.resolve(old)).exists();
        assertThat(quarters(new Releases(site).asOf("r0"))).isEqualTo(2);

        TestReleases.publish(site, "r2", 3);
        LakeExpiry.Result expired = new LakeExpiry(site).expire(keepTwo, Instant.now().plus(FOUR_DAYS));
        assertThat(expired.expired()).containsExactly("r0");
        assertThat(dir.resolve(old)).doesNotExist();
        assertThat(quarters(new Releases(site).asOf("r1"))).isEqualTo(1);
    }

    private int quarters(Snapshot release) {
        try (LakeQueryEngine engine = LakeQueryEngine.open(site.readable(release), release, QuarterRange.ALL)) {
            return ((Number) engine.query("SELECT count(*) FROM dim_period").rows().get(0).get(0)).intValue();
        }
    }

    /** The data files each run's release record names. */
    private Map<String, List<String>> filesByRun(String... runs) {
        Map<String, List<String>> files = new java.util.HashMap<>();
        for (String run : runs) {
            files.put(run, site.snapshots().published(run).orElseThrow().table(TestReleases.TABLE).files());
            assertThat(files.get(run)).allSatisfy(f -> assertThat(Files.exists(dir.resolve(f))).isTrue());
        }
        return files;
    }
}
