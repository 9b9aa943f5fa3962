package org.bankdata.lake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures landing N manifest lines on the S3 test server (S3Proxy on 127.0.0.1), as the fee fetchers land N pages:
 * 8 threads, one line of a real manifest's size per page. "rewrite" is how appends worked before (under one lock,
 * read the object and write it back whole); "batched" is {@link RawLanding}'s manifest now (lines written in batches,
 * each batch one object of its own, merged into the manifest once at the end). Prints a Markdown table. Run from the project root after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.bankdata.lake.ManifestAppendBenchmark 1000,2000 9000}
 * (first list: sizes for both ways; second: sizes for "parts" only).
 */
public final class ManifestAppendBenchmark {
    private static final String KEY = LakeLayout.manifestKey("bench");
    private static final RawFile FILE = new RawFile("fees",
            "http://127.0.0.1:8080/odata/ListaTarifaPorInstituicaoFinanceira(PessoaFisicaOuJuridica=@p,CNPJ=@c)?@p='J'"
                    + "&@c='12345678'&$top=100&$skip=0&$format=json", "raw/fees/replay/J/12345678/2026-12-07/bench/J_12345678_skip-0.json",
            java.time.Instant.parse("2026-12-07T00:00:00.123Z"), "ab".repeat(32), 4096, 13);

    private ManifestAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> both = sizes(args.length > 0 ? args[0] : "500,1000,2000");
        List<Integer> partsOnly = sizes(args.length > 1 ? args[1] : "9000");
        byte[] line = (new com.fasterxml.jackson.databind.ObjectMapper().registerModule(
                new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).disable(
                com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(FILE) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (S3TestServer server = S3TestServer.start(Files.createTempDirectory("manifest-bench"))) {
            System.out.println("| way | pages | wall (s) | requests | requests per page | bytes written (MB) |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (int n : both) {
                run(server, "rewrite", n, line);
                run(server, "batched", n, line);
            }
            for (int n : partsOnly) {
                run(server, "batched", n, line);
            }
        }
    }

    private static void run(S3TestServer server, String way, int pages, byte[] line) throws Exception {
        try (S3LakeStorage lake = S3LakeStorage.open(server.newLake("bench"), server.settings())) {
            Map<String, Long> before = lake.requestCounts();
            Object lock = new Object();
            RawLanding landing = new RawLanding(lake, "bench", List::of);
            AtomicInteger next = new AtomicInteger();
            long[] written = new long[1];
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        while (next.getAndIncrement() < pages) {
                            if (way.equals("batched")) {
                                landing.reuse(FILE);
                            } else {
                                synchronized (lock) {
                                    byte[] old = lake.read(KEY).orElse(new byte[0]);
                                    byte[] all = java.util.Arrays.copyOf(old, old.length + line.length);
                                    System.arraycopy(line, 0, all, old.length, line.length);
                                    lake.write(KEY, all);
                                    written[0] += all.length;
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            if (way.equals("batched")) {
                landing.compactManifest();
                written[0] += 2L * pages * line.length; // each line in a batch's part, then in the merged manifest
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long stored = lake.read(KEY).orElseThrow().length;
            if (stored != (long) pages * line.length) {
                throw new IllegalStateException(way + ": " + stored + " bytes stored, expected " + (long) pages * line.length);
            }
            long requests = 0;
            Map<String, Long> kinds = new java.util.TreeMap<>();
            for (Map.Entry<String, Long> e : lake.requestCounts().entrySet()) {
                long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                requests += d;
                if (d > 0) {
                    kinds.put(e.getKey(), d);
                }
            }
            System.err.println(way + " " + pages + ": " + kinds);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,d | %.3f | %.1f |%n", way, pages, seconds, requests,
                    (double) requests / pages, written[0] / 1e6);
        }
    }

    private static List<Integer> sizes(String list) {
        return list.isBlank() ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
