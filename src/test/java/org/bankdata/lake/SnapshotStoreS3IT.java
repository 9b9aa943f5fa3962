package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bankdata.errors.PublishConflictException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish's compare-and-swap with the lake on S3 (S3Proxy): the pointer and the history objects are single PUTs,
 * the compare happens under the publish lock of the lake's local state folder.
 */
class SnapshotStoreS3IT {
    private static S3TestServer server;

    @TempDir
    Path state;

    S3LakeStorage storage;
    SnapshotStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.shared();
    }

    @BeforeEach
    void lake() throws Exception {
        storage = S3LakeStorage.open(server.newLake("bankdata"), server.settings());
        store = new SnapshotStore(storage, new FileLakeLocks(state));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private String version(String table, String runId) {
        String key = LakeLayout.tableKey(table) + "/data/" + runId + "-part-0.parquet";
        storage.write(key, "PAR1".getBytes(StandardCharsets.UTF_8));
        return key;
    }

    private static Snapshot snapshot(String runId, Map<String, String> pathByTable, String base) {
        Map<String, PublishedTable> tables = new java.util.HashMap<>();
        pathByTable.forEach((table, file) -> tables.put(table,
                new PublishedTable(table, LakeLayout.tableKey(table), 7, runId, (long) runId.hashCode(), List.of(file))));
        return new Snapshot(runId, Instant.parse("2024-01-02T03:04:05Z"), tables, base);
    }

    @Test
    void ofEightPublishersOnOneBaseExactlyOneWins() throws Exception {
        store.publish(snapshot("BASE", Map.of("t", version("t", "BASE")), null));
        int n = 8;
        List<Snapshot> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            candidates.add(snapshot("R" + i, Map.of("t", version("t", "R" + i)), "BASE"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (Snapshot candidate : candidates) {
                // each publisher with its own store and client, as separate processes of one host would have
                outcomes.add(pool.submit(() -> {
                    try (S3LakeStorage own = S3LakeStorage.open(storage.root(), server.settings())) {
                        SnapshotStore theirs = new SnapshotStore(own, new FileLakeLocks(state));
                        go.await();
                        theirs.publish(candidate);
                        return true;
                    } catch (PublishConflictException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (outcomes.get(i).get()) {
                    winners.add("R" + i);
                }
            }
            assertThat(winners).hasSize(1);
            Snapshot published = store.current().orElseThrow();
            assertThat(published.runId()).isEqualTo(winners.get(0));
            assertThat(published.baseRunId()).isEqualTo("BASE");
            assertThat(store.published(winners.get(0))).contains(published);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedPublishChangesNothing() {
        store.publish(snapshot("A", Map.of("t", version("t", "A")), null));
        store.publish(snapshot("C", Map.of("t", version("t", "C")), "A"));
        byte[] pointer = storage.read(LakeLayout.SNAPSHOT).orElseThrow();
        Snapshot b = snapshot("B", Map.of("t", version("t", "B")), "A");

        assertThatThrownBy(() -> store.publish(b)).isInstanceOf(PublishConflictException.class)
                .hasMessageContaining("run C published");

        assertThat(storage.read(LakeLayout.SNAPSHOT)).hasValueSatisfying(now -> assertThat(now).isEqualTo(pointer));
        assertThat(store.published("B")).isEmpty();
        assertThat(storage.exists("tables/t/data/B-part-0.parquet")).as("the loser's own files are not the publish's to remove").isTrue();
    }

    @Test
    void publishingDeletesNothing() {
        store.publish(snapshot("A", Map.of("t", version("t", "A"), "u", version("u", "A")), null));
        store.publish(snapshot("B", Map.of("t", version("t", "B"), "u", "tables/u/data/A-part-0.parquet"), "A"));
        String unfinished = version("t", "KEEP");
        store.publish(snapshot("C", Map.of("t", version("t", "C"), "u", "tables/u/data/A-part-0.parquet"), "B"));

        assertThat(storage.files("tables/t")).containsExactlyInAnyOrder("tables/t/data/A-part-0.parquet",
                "tables/t/data/B-part-0.parquet", "tables/t/data/C-part-0.parquet", unfinished);
        assertThat(storage.list("tables/_snapshots")).containsExactly("A.json", "B.json", "C.json");
    }
}
