package org.bankdata.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A password file in libpq's {@code ~/.pgpass} format, read the way {@code psql} reads it: one
 * {@code hostname:port:database:username:password} a line, {@code *} matching anything in the first four fields,
 * {@code \:} and {@code \\} standing for {@code :} and {@code \}, lines starting with {@code #} ignored, the first
 * matching line winning. The file is {@code PGPASSFILE}, else {@code ~/.pgpass}; like libpq, a file that its group
 * or others may read is not used (a warning says so), nor is anything but a regular file.
 */
public final class PgPassFile {
    private final List<List<String>> lines;

    private PgPassFile(List<List<String>> lines) {
        this.lines = lines;
    }

    /** The file libpq would read: {@code PGPASSFILE}, else {@code .pgpass} in {@code HOME} (else the JVM's home). */
    public static Path location(Map<String, String> env) {
        String given = env.get("PGPASSFILE");
        if (given != null && !given.isEmpty()) {
            return Path.of(given);
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".pgpass");
    }

    /**
     * The password file at {@code file}, or an empty one when there is none, it is not a regular file, its group or
     * others may read it ({@code warn} is told why), or it cannot be read.
     */
    public static PgPassFile read(Path file, java.util.function.Consumer<String> warn) {
        if (!Files.isRegularFile(file)) {
            return new PgPassFile(List.of());
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)
                    || mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                warn.accept("password file " + file + " has group or world access and is not used; make it private:"
                        + " chmod 600 " + file);
                return new PgPassFile(List.of());
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: no mode to check, as libpq on Windows
        } catch (IOException e) {
            return new PgPassFile(List.of());
        }
        try {
            List<List<String>> parsed = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                List<String> fields = fields(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                if (fields.size() >= 5) {
                    parsed.add(fields);
                }
            }
            return new PgPassFile(List.copyOf(parsed));
        } catch (IOException e) {
            return new PgPassFile(List.of());
        }
    }

    /** The password of the first line that matches, if any. */
    public Optional<String> passwordFor(String host, int port, String database, String user) {
        String[] wanted = {host, Integer.toString(port), database, user};
        for (List<String> line : lines) {
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                matches = line.get(i).equals("*") || line.get(i).equals(wanted[i]);
            }
            if (matches) {
                return Optional.of(line.get(4));
            }
        }
        return Optional.empty();
    }

    /**
     * The line's fields, split on unescaped {@code :}: the first four, then the rest of the line as the password
     * (libpq stops at the password's first unescaped {@code :} too).
     */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':') {
                fields.add(field.toString());
                field.setLength(0);
                if (fields.size() == 5) {
                    break;
                }
            } else {
                field.append(c);
            }
        }
        if (fields.size() < 5) {
            fields.add(field.toString());
        }
        return fields;
    }
}
