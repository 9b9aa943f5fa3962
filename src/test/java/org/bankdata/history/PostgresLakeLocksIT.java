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
}
