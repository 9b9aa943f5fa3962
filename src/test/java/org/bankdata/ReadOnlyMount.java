package org.bankdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A folder made read-only by bind-mounting it onto itself read-only, for tests that need a lake nobody may
 * write. Tests run as root, where chmod denies nothing; a read-only mount denies root too. Needs the right
 * to mount (root with CAP_SYS_ADMIN): {@link #of} is empty where that is missing, and tests then skip.
 */
public final class ReadOnlyMount implements AutoCloseable {
    private final Path dir;

    private ReadOnlyMount(Path dir) {
        this.dir = dir;
    }

    public static Optional<ReadOnlyMount> of(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        if (!run("mount", "--bind", target.toString(), target.toString())) {
            return Optional.empty();
        }
        ReadOnlyMount mount = new ReadOnlyMount(target);
        if (!run("mount", "-o", "remount,bind,ro", target.toString()) || writable(target)) {
            mount.close();
            return Optional.empty();
        }
        return Optional.of(mount);
    }

    private static boolean writable(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve(".probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!run("umount", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
    }
}
