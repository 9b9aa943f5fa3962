package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;

/**
 * Lands the exact bytes of every input under raw/ and records each in the run's manifest
 * (source, origin, fetched-at, sha256, rows), in batches ({@link #flushManifest}). Safe to call from several threads.
 */
public final class RawLanding {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final LakeStorage storage;
    private final String runId;
    private final Supplier<List<RawFile>> earlier;
    private final List<RawFile> landed = new ArrayList<>();
    /** Manifest lines not written yet, and how many. */
    private final StringBuilder pending = new StringBuilder();
    private int pendingLines;

    /** How many manifest lines are written in one storage append at most. */
    static final int MANIFEST_BATCH = 200;

    /** {@code earlier}: files landed by the run's finished tasks, which {@link #landed()} includes. */
    public RawLanding(LakeStorage storage, String runId, Supplier<List<RawFile>> earlier) {
        this.storage = storage;
        this.runId = runId;
        this.earlier = earlier;
    }

    /** A landing in a local lake folder. */
    public RawLanding(LakeLayout layout, String runId) {
        this(new LocalLakeStorage(layout.root()), runId, List::of);
    }

    /** Stores {@code bytes} as {@code raw/<source>/run=<id>/<name>} and appends the manifest line. */
    public RawFile land(String source, String origin, String name, byte[] bytes, long rows, Instant fetchedAt) {
        return landAt(source, origin, LakeLayout.rawDirKey(source, runId) + "/" + name, bytes, rows, fetchedAt);
    }

    /**
     * Stores {@code bytes} at {@code target} (a path under the lake's raw/ area chosen by the source, e.g. keyed by
     * what was fetched and when) and appends the manifest line. The file is written without waiting for the disk
     * ({@link LakeStorage#writeUnsynced}): whoever uses it again after this run checks it against the digest recorded
     * here (a fee answer reused by a later run: {@code FeeAnswerStore.damage}).
     */
    public RawFile landAt(String source, String origin, String target, byte[] bytes, long rows, Instant fetchedAt) {
        if (!target.startsWith(LakeLayout.RAW + "/") || target.contains("..")) {
            throw new IllegalArgumentException(target + " is not under " + LakeLayout.RAW + "/");
        }
        storage.writeUnsynced(target, bytes);
        RawFile file = new RawFile(source, origin, target, fetchedAt, sha256(bytes), bytes.length, rows);
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

    /** Where {@code file} is stored, as Spark and Hadoop are given it. */
    public LakeLocation location(RawFile file) {
        return storage.location(file.storedAs());
    }

    /** Every file the run landed so far (finished tasks' and this landing's own). */
    public List<RawFile> landed() {
        List<RawFile> all = new ArrayList<>(earlier.get());
        all.addAll(ownFiles());
        return all;
    }

    /** The files landed through this landing only. */
    public synchronized List<RawFile> ownFiles() {
        return List.copyOf(landed);
    }

    /**
     * Adds the file's line to the manifest. Lines are written in batches ({@link #MANIFEST_BATCH} lines, and whatever is
     * pending when a task ends: {@link #flushManifest}), one storage append per batch, so landing N pages costs N/batch
     * appends and the landing threads wait for each other only for that moment.
     */
    private void appendToManifest(RawFile file) {
        String line;
        try {
            line = JSON.writeValueAsString(file) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            landed.add(file);
            pending.append(line);
            if (++pendingLines >= MANIFEST_BATCH) {
                flushManifest();
            }
        }
    }

    /**
     * Writes the manifest lines not written yet (after each task, whether it succeeded or failed; a killed process loses
     * only the lines of the tasks it was running, whose outputs nothing uses).
     */
    public synchronized void flushManifest() {
        if (pendingLines == 0) {
            return;
        }
        storage.append(LakeLayout.manifestKey(runId), pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        pendingLines = 0;
    }

    /**
     * Writes what is pending, then merges the manifest's appended pieces into one file (on S3; nothing to do on a local
     * lake), once the run's process lands nothing more. A manifest left in pieces (a killed process) still reads whole.
     */
    public void compactManifest() {
        flushManifest();
        storage.compact(LakeLayout.manifestKey(runId));
    }

    /**
     * Reads a run's manifest back. A file landed again by a retried attempt appears once, as last landed.
     */
    public static List<RawFile> readManifest(LakeLayout layout, String runId) {
        return readManifest(new LocalLakeStorage(layout.root()), runId);
    }

    /** Reads a run's manifest back from {@code storage}. */
    public static List<RawFile> readManifest(LakeStorage storage, String runId) {
        String manifest = LakeLayout.manifestKey(runId);
        Map<String, RawFile> files = new LinkedHashMap<>();
        try {
            byte[] bytes = storage.readAppended(manifest).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                    storage.location(manifest).toString()));
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    RawFile file = JSON.readValue(line, RawFile.class);
                    files.remove(file.storedAs());
                    files.put(file.storedAs(), file);
                }
            }
        } catch (IOException e) {
            throw new LakeException("cannot read manifest " + storage.location(manifest) + ": " + e.getMessage(), e);
        }
        return List.copyOf(files.values());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
