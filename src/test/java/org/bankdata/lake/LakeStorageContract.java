package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LakeStorage} promises, run against each implementation: {@code LocalLakeStorageTest} (a folder)
 * and {@code S3LakeStorageIT} (S3Proxy).
 */
abstract class LakeStorageContract {
    /** A new, empty lake on the storage under test. */
    abstract LakeStorage storage() throws Exception;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrittenFileReadsBackAndAMissingOneIsEmpty() throws Exception {
        try (LakeStorage lake = storage()) {
            assertThat(lake.read("runs/r1.json")).isEmpty();
            assertThat(lake.exists("runs/r1.json")).isFalse();

            lake.write("runs/r1.json", text("{\"a\":1}"));

            assertThat(lake.read("runs/r1.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("{\"a\":1}")));
            assertThat(lake.exists("runs/r1.json")).isTrue();
            assertThat(lake.exists("runs")).as("a folder (a prefix on S3) exists once a file is under it").isTrue();
        }
    }

    @Test
    void aWriteReplacesTheWholeFile() throws Exception {
        try (LakeStorage lake = storage()) {
            lake.write("tables/_snapshot.json", text("a much longer first version"));
            lake.write("tables/_snapshot.json", text("short"));
            assertThat(new String(lake.read("tables/_snapshot.json").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("short");
        }
    }

    @Test
    void appendAddsAtTheEndAndCreatesTheFile() throws Exception {
        try (LakeStorage lake = storage()) {
            lake.append("raw/manifests/run=R1.jsonl", text("one\n"));
            lake.append("raw/manifests/run=R1.jsonl", text("two\n"));
            assertThat(new String(lake.readAppended("raw/manifests/run=R1.jsonl").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("one\ntwo\n");
            lake.compact("raw/manifests/run=R1.jsonl");
            assertThat(new String(lake.read("raw/manifests/run=R1.jsonl").orElseThrow(), StandardCharsets.UTF_8))
                    .as("merged into the file itself").isEqualTo("one\ntwo\n");
            assertThat(lake.files("raw/manifests")).containsExactly("raw/manifests/run=R1.jsonl");
            lake.append("raw/manifests/run=R1.jsonl", text("three\n"));
            assertThat(new String(lake.readAppended("raw/manifests/run=R1.jsonl").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("one\ntwo\nthree\n");
            assertThat(lake.readAppended("raw/manifests/run=R2.jsonl")).isEmpty();
        }
    }

    /** Fee fetchers append their pages' lines side by side: every line arrives whole, none is lost, before and after merging. */
    @Test
    void appendsFromSeveralThreadsAllArriveWhole() throws Exception {
        try (LakeStorage lake = storage()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            lake.append("raw/manifests/run=R1.jsonl", text("thread " + thread + " line " + i + "\n"));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> expected = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                for (int i = 0; i < 25; i++) {
                    expected.add("thread " + t + " line " + i);
                }
            }
            List<String> appended = Arrays.asList(new String(lake.readAppended("raw/manifests/run=R1.jsonl").orElseThrow(),
                    StandardCharsets.UTF_8).split("\n"));
            assertThat(appended).containsExactlyInAnyOrderElementsOf(expected);
            for (int t = 0; t < 8; t++) {
                String prefix = "thread " + t + " ";
                assertThat(appended.stream().filter(l -> l.startsWith(prefix)).toList()).as("one thread's lines in its order")
                        .isEqualTo(expected.stream().filter(l -> l.startsWith(prefix)).toList());
            }
            lake.compact("raw/manifests/run=R1.jsonl");
            assertThat(Arrays.asList(new String(lake.read("raw/manifests/run=R1.jsonl").orElseThrow(), StandardCharsets.UTF_8)
                    .split("\n"))).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void listShowsTheChildrenOfAFolderAndFilesShowsEveryFileBelowIt() throws Exception {
        try (LakeStorage lake = storage()) {
            lake.write("tables/t1/v_R1/part-0.parquet", text("x"));
            lake.write("tables/t1/v_R1/source=a/part-1.parquet", text("y"));
            lake.write("tables/t1/v_R2/part-0.parquet", text("z"));
            lake.write("tables/_snapshot.json", text("{}"));

            assertThat(lake.list("tables")).containsExactly("_snapshot.json", "t1");
            assertThat(lake.list("tables/t1")).containsExactly("v_R1", "v_R2");
            assertThat(lake.list("no/such/folder")).isEmpty();
            assertThat(lake.files("tables/t1/v_R1")).containsExactly("tables/t1/v_R1/part-0.parquet",
                    "tables/t1/v_R1/source=a/part-1.parquet");
            assertThat(lake.files("nothing")).isEmpty();
        }
    }

    @Test
    void deleteRemovesAFolderWithEverythingUnderItAndIgnoresWhatIsMissing() throws Exception {
        try (LakeStorage lake = storage()) {
            lake.write("tables/t1/v_R1/part-0.parquet", text("x"));
            lake.write("tables/t1/v_R1/source=a/part-1.parquet", text("y"));
            lake.write("tables/t1/v_R2/part-0.parquet", text("z"));

            lake.delete("tables/t1/v_R1");
            lake.delete("tables/t1/v_R9");

            assertThat(lake.list("tables/t1")).containsExactly("v_R2");
            assertThat(lake.files("tables/t1")).containsExactly("tables/t1/v_R2/part-0.parquet");
            assertThat(lake.read("tables/t1/v_R1/part-0.parquet")).isEmpty();
        }
    }

    @Test
    void aLocationNamesTheFileUnderTheLakeRoot() throws Exception {
        try (LakeStorage lake = storage()) {
            assertThat(lake.location("tables/t1/v_R1").uri()).isEqualTo(lake.root().uri() + "/tables/t1/v_R1");
        }
    }

    @Test
    void readersNeverSeeHalfAFile() throws Exception {
        byte[] a = new byte[3 << 20];
        byte[] b = new byte[2 << 20];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        try (LakeStorage lake = storage()) {
            lake.write("tables/_snapshot.json", a);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        lake.write("tables/_snapshot.json", i % 2 == 0 ? b : a);
                    }
                    writing.set(false);
                    return null;
                });
                Future<List<byte[]>> reader = pool.submit(() -> {
                    List<byte[]> seen = new ArrayList<>();
                    while (writing.get()) {
                        seen.add(lake.read("tables/_snapshot.json").orElseThrow());
                    }
                    return seen;
                });
                writer.get();
                List<byte[]> seen = reader.get();
                assertThat(seen).isNotEmpty().allSatisfy(bytes -> assertThat(bytes).satisfiesAnyOf(
                        x -> assertThat(x).isEqualTo(a), x -> assertThat(x).isEqualTo(b)));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
