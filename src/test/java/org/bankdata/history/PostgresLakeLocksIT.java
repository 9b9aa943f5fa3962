package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bankdata.ChildJvm;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLocks;
import org.bankdata.lake.LakeSite;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leases and the publish lock as Postgres advisory locks, against a real server the test starts. */
class PostgresLakeLocksIT {
    private static LocalPostgres postgres;
    private static String url;
    private static HistoryLocation.Postgres db;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.shared();
        url = postgres.createDatabase("lake_locks") + "?user=" + LocalPostgres.SUPERUSER + "&password="
                + LocalPostgres.SUPERUSER_PASSWORD;
        db = (HistoryLocation.Postgres) HistoryLocation.parse(url, Map.of());
    }

    @Test
    void aLeaseIsHeldWhileOpenOnlyInItsLakeAndNotAfterwards() {
        PostgresLakeLocks lakeA = new PostgresLakeLocks(db, "/lakes/a");
        PostgresLakeLocks lakeB = new PostgresLakeLocks(db, "/lakes/b");
        assertThat(lakeA.isHeld("r1")).isFalse();
        try (LakeLocks.Held lease = lakeA.hold("r1")) {
            assertThat(lakeA.isHeld("r1")).isTrue();
            assertThat(new PostgresLakeLocks(db, "/lakes/a").isHeld("r1")).as("seen by anyone").isTrue();
            assertThat(lakeA.isHeld("r1~extract_fees")).isFalse();
            assertThat(lakeB.isHeld("r1")).as("another lake in the same database").isFalse();
            assertThatThrownBy(() -> lakeA.hold("r1")).isInstanceOf(LakeException.class)
                    .hasMessage("r1 is being run by another live process; wait for it, or stop it first");
            try (LakeLocks.Held other = lakeB.hold("r1")) {
                assertThat(lakeB.isHeld("r1")).isTrue();
            }
        }
        assertThat(lakeA.isHeld("r1")).isFalse();
        assertThat(lakeB.isHeld("r1")).isFalse();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLeaseOfAProcessKilledWithSigkillIsReleasedByTheServer() throws Exception {
        PostgresLakeLocks locks = new PostgresLakeLocks(db, "/lakes/killed");
        String holder = "manual__1~extract_fees";
        Process child = ChildJvm.builder(List.of(), PostgresLeaseHolder.class.getName(), List.of(url, "/lakes/killed", holder))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            assertThat(locks.isHeld(holder)).as("while the child lives").isTrue();
            assertThatThrownBy(() -> locks.hold(holder)).isInstanceOf(LakeException.class)
                    .hasMessageContaining("another live process");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        // the server notices the dropped connection and ends its session: no timeout to wait for, only that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (locks.isHeld(holder) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(locks.isHeld(holder)).as("after SIGKILL").isFalse();
        try (LakeLocks.Held again = locks.hold(holder)) {
            assertThat(locks.isHeld(holder)).isTrue();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void thePublishLockIsHeldByOneConnectionAtATime() throws Exception {
        PostgresLakeLocks first = new PostgresLakeLocks(db, "/lakes/publish");
        PostgresLakeLocks second = new PostgresLakeLocks(db, "/lakes/publish");
        try (LakeLocks.Held held = first.publishLock(Duration.ZERO)) {
            assertThatThrownBy(() -> second.publishLock(Duration.ZERO)).isInstanceOf(LakeException.class)
                    .hasMessage("another bankdata process is publishing to lake /lakes/publish; wait for it to finish or use"
                            + " another --lake");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> second.publishLock(Duration.ofMillis(300))).isInstanceOf(LakeException.class)
                    .hasMessageContaining("is publishing to lake /lakes/publish");
            assertThat((System.nanoTime() - t0) / 1e6).as("waited about the time allowed").isBetween(250.0, 5000.0);
            try (LakeLocks.Held otherLake = new PostgresLakeLocks(db, "/lakes/other").publishLock(Duration.ZERO)) {
                assertThat(otherLake).isNotNull();
            }
        }
        // a waiter gets the lock as soon as the holder lets it go
        LakeLocks.Held held = first.publishLock(Duration.ZERO);
        CompletableFuture<LakeLocks.Held> waiter = CompletableFuture.supplyAsync(() -> second.publishLock(Duration.ofSeconds(20)));
        Thread.sleep(300);
        assertThat(waiter).isNotDone();
        held.close();
        try (LakeLocks.Held got = waiter.get(10, TimeUnit.SECONDS)) {
            assertThatThrownBy(() -> first.publishLock(Duration.ZERO)).isInstanceOf(LakeException.class);
        }
    }

    @TempDir
    Path work;

    @Test
    void theHistoryStoreOfAPostgresHistoryUsesItsAdvisoryLocks() {
        Path lake = work.resolve("store-lake");
        try (HistoryStore store = HistoryStore.open(LakeSite.local(lake), db)) {
            assertThat(store.locks()).isInstanceOf(PostgresLakeLocks.class);
            try (LakeLocks.Held lease = store.locks().hold("r9")) {
                assertThat(new PostgresLakeLocks(db, lake.toString()).isHeld("r9")).isTrue();
            }
            store.history().createRun("r9", RunState.RUNNING, java.time.Instant.now(), "{}", "h", "run");
            assertThat(store.history().run("r9")).isPresent();
        }
    }

    @Test
    void lockKeysAreStableAcrossReleasesAndDifferPerLake() {
        // pinned: a key changing between releases would let an old and a new process both hold one lease
        // (the value: the first 8 bytes of sha256(b"/lakes/a\x00lease:r1"), big-endian, computed with Python's hashlib)
        assertThat(LockKeys.key("/lakes/a", "lease:r1")).isEqualTo(-4823757041738474542L);
        assertThat(LockKeys.key("/lakes/a", "lease:r1")).isNotEqualTo(LockKeys.key("/lakes/b", "lease:r1"));
        assertThat(LockKeys.key("/lakes/a", "lease:r1")).isNotEqualTo(LockKeys.key("/lakes/a", "publish"));
        assertThat(LockKeys.key("/lakes/a", "lease:r1")).isNotEqualTo(LockKeys.key("/lakes/a\u0000lease:r", "1"));
    }

    @Test
    void everyGrantCarriesALargerTokenThanTheGrantBefore() {
        PostgresLakeLocks locks = new PostgresLakeLocks(db, "/lakes/tokens");
        long first;
        try (LakeLocks.Held lease = locks.hold("r1")) {
            first = lease.token();
            lease.requireCurrent();
        }
        try (LakeLocks.Held lease = new PostgresLakeLocks(db, "/lakes/tokens").hold("r1")) {
            assertThat(lease.token()).isEqualTo(first + 1);
        }
        long publish;
        try (LakeLocks.Held lock = locks.publishLock(Duration.ofSeconds(5))) {
            publish = lock.token();
            lock.requireCurrent();
        }
        try (LakeLocks.Held lock = locks.publishLock(Duration.ofSeconds(5))) {
            assertThat(lock.token()).isEqualTo(publish + 1);
        }
        try (LakeLocks.Held other = new PostgresLakeLocks(db, "/lakes/other").hold("r1")) {
            assertThat(other.token()).as("each lake counts its own grants").isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aPublishWhoseLockConnectionIsEndedMidwayIsRefusedAndTheNewerPublishStays(@TempDir Path lake) throws Exception {
        String name = lake.toString();
        org.bankdata.lake.LocalLakeStorage files = new org.bankdata.lake.LocalLakeStorage(lake);
        org.bankdata.lake.SnapshotStore b = new org.bankdata.lake.SnapshotStore(files, new PostgresLakeLocks(db, name));
        org.bankdata.lake.Snapshot bSnapshot = snapshot("B");
        for (String run : List.of("A", "B")) {
            java.nio.file.Files.createDirectories(lake.resolve("tables/t/v_" + run));
            java.nio.file.Files.write(lake.resolve("tables/t/v_" + run + "/part-0.parquet"), new byte[] {'P', 'A', 'R', '1'});
        }
        // A writes its run's record after taking the publish lock and before its pointer: there, the server ends A's
        // lock connection (as a dropped network would), and B takes the lock and publishes
        org.bankdata.lake.LakeStorage aFiles = new InterceptingStorage(files, key -> {
            if (key.equals(org.bankdata.lake.LakeLayout.snapshotHistoryKey("A"))) {
                assertThat(endLockSessions(LockKeys.key(name, "publish"))).isEqualTo(1);
                b.publish(bSnapshot);
            }
        });
        org.bankdata.lake.SnapshotStore a = new org.bankdata.lake.SnapshotStore(aFiles, new PostgresLakeLocks(db, name));

        assertThatThrownBy(() -> a.publish(snapshot("A"))).isInstanceOf(LakeException.class)
                .hasMessageStartingWith("the publish lock of lake " + name + " was lost: its connection to the run history's")
                .hasMessageContaining("nothing more is written under it");
        assertThat(b.current().orElseThrow().runId()).as("the newer publish stays published").isEqualTo("B");
        assertThat(java.nio.file.Files.exists(lake.resolve("tables/t/v_A/part-0.parquet"))).as("A's table is kept").isTrue();
        assertThat(java.nio.file.Files.exists(lake.resolve("tables/t/v_B/part-0.parquet"))).isTrue();
    }

    /** A snapshot of run {@code run} on an empty lake, with one table whose one file is written under the lake. */
    private org.bankdata.lake.Snapshot snapshot(String run) {
        return new org.bankdata.lake.Snapshot(run, java.time.Instant.now(), Map.of("t",
                new org.bankdata.lake.PublishedTable("t", "tables/t/v_" + run, 1, run, 1L, List.of("tables/t/v_" + run
                        + "/part-0.parquet"))));
    }

    /** Ends the Postgres session holding advisory lock {@code key} (what a dropped connection does); returns how many. */
    private static int endLockSessions(long key) {
        try (java.sql.Connection s = postgres.superuser(); java.sql.PreparedStatement q = s.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND objsubid = 1 AND classid::bigint = ? AND objid::bigint = ?")) {
            q.setLong(1, key >>> 32);
            q.setLong(2, key & 0xFFFF_FFFFL);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A lake's files, calling {@code beforeWrite} with each key before it is written. */
    private record InterceptingStorage(org.bankdata.lake.LakeStorage files, java.util.function.Consumer<String> beforeWrite)
            implements org.bankdata.lake.LakeStorage {
        @Override
        public org.bankdata.config.LakeLocation root() {
            return files.root();
        }

        @Override
        public java.util.Optional<byte[]> read(String key) {
            return files.read(key);
        }

        @Override
        public boolean exists(String key) {
            return files.exists(key);
        }

        @Override
        public void write(String key, byte[] bytes) {
            beforeWrite.accept(key);
            files.write(key, bytes);
        }

        @Override
        public void append(String key, byte[] bytes) {
            files.append(key, bytes);
        }

        @Override
        public List<String> list(String key) {
            return files.list(key);
        }

        @Override
        public List<String> files(String key) {
            return files.files(key);
        }

        @Override
        public void download(String key, Path target) {
            files.download(key, target);
        }

        @Override
        public void delete(String key) {
            files.delete(key);
        }
    }
}
