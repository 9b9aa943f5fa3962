package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bankdata.errors.LakeException;

/**
 * Lands the exact bytes of every input under raw/ and records each in the run's manifest
 * (source, origin, fetched-at, sha256, rows). Safe to call from several threads.
 */
public final class RawLanding {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final LakeLayout layout;
    private final String runId;
    private final List<RawFile> landed = new ArrayList<>();

    public RawLanding(LakeLayout layout, String runId) {
        this.layout = layout;
        this.runId = runId;
    }

    /** Stores {@code bytes} as {@code raw/<source>/run=<id>/<name>} and appends the manifest line. */
    public RawFile land(String source, String origin, String name, byte[] bytes, long rows, Instant fetchedAt) {
        return landAt(source, origin, layout.rawDir(source, runId).resolve(name), bytes, rows, fetchedAt);
    }

    /**
     * Stores {@code bytes} at {@code target} (a path under the lake's raw/ area chosen by the source, e.g. keyed by
     * what was fetched and when) and appends the manifest line.
     */
    public RawFile landAt(String source, String origin, Path target, byte[] bytes, long rows, Instant fetchedAt) {
        if (!target.toAbsolutePath().normalize().startsWith(layout.root().resolve("raw"))) {
            throw new IllegalArgumentException(target + " is not under " + layout.root().resolve("raw"));
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new LakeException("cannot write " + target + ": " + e.getMessage() + "; check the lake folder is writable", e);
        }
        RawFile file = new RawFile(source, origin, layout.relative(target), fetchedAt, sha256(bytes), bytes.length, rows);
        appendToManifest(file);
        return file;
    }

    /**
     * Lists in this run's manifest a file an earlier run landed and this run uses as it is (an API answer kept
     * by incremental refresh): the line keeps the original path, fetch time and digest.
     */
    public void reuse(RawFile earlier) {
        appendToManifest(earlier);
    }

    public Path absolute(RawFile file) {
        return layout.root().resolve(file.storedAs());
    }

    public synchronized List<RawFile> landed() {
        return List.copyOf(landed);
    }

    private synchronized void appendToManifest(RawFile file) {
        Path manifest = layout.manifest(runId);
        try {
            Files.createDirectories(manifest.getParent());
            String line = JSON.writeValueAsString(file) + "\n";
            Files.writeString(manifest, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        landed.add(file);
    }

    /** Reads a run's manifest back. */
    public static List<RawFile> readManifest(LakeLayout layout, String runId) {
        Path manifest = layout.manifest(runId);
        List<RawFile> files = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    files.add(JSON.readValue(line, RawFile.class));
                }
            }
        } catch (IOException e) {
            throw new LakeException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
        return files;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
