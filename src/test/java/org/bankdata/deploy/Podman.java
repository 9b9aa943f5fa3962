package org.bankdata.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's podman as the container tests drive it: rootful, the {@code runc} runtime, the host's network, and
 * explicit open-file and process limits (podman's defaults ask for more than this machine permits). Commands run
 * from the repository root; their output is kept in files, so a long build cannot fill a pipe.
 */
final class Podman {
    /** The limits and network every {@code podman run} and {@code podman build} gets. */
    static final List<String> RUN_FLAGS = List.of("--network", "host",
            "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=20000:20000");

    /** What a command did: its exit code, standard output and standard error. */
    record Outcome(List<String> command, int exit, String out, String err) {
        /** The last line of standard output (the scripts print the name of what they made there). */
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        Outcome ok() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + "\n" + tail(out) + "\n" + tail(err));
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> " + exit + "\n" + tail(out) + "\n" + tail(err);
        }

        private static String tail(String text) {
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        }
    }

    private Podman() {
    }

    /** {@code podman --runtime runc <args>}. */
    static Outcome podman(Duration timeout, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
        command.addAll(List.of(args));
        return exec(command, env, timeout);
    }

    static Outcome podman(Duration timeout, String... args) {
        return podman(timeout, Map.of(), args);
    }

    /** {@code podman run --rm} with {@link #RUN_FLAGS}, then {@code options}, the image and its arguments. */
    static Outcome runOnce(Duration timeout, Map<String, String> env, List<String> options, String image, String... args) {
        List<String> line = new ArrayList<>(List.of("run", "--rm"));
        line.addAll(RUN_FLAGS);
        line.addAll(options);
        line.add(image);
        line.addAll(List.of(args));
        return podman(timeout, env, line.toArray(String[]::new));
    }

    /** A script of this repository, e.g. {@code deploy/test/base-image}. */
    static Outcome script(Duration timeout, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(script));
        command.addAll(List.of(args));
        return exec(command, Map.of(), timeout);
    }

    private static Outcome exec(List<String> command, Map<String, String> env, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("podman-out", ".txt");
            err = Files.createTempFile("podman-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Outcome(List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(String.join(" ", command) + " interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left in /tmp
            }
        }
    }
}
