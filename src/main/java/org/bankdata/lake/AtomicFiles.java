package org.bankdata.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.bankdata.errors.LakeException;

/**
 * Writing and replacing files on a local disk so that readers see the old file or the new one, never half
 * of it, and so that a replaced file survives a crash of the process or the machine: the new bytes are
 * written to a temporary file in the same folder, flushed to disk, renamed over the target in one atomic
 * rename, and the folder itself is flushed so the rename is on disk too ({@link #write}). Two lighter ways
 * keep the atomic rename but wait for less: {@link #writeWholeOrAbsent} (no flush of the folder) and
 * {@link #writeUnsynced} (no flush at all), for files whose loss after a machine crash is detected and
 * mended. There is no fallback: a file system that cannot rename atomically is reported, not worked around.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** How much of a write {@link #write(Path, byte[], Durability)} waits to be on disk before it returns. */
    private enum Durability {
        /** The bytes, then the rename: after a machine crash the new file is there. */
        ALL,
        /** The bytes only: after a machine crash the new file is there whole, or the rename is lost. */
        BYTES,
        /** Nothing: after a machine crash the new file may be missing or empty. */
        NONE
    }

    /** Replaces (or creates) {@code target} with {@code bytes}, durably and atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Durability.ALL);
    }

    /**
     * Creates (or replaces) {@code target} with {@code bytes}, atomically: the bytes are flushed to disk before the
     * rename that makes them the file, but the rename itself is not waited for, so after a machine crash the file
     * holds its new bytes whole, or (the rename lost) what it held before; never half, never empty. One fsync instead
     * of two, for a record whose loss only means work done again.
     */
    public static void writeWholeOrAbsent(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Durability.BYTES);
    }

    /**
     * Creates (or replaces) {@code target} with {@code bytes}, atomically for readers (a temporary file renamed into
     * place) but without waiting for the disk: a machine crash soon after may leave it missing or empty. Only for
     * files whose digest is recorded elsewhere and checked before they are used again.
     */
    public static void writeUnsynced(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Durability.NONE);
    }

    private static void write(Path target, byte[] bytes, Durability durability) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                if (durability != Durability.NONE) {
                    out.force(true);
                }
            }
            if (durability == Durability.ALL) {
                move(temp, target);
            } else {
                rename(temp, target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves {@code written} (complete, in the same folder as {@code target}) over {@code target}: flushes it to
     * disk first, renames atomically, then flushes the folder.
     */
    public static void replace(Path written, Path target) throws IOException {
        try (FileChannel file = FileChannel.open(written, StandardOpenOption.WRITE)) {
            file.force(true);
        }
        move(written, target);
    }

    /** Appends {@code bytes} to {@code file} (created when missing) and flushes it to disk before returning. */
    public static void appendDurably(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean created = !Files.exists(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        if (created) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    private static void move(Path from, Path target) throws IOException {
        rename(from, target);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void rename(Path from, Path target) throws IOException {
        try {
            Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new LakeException("the file system of " + target.toAbsolutePath().getParent()
                    + " cannot replace a file in one atomic rename, so readers could see half a file; put it on a local disk", e);
        }
    }

    /**
     * Flushes a folder's entries (a rename or a new file) to disk. Opening a folder for reading and forcing it is
     * how the JDK reaches fsync on a directory on Linux and macOS; where the platform refuses (Windows), the
     * rename is still atomic and the file system's own journal orders it.
     */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }
}
