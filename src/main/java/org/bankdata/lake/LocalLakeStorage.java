package org.bankdata.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;

/** A lake in a local folder: replaced files go through {@link AtomicFiles} (temporary file, fsync, atomic rename). */
public final class LocalLakeStorage implements LakeStorage {
    private final LakeLocation root;
    private final Path dir;

    public LocalLakeStorage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.root = LakeLocation.local(this.dir);
    }

    @Override
    public LakeLocation root() {
        return root;
    }

    private Path path(String key) {
        return dir.resolve(key);
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    @Override
    public void write(String key, byte[] bytes) {
        write(key, bytes, AtomicFiles::write);
    }

    @Override
    public void writeWholeOrAbsent(String key, byte[] bytes) {
        write(key, bytes, AtomicFiles::writeWholeOrAbsent);
    }

    @Override
    public void writeUnsynced(String key, byte[] bytes) {
        write(key, bytes, AtomicFiles::writeUnsynced);
    }

    /** One of {@link AtomicFiles}' ways of writing a whole file. */
    @FunctionalInterface
    private interface FileWrite {
        void write(Path target, byte[] bytes) throws IOException;
    }

    private void write(String key, byte[] bytes, FileWrite how) {
        try {
            how.write(path(key), bytes);
        } catch (IOException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public synchronized void append(String key, byte[] bytes) {
        try {
            AtomicFiles.appendDurably(path(key), bytes);
        } catch (IOException e) {
            throw failure("append to", key, e);
        }
    }

    @Override
    public List<String> list(String key) {
        Path folder = path(key);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw failure("list", key, e);
        }
    }

    @Override
    public List<String> files(String key) {
        Path folder = path(key);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw failure("list", key, e);
        }
    }

    @Override
    public void download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(path(key), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("copy", key, e);
        }
    }

    @Override
    public void delete(String key) {
        Path target = path(key);
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    private LakeException failure(String what, String key, IOException e) {
        return new LakeException("cannot " + what + " " + path(key) + " (" + e.getMessage() + "); check the lake folder"
                + " is on a local disk and writable", e);
    }
}
