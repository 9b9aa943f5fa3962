package org.bankdata.lake;

import java.util.List;
import java.util.Optional;
import org.bankdata.config.LakeLocation;

/**
 * The files of one lake, by lake-relative key ({@code tables/_snapshot.json}), on a local disk or on S3, with the
 * semantics publishing relies on and nothing more: a {@link #write} replaces a whole file so that readers see the
 * old bytes or the new ones, never half (local: temporary file, fsync, atomic rename; S3: one PUT of the final
 * key, no rename); {@link #append} adds to a file (local: an fsynced append; S3: one object of its own per append,
 * read with the file by {@link #readAppended} and merged into it once by {@link #compact}), so landing N pieces costs
 * O(N) requests and bytes, and appenders never wait for each other.
 * Listing on S3 shows what was written before the call started.
 */
public interface LakeStorage extends AutoCloseable {
    /** The lake's root. */
    LakeLocation root();

    /** The location of {@code key}, as Spark and Hadoop are given it. */
    default LakeLocation location(String key) {
        return root().resolve(key);
    }

    /** The whole file at {@code key}, or empty when there is none. */
    Optional<byte[]> read(String key);

    /** Whether a file or a folder (a non-empty prefix on S3) is at {@code key}. */
    boolean exists(String key);

    /** Replaces (or creates) the file at {@code key} with {@code bytes}, atomically for readers. */
    void write(String key, byte[] bytes);

    /**
     * Writes the file at {@code key} like {@link #write}, except that after a machine crash the new file may be absent
     * (local: its bytes are flushed before the rename, the rename is not waited for; S3: the same PUT as
     * {@link #write}). For a record whose loss only means work done again (a fee answer's {@code answer.json}: the
     * answer is fetched again); one fsync instead of two.
     */
    default void writeWholeOrAbsent(String key, byte[] bytes) {
        write(key, bytes);
    }

    /**
     * Writes the file at {@code key} like {@link #write}, atomically for readers, but without waiting for the disk
     * where a write needs that to outlast a machine crash (local: no fsync; S3: the same PUT as {@link #write}). For
     * files whose SHA-256 is recorded elsewhere and checked before they are used again (fee pages: a crash may leave
     * one missing or empty, and its answer is then fetched again); one fsync per small file would cost more than the
     * file.
     */
    default void writeUnsynced(String key, byte[] bytes) {
        write(key, bytes);
    }

    /** Adds {@code bytes} at the end of the file at {@code key} (created when missing); safe from several threads. */
    void append(String key, byte[] bytes);

    /** The whole of a file written by {@link #append}, every piece appended so far included; empty when there is none. */
    default Optional<byte[]> readAppended(String key) {
        return read(key);
    }

    /**
     * Merges the pieces appended to the file at {@code key} into the file itself, once no process appends to it any
     * more (a run's manifest when the run's process ends); nothing to do where appends go into the file.
     */
    default void compact(String key) {
    }

    /** The names of the files and folders directly under the folder {@code key}, sorted; empty when there is none. */
    List<String> list(String key);

    /** The keys of every file below the folder {@code key}, at any depth, sorted; empty when there is none. */
    List<String> files(String key);

    /** Copies the file at {@code key} to the local file {@code target} (its folder is made), streaming. */
    void download(String key, java.nio.file.Path target);

    /** Removes the file or folder at {@code key} with everything under it; nothing when there is none. */
    void delete(String key);

    @Override
    default void close() {
    }
}
