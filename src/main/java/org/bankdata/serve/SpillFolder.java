package org.bankdata.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.bankdata.errors.LakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder only this server's user can open (owner-only permissions, under the system's temporary folder,
 * never the working folder) where DuckDB spills sorts and joins larger than its memory limit. DuckDB
 * reads its own spill folder even with file access disabled, so it must hold nothing but DuckDB's own
 * spill files: each database over a snapshot gets a fresh sub-folder, removed with that database, and
 * the whole folder is removed when the server stops.
 */
final class SpillFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpillFolder.class);

    private final Path root;

    SpillFolder() {
        try {
            this.root = Files.createTempDirectory("bankdata-serve-"); // rwx------ on POSIX file systems
        } catch (IOException | UncheckedIOException e) {
            throw new LakeException("cannot create a private temporary folder for DuckDB under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + "; set TMPDIR (or -Djava.io.tmpdir)"
                    + " to a writable folder", e);
        }
    }

    Path root() {
        return root;
    }

    /** A fresh, empty sub-folder for one database. */
    Path newFolder() {
        try {
            return Files.createTempDirectory(root, "snapshot-");
        } catch (IOException e) {
            throw new LakeException("cannot create a temporary folder for DuckDB in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code folder} and what DuckDB left in it. */
    static void remove(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot remove DuckDB's temporary folder {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public void close() {
        remove(root);
    }
}
