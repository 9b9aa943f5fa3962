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
 * read the object and write it back whole); "parts" is {@link S3LakeStorage#append} (one object per append) followed by
 * the one merge. Prints a Markdown table. Run from the project root after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.bankdata.lake.ManifestAppendBenchmark 1000,2000 9000}
 * (first list: sizes for both ways; second: sizes for "parts" only).
 */
public final class ManifestAppendBenchmark {
    private static final String KEY = "raw/manifests/run=bench.jsonl";

    private ManifestAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> both = sizes(args.length > 0 ? args[0] : "500,1000,2000");
        List<Integer> partsOnly = sizes(args.length > 1 ? args[1] : "9000");
        byte[] line = ("{\"source\":\"fees\",\"origin\":\"http://127.0.0.1:8080/odata/ListaTarifaPorInstituicaoFinanceira("
                + "PessoaFisicaOuJuridica=@p,CNPJ=@c)?@p='J'&@c='12345678'&$top=100&$skip=0&$format=json\",\"storedAs\":"
                + "\"raw/fees/cnpj=12345678/J/20261207T000000Z/page-0000.json\",\"fetchedAt\":\"2026-12-07T00:00:00.123Z\","
                + "\"sha256\":\"" + "ab".repeat(32) + "\",\"bytes\":4096,\"rows\":13}\n").getBytes(StandardCharsets.UTF_8);
        try (S3TestServer server = S3TestServer.start(Files.createTempDirectory("manifest-bench"))) {
            System.out.println("| way | pages | wall (s) | requests | requests per page | bytes written (MB) |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (int n : both) {
                run(server, "rewrite", n, line);
                run(server, "parts", n, line);
            }
            for (int n : partsOnly) {
                run(server, "parts", n, line);
            }
        }
    }

    private static void run(S3TestServer server, String way, int pages, byte[] line) throws Exception {
        try (S3LakeStorage lake = S3LakeStorage.open(server.newLake("bench"), server.settings())) {
            Map<String, Long> before = lake.requestCounts();
            Object lock = new Object();
            AtomicInteger next = new AtomicInteger();
            long[] written = new long[1];
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        while (next.getAndIncrement() < pages) {
                            if (way.equals("parts")) {
                                lake.append(KEY, line);
                                synchronized (lock) {
                                    written[0] += line.length;
                                }
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
            if (way.equals("parts")) {
                lake.compact(KEY);
                written[0] += (long) pages * line.length;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long stored = lake.read(KEY).orElseThrow().length;
            if (stored != (long) pages * line.length) {
                throw new IllegalStateException(way + ": " + stored + " bytes stored, expected " + (long) pages * line.length);
            }
            long requests = 0;
            for (Map.Entry<String, Long> e : lake.requestCounts().entrySet()) {
                requests += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,d | %.1f | %.1f |%n", way, pages, seconds, requests,
                    (double) requests / pages, written[0] / 1e6);
        }
    }

    private static List<Integer> sizes(String list) {
        return list.isBlank() ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
