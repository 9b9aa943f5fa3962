package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bankdata.ChildJvm;
import org.bankdata.ReadOnlyMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata serve} started from a read-only working folder, as a separate process: a query larger than
 * DuckDB's memory spills into a private folder under the system's temporary folder (owner-only), never into
 * the working folder, and that folder is gone once the server has stopped.
 */
class ServeSpillFolderIT {
    /** DuckDB's memory for the served release (the default is 512 MB): a sort of a million rows is larger. */
    private static final int MEMORY_LIMIT_MB = 32;

    @TempDir
    Path dir;

    @Test
    void aQueryThatSpillsWorksFromAReadOnlyWorkingFolderAndItsSpillFolderIsPrivateAndRemoved() throws Exception {
        Path lake = dir.resolve("lake");
        ServeHttp.tinyLake(lake);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Optional<ReadOnlyMount> readOnly = ReadOnlyMount.of(work);
        assumeTrue(readOnly.isPresent(), "needs the right to mount a folder read-only");
        Process server = null;
        try (ReadOnlyMount mount = readOnly.get()) {
            server = ChildJvm.bankdata(List.of("-Djava.io.tmpdir=" + tmp), List.of("serve", "--lake", lake.toString(),
                    "--port", "0", "--query-timeout", "120", "--memory-limit", String.valueOf(MEMORY_LIMIT_MB)))
                    .directory(work.toFile()).redirectErrorStream(true).start();
            String url = url(server);
            // a sort of about a hundred megabytes: more than the server's DuckDB may hold, so it spills
            CompletableFuture<ServeHttp.Answer> sorted = CompletableFuture.supplyAsync(() -> ServeHttp.send(
                    HttpRequest.newBuilder(URI.create(url + "api/sql")).timeout(Duration.ofSeconds(180))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ServeHttp.sqlBody(
                                    "SELECT md5(range::VARCHAR) || md5((range + 1)::VARCHAR) AS h FROM range(1000000)"
                                            + " ORDER BY h", "json"))).build()));
            Path spill = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(170).toNanos();
            while (spill == null && !sorted.isDone() && System.nanoTime() < deadline) {
                spill = spilled(tmp);
                Thread.sleep(100);
            }
            ServeHttp.Answer answer = sorted.get(180, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("truncated").asBoolean()).isTrue();
            assertThat(spill).as("a spill file under " + tmp).isNotNull();
            Path serverFolder = tmp.relativize(spill).getName(0);
            assertThat(serverFolder.toString()).startsWith("bankdata-serve-");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(serverFolder))))
                    .isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(work)) {
                assertThat(files.toList()).as("the working folder").isEmpty();
            }
            server.destroy(); // SIGTERM: the server stops as on Ctrl-C
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.filter(f -> f.getFileName().toString().startsWith("bankdata-serve-")).toList())
                        .as("spill folders left after the server stopped").isEmpty();
            }
        } finally {
            if (server != null && server.isAlive()) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The server's URL from its first line of output ("dashboard at http://127.0.0.1:PORT/ ..."). */
    private static String url(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern at = Pattern.compile("dashboard at (http://\\S+/)");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            Matcher m = at.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the server did not say where it listens");
    }

    /** A file DuckDB spilled somewhere under {@code tmp}, if any yet. */
    private static Path spilled(Path tmp) throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("duckdb_temp"))
                    .findFirst().orElse(null);
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
            return null; // a file went away while listing
        }
    }
}
