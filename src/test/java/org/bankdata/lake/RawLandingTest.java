package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bankdata.BundledData;
import org.bankdata.errors.LakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawLandingTest {
    private static final Instant FETCHED = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    Path root;

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void landsTheExactBytesUnderRawWithTheirDigest() throws Exception {
        byte[] original = Files.readAllBytes(BundledData.complaints().resolve("2020_tri_01.csv"));
        RawLanding landing = new RawLanding(new LakeLayout(root), "R1");

        RawFile file = landing.land("complaints", "/in/2020_tri_01.csv", "2020_tri_01.csv", original, 1234, FETCHED);

        Path stored = root.resolve("raw/complaints/run=R1/2020_tri_01.csv");
        assertThat(file.storedAs()).isEqualTo("raw/complaints/run=R1/2020_tri_01.csv");
        assertThat(landing.location(file).localPath()).isEqualTo(stored);
        assertThat(Files.readAllBytes(stored)).isEqualTo(original);
        assertThat(file.sha256()).isEqualTo(sha256(original));
        assertThat(file.bytes()).isEqualTo(Files.size(BundledData.complaints().resolve("2020_tri_01.csv")));
        assertThat(file.rows()).isEqualTo(1234);
        assertThat(file.source()).isEqualTo("complaints");
        assertThat(file.origin()).isEqualTo("/in/2020_tri_01.csv");
        assertThat(file.fetchedAt()).isEqualTo(FETCHED);
    }

    @Test
    void digestOfKnownInputs() {
        // Published SHA-256 test vectors.
        assertThat(RawLanding.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(RawLanding.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void manifestHasOneJsonLinePerLandingAndReadsBack() throws Exception {
        LakeLayout layout = new LakeLayout(root);
        RawLanding landing = new RawLanding(layout, "R2");
        byte[] page1 = "{\"value\":[{\"a\":1}]}".getBytes(StandardCharsets.UTF_8);
        byte[] page2 = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);
        RawFile first = landing.land("fees", "http://127.0.0.1:1/odata/x?$skip=0", "J_1_0.json", page1, 1, FETCHED);
        RawFile second = landing.land("fees", "http://127.0.0.1:1/odata/x?$skip=100", "J_1_100.json", page2, 0, FETCHED);
        assertThat(root.resolve("raw/manifests/run=R2.jsonl")).as("lines are written in batches").doesNotExist();
        landing.flushManifest();

        Path manifest = root.resolve("raw/manifests/run=R2.jsonl");
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode line1 = new ObjectMapper().readTree(lines.get(0));
        assertThat(line1.get("sha256").asText()).isEqualTo(sha256(page1));
        assertThat(line1.get("bytes").asLong()).isEqualTo(page1.length);
        assertThat(line1.get("storedAs").asText()).isEqualTo("raw/fees/run=R2/J_1_0.json");
        assertThat(line1.get("fetchedAt").asText()).isEqualTo("2024-05-06T07:08:09Z");

        assertThat(RawLanding.readManifest(layout, "R2")).containsExactly(first, second);
        assertThat(landing.landed()).containsExactly(first, second);
    }

    @Test
    void landingFromManyThreadsLosesNoManifestLine() throws Exception {
        LakeLayout layout = new LakeLayout(root);
        RawLanding landing = new RawLanding(layout, "R3");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RawFile>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) {
                int n = i;
                futures.add(pool.submit(() -> landing.land("fees", "u" + n, "p" + n + ".json",
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), 1, FETCHED)));
            }
            for (Future<RawFile> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        landing.flushManifest();

        List<RawFile> manifest = RawLanding.readManifest(layout, "R3");
        assertThat(manifest).hasSize(80);
        assertThat(manifest).extracting(RawFile::origin).doesNotHaveDuplicates();
        for (RawFile f : manifest) {
            assertThat(f.sha256()).isEqualTo(sha256(Files.readAllBytes(root.resolve(f.storedAs()))));
        }
    }

    @Test
    void readingAMissingManifestIsALakeErrorNamingIt() {
        assertThatThrownBy(() -> RawLanding.readManifest(new LakeLayout(root), "nope"))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("run=nope.jsonl");
    }

    @Test
    void unwritableTargetIsALakeError() throws IOException {
        // A file where the raw/ folder should be makes the landing impossible.
        Files.writeString(root.resolve("raw"), "not a folder");
        RawLanding landing = new RawLanding(new LakeLayout(root), "R4");

        assertThatThrownBy(() -> landing.land("banks", "x", "b.tsv", new byte[] {1}, 0, FETCHED))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("b.tsv");
    }
}
