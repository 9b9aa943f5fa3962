package org.bankdata.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) with file modes set by a system call instead of a process. Without
 * Hadoop's native library, {@link RawLocalFileSystem} sets the mode of every file and folder it creates by running
 * {@code chmod}: one child process per file, about 380 in a run on the bundled data, each forked from a JVM of
 * several hundred MB, and each on the path of the write that waits for it. This one sets the same mode
 * ({@code 0644} for files, {@code 0755} for folders under the usual umask) through {@code java.nio}. It reads them
 * the same way: Hadoop's file status of a local file runs {@code ls -ld} for its mode, owner and group the first
 * time one of them is asked for, which every listing of located files does (an expiry that lists a table's files
 * ran one process per file listed, 412 in the expiry tests); the status this one returns carries them, read
 * through {@code java.nio}. Everything else, checksum files included, is Hadoop's {@link LocalFileSystem}.
 * <p>
 * Used for {@code file:} by Spark and the lake's catalog through {@link #SETTINGS}.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
    /** The Hadoop setting that makes {@code file:} paths use this file system. */
    public static final Map<String, String> SETTINGS = Map.of("fs.file.impl", ForklessLocalFileSystem.class.getName());

    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /** {@link RawLocalFileSystem} with {@link #setPermission} and the modes of a file's status through {@code java.nio}. */
    static final class Raw extends RawLocalFileSystem {
        /** Hadoop's status (listings build theirs with this too) with its mode, owner and group already read. */
        @Override
        public FileStatus getFileStatus(Path p) throws IOException {
            return withModes(super.getFileStatus(p));
        }

        private FileStatus withModes(FileStatus status) throws IOException {
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(pathToFile(status.getPath()).toPath(), PosixFileAttributes.class);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + status.getPath() + " does not exist");
            } catch (UnsupportedOperationException e) {
                return status; // a file system without POSIX modes: Hadoop's own way
            }
            return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(), status.getBlockSize(),
                    status.getModificationTime(), status.getAccessTime(), hadoop(attributes.permissions()),
                    attributes.owner().getName(), attributes.group().getName(), status.getPath());
        }

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + p + " does not exist");
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission); // a file system without POSIX modes: Hadoop's own way
            }
        }
    }

    /** The POSIX permissions of a Hadoop permission (the sticky bit and the like are not file modes Hadoop sets here). */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE);
        add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        return set;
    }

    /** The Hadoop permission of a file's POSIX permissions. */
    static FsPermission hadoop(Set<PosixFilePermission> posix) {
        return new FsPermission(action(posix, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE), action(posix, PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE), action(posix,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
    }

    private static FsAction action(Set<PosixFilePermission> posix, PosixFilePermission read, PosixFilePermission write,
            PosixFilePermission execute) {
        FsAction action = FsAction.NONE;
        if (posix.contains(read)) {
            action = action.or(FsAction.READ);
        }
        if (posix.contains(write)) {
            action = action.or(FsAction.WRITE);
        }
        if (posix.contains(execute)) {
            action = action.or(FsAction.EXECUTE);
        }
        return action;
    }

    private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
            PosixFilePermission write, PosixFilePermission execute) {
        if (action.implies(FsAction.READ)) {
            set.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            set.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            set.add(execute);
        }
    }
}
