package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.RunsBesideSpark;

@RunsBesideSpark
class AtomicFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"write", "writeWholeOrAbsent", "writeUnsynced"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReaderSeesTheOldContentOrTheNewNeverHalfOrNothing(String how) throws Exception {
        Path target = dir.resolve("_snapshot.json");
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[300 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        AtomicFiles.write(target, a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger torn = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    byte[] seen = Files.readAllBytes(target);
                    if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                        torn.incrementAndGet();
                    }
                    reads.incrementAndGet();
                } catch (java.io.IOException e) {
                    torn.incrementAndGet(); // the file was missing for a moment
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200; i++) {
            byte[] next = i % 2 == 0 ? b : a;
            switch (how) {
                case "write" -> AtomicFiles.write(target, next);
                case "writeWholeOrAbsent" -> AtomicFiles.writeWholeOrAbsent(target, next);
                default -> AtomicFiles.writeUnsynced(target, next);
            }
        }
        stop.set(true);
        reader.join();

        assertThat(reads.get()).isPositive();
        assertThat(torn.get()).as("reads that saw a half-written or missing file").isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(a);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("_snapshot.json");
        }
    }

    @Test
    void replaceMovesAWrittenFileOverTheTargetAndAppendAddsDurably() throws Exception {
        Path target = dir.resolve("answer.json");
        Files.writeString(target, "old");
        Path written = dir.resolve("answer.json.part");
        Files.writeString(written, "new");

        AtomicFiles.replace(written, target);
        AtomicFiles.appendDurably(dir.resolve("sub/manifest.jsonl"), "one\n".getBytes());
        AtomicFiles.appendDurably(dir.resolve("sub/manifest.jsonl"), "two\n".getBytes());

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(written).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("sub/manifest.jsonl"))).containsExactly("one", "two");
    }
}
