package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@link LakeStorage} contract on S3 (S3Proxy on 127.0.0.1), each test in a new bucket. */
class S3LakeStorageIT extends LakeStorageContract {
    private static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.shared();
    }

    /**
     * Landing N pages costs O(N) requests and bytes: an append is one PUT of its own line, whatever was appended before
     * (it reads nothing back), and the merge reads each part once.
     */
    @Test
    void anAppendIsOneRequestWhateverCameBefore() throws Exception {
        try (S3LakeStorage lake = S3LakeStorage.open(server.newLake("lake"), server.settings())) {
            String line = "{\"source\":\"fees\",\"origin\":\"http://127.0.0.1/odata/page\",\"sha256\":\"" + "0".repeat(64)
                    + "\"}\n";
            Map<String, Long> before = lake.requestCounts();
            for (int i = 0; i < 60; i++) {
                lake.append("raw/manifests/run=R1.jsonl", line.getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Long> appending = minus(lake.requestCounts(), before);
            assertThat(appending.get("object_put_request")).as("one PUT per append: %s", appending).isEqualTo(60L);
            assertThat(appending.getOrDefault("action_http_get_request", 0L)).as("nothing read back: %s", appending).isZero();
            long perAppend = appending.values().stream().mapToLong(Long::longValue).sum() / 60;
            for (int i = 0; i < 240; i++) {
                lake.append("raw/manifests/run=R1.jsonl", line.getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Long> later = minus(minus(lake.requestCounts(), before), appending);
            assertThat(later.values().stream().mapToLong(Long::longValue).sum() / 240).as("requests per append after 60: %s", later)
                    .isEqualTo(perAppend);
            Map<String, Long> beforeMerge = lake.requestCounts();
            lake.compact("raw/manifests/run=R1.jsonl");
            Map<String, Long> merge = minus(lake.requestCounts(), beforeMerge);
            assertThat(merge.get("object_delete_request")).as("each merged part deleted once: %s", merge).isEqualTo(300L);
            assertThat(lake.read("raw/manifests/run=R1.jsonl").orElseThrow()).hasSize(300 * line.length());
        }
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> diff = new java.util.TreeMap<>();
        after.forEach((name, count) -> {
            long d = count - before.getOrDefault(name, 0L);
            if (d != 0) {
                diff.put(name, d);
            }
        });
        return diff;
    }

    @Override
    LakeStorage storage() throws Exception {
        return S3LakeStorage.open(server.newLake("lake"), server.settings());
    }
}
