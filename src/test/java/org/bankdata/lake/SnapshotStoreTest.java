package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.PublishConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path root;

    LakeLayout layout;
    SnapshotStore store;

    @BeforeEach
    void lake() {
        layout = new LakeLayout(root);
        store = new SnapshotStore(layout);
    }

    /** Writes a fake Parquet data file of {@code table} by {@code runId}; returns its lake-relative key. */
    private String version(String table, String runId) throws IOException {
        Path dir = Files.createDirectories(root.resolve("tables").resolve(table).resolve("data"));
        Files.write(dir.resolve(runId + "-part-0.parquet"), new byte[] {'P', 'A', 'R', '1'});
        return "tables/" + table + "/data/" + runId + "-part-0.parquet";
    }

    /** A snapshot of {@code runId} built on whatever is published now (the usual, uncontended case). */
    private Snapshot snapshot(String runId, Map<String, String> pathByTable) {
        return snapshot(runId, pathByTable, store.current().map(Snapshot::runId).orElse(null));
    }

    private static Snapshot snapshot(String runId, Map<String, String> pathByTable, String base) {
        Map<String, PublishedTable> tables = new java.util.HashMap<>();
        pathByTable.forEach((table, file) -> tables.put(table,
                new PublishedTable(table, "tables/" + table, 7, runId, (long) runId.hashCode(), List.of(file))));
        return new Snapshot(runId, Instant.parse("2024-01-02T03:04:05.123456789Z"), tables, base);
    }

    @Test
    void aPublishBuiltOnASnapshotThatIsNoLongerPublishedIsRefusedAndChangesNothing() throws IOException {
        store.publish(snapshot("A", Map.of("t", version("t", "A"))));
        Snapshot b = snapshot("B", Map.of("t", version("t", "B")), "A");
        Snapshot c = snapshot("C", Map.of("t", version("t", "C")), "A");
        store.publish(c);
        byte[] pointer = Files.readAllBytes(layout.snapshotFile());

        assertThatThrownBy(() -> store.publish(b))
                .isInstanceOf(PublishConflictException.class)
                .hasMessageContaining("run C published")
                .hasMessageContaining("run B was building on run A's snapshot")
                .satisfies(e -> assertThat(((PublishConflictException) e).publishedRunId()).isEqualTo("C"));

        assertThat(Files.readAllBytes(layout.snapshotFile())).isEqualTo(pointer);
        assertThat(store.require().runId()).isEqualTo("C");
        assertThat(root.resolve("tables/_snapshots/B.json")).doesNotExist();
        assertThat(root.resolve("tables/t/data/C-part-0.parquet")).exists();
    }

    @Test
    void aFirstPublishExpectsAnEmptyLake() throws IOException {
        store.publish(snapshot("A", Map.of("t", version("t", "A")), null));

        assertThatThrownBy(() -> store.publish(snapshot("B", Map.of("t", version("t", "B")), null)))
                .isInstanceOf(PublishConflictException.class)
                .hasMessageContaining("building on an empty lake");
        assertThat(store.require().runId()).isEqualTo("A");
    }

    @Test
    void ofManyWritersPublishingOnTheSameBaseAtOnceExactlyOneWins() throws Exception {
        store.publish(snapshot("base", Map.of("t", version("t", "base"))));
        int writers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Snapshot next = snapshot("w" + i, Map.of("t", version("t", "w" + i)), "base");
            results.add(pool.submit(() -> {
                start.await();
                try {
                    store.publish(next);
                    return true;
                } catch (PublishConflictException lost) {
                    return false;
                }
            }));
        }
        start.countDown();
        long winners = 0;
        for (var r : results) {
            winners += r.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(store.require().runId()).startsWith("w");
        assertThat(store.require().baseRunId()).isEqualTo("base");
    }

    @Test
    void emptyLakeHasNoSnapshotAndRequireSaysToRunThePipeline() {
        assertThat(store.current()).isEmpty();

        assertThatThrownBy(store::require)
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("nothing is published")
                .hasMessageContaining(root.toAbsolutePath().normalize().toString())
                .hasMessageContaining("bankdata run");
    }

    @Test
    void publishedSnapshotIsReadBackEqual() throws IOException {
        Snapshot a = snapshot("A", Map.of("dim_x", version("dim_x", "A"), "fact_y", version("fact_y", "A")));

        store.publish(a);

        assertThat(store.current()).contains(a);
        assertThat(store.require()).isEqualTo(a);
        assertThat(store.require().table("fact_y").path()).isEqualTo("tables/fact_y");
        assertThat(store.require().table("fact_y").files()).containsExactly("tables/fact_y/data/A-part-0.parquet");
    }

    @Test
    void snapshotFileIsPlainJsonNamingTheRunTheTablesSnapshotsAndFiles() throws IOException {
        store.publish(snapshot("A", Map.of("dim_x", version("dim_x", "A"))));

        JsonNode json = new ObjectMapper().readTree(root.resolve("tables/_snapshot.json").toFile());
        assertThat(json.get("runId").asText()).isEqualTo("A");
        assertThat(json.get("publishedAt").asText()).isEqualTo("2024-01-02T03:04:05.123456789Z");
        assertThat(json.path("tables").path("dim_x").path("path").asText()).isEqualTo("tables/dim_x");
        assertThat(json.path("tables").path("dim_x").path("snapshotId").asLong()).isEqualTo("A".hashCode());
        assertThat(json.path("tables").path("dim_x").path("files").get(0).asText()).isEqualTo("tables/dim_x/data/A-part-0.parquet");
        assertThat(json.path("tables").path("dim_x").path("rows").asLong()).isEqualTo(7);
    }

    @Test
    void secondPublishReplacesTheCurrentAndKeepsBothInHistory() throws IOException {
        Snapshot a = snapshot("A", Map.of("t", version("t", "A")));
        store.publish(a);
        Snapshot b = snapshot("B", Map.of("t", version("t", "B")));

        store.publish(b);

        assertThat(store.require().runId()).isEqualTo("B");
        assertThat(store.require()).isEqualTo(b);
        try (Stream<Path> history = Files.list(root.resolve("tables/_snapshots"))) {
            assertThat(history.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("A.json", "B.json");
        }
        JsonNode historicA = new ObjectMapper().readTree(root.resolve("tables/_snapshots/A.json").toFile());
        assertThat(historicA.get("runId").asText()).isEqualTo("A");
        try (Stream<Path> leftovers = Files.list(root.resolve("tables"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void publishingDeletesNothingSoEveryEarlierReleaseStaysReadable() throws IOException {
        String unpublished = version("t", "failed");
        store.publish(snapshot("A", Map.of("t", version("t", "A"), "u", version("u", "A"))));
        store.publish(snapshot("B", Map.of("t", version("t", "B"), "u", version("u", "B"))));
        // C keeps u from B (unchanged table) and writes a new t.
        store.publish(snapshot("C", Map.of("t", version("t", "C"), "u", "tables/u/data/B-part-0.parquet")));

        for (String run : List.of("A", "B", "C")) {
            assertThat(root.resolve("tables/t/data/" + run + "-part-0.parquet")).exists();
            assertThat(store.published(run)).isPresent();
        }
        assertThat(root.resolve("tables/u/data/A-part-0.parquet")).exists();
        assertThat(root.resolve(unpublished)).exists();
        assertThat(store.require().table("u").files()).containsExactly("tables/u/data/B-part-0.parquet");
        assertThat(store.published("A").orElseThrow().table("t").files()).containsExactly("tables/t/data/A-part-0.parquet");
    }

    @Test
    void aLakeOfTheEarlierLayoutIsRefusedWithTheCommandThatConvertsIt() throws IOException {
        Files.createDirectories(root.resolve("tables/t/v_A"));
        Files.writeString(root.resolve("tables/_snapshot.json"), """
                {"runId":"A","publishedAt":"2024-01-02T03:04:05Z","tables":{"t":{"name":"t","path":"tables/t/v_A","rows":7,"runId":"A"}}}
                """);

        assertThatThrownBy(() -> store.current())
                .hasMessageContaining("lake " + root)
                .hasMessageContaining("earlier layout")
                .hasMessageContaining("bankdata migrate --lake " + root);
    }

    @Test
    void snapshotTablesAreAnImmutableCopy() {
        Snapshot s = snapshot("A", Map.of("b", "tables/b/data/A-part-0.parquet", "a", "tables/a/data/A-part-0.parquet", "c", "tables/c/data/A-part-0.parquet"));

        assertThat(s.tables().keySet()).containsExactlyInAnyOrder("a", "b", "c");
        assertThatThrownBy(() -> s.tables().put("d", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.copyOf(s.tables().values())).hasSize(3);
    }
}
