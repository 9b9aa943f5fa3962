package org.bankdata.history;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.config.PostgresLogin;
import org.bankdata.config.PostgresUrl;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;

/**
 * Where a run history is kept: a SQLite file (by default {@code runs/history.db} in the lake, for one host), or a
 * Postgres database shared by the processes of a deployment on several hosts ({@code --history
 * jdbc:postgresql://HOST[:PORT]/DATABASE}, env {@value #ENV}).
 * <p>
 * Login to Postgres, first found wins: {@code user=} and {@code password=} in the URL (or {@code USER:PASSWORD@HOST}),
 * then {@code --password-file}, {@value #USER_ENV} / {@value #PASSWORD_ENV}, libpq's {@code PGUSER} /
 * {@code PGPASSWORD}, and libpq's password file ({@code PGPASSFILE}, else {@code ~/.pgpass}). The URL kept
 * ({@link Postgres#url()}) holds no password.
 */
public sealed interface HistoryLocation permits HistoryLocation.SqliteFile, HistoryLocation.Postgres {
    /** The environment variable that stands in for {@code --history}. */
    String ENV = "BANKDATA_HISTORY";
    String USER_ENV = "BANKDATA_HISTORY_USER";
    String PASSWORD_ENV = "BANKDATA_HISTORY_PASSWORD";

    /** The forms {@link #parse} accepts, as a user reads them in an error. */
    String ACCEPTED = "a SQLite file path (e.g. ./history.db) or a Postgres URL jdbc:postgresql://HOST[:PORT]/DATABASE";

    /** Where it is, for messages (never a password). */
    String describe();

    /** The default: the lake's own SQLite file, {@code runs/history.db}. */
    static HistoryLocation inLake(LakeLayout layout) {
        return new SqliteFile(layout.historyDb());
    }

    /**
     * Reads {@code --history} (or {@value #ENV}): a {@code jdbc:postgresql:} URL, a {@code file:} URL or a file path;
     * anything else (another scheme, a folder, nothing) is refused naming the accepted forms. {@code env} gives the
     * Postgres login when the URL does not.
     */
    static HistoryLocation parse(String text, Map<String, String> env) {
        return parse(text, env, null);
    }

    /** As {@link #parse(String, Map)}, with the password of {@code --password-file} ({@code passwordFile}, may be null). */
    static HistoryLocation parse(String text, Map<String, String> env, Path passwordFile) {
        String value = check(text);
        return PostgresUrl.isPostgres(value) ? Postgres.of(value, env, passwordFile) : sqliteOf(value, text);
    }

    /**
     * Checks the form of {@code --history} without logging in or reading a password: a usage error for a value of
     * no accepted form. Returns the value stripped.
     */
    static String check(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("--history is empty; give " + ACCEPTED);
        }
        String value = text.strip();
        if (PostgresUrl.isPostgres(value)) {
            if (PostgresUrl.parse(value) == null) {
                throw new UsageException("--history " + Redaction.redact(value) + " is not a Postgres URL bankdata can use;"
                        + " give " + ACCEPTED);
            }
            return value;
        }
        sqliteOf(value, text);
        return value;
    }

    private static HistoryLocation sqliteOf(String value, String text) {
        Matcher scheme = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(//|[a-zA-Z])").matcher(value);
        if (scheme.find()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("file")) {
                return sqlite(Path.of(URI.create(value)), text);
            }
            throw new UsageException("--history " + Redaction.redact(text) + " is neither a SQLite file nor a Postgres database; give " + ACCEPTED);
        }
        return sqlite(Path.of(value), text);
    }

    private static HistoryLocation sqlite(Path file, String text) {
        if (Files.isDirectory(file)) {
            throw new UsageException("--history " + text + " is a folder; give " + ACCEPTED + ", e.g. "
                    + file.resolve("history.db"));
        }
        return new SqliteFile(file);
    }

    /** A SQLite file, on this host. */
    record SqliteFile(Path file) implements HistoryLocation {
        public SqliteFile {
            file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return file.toString();
        }
    }

    /**
     * A Postgres database. {@code user} and {@code password} are the login to use (null: none given); the password
     * never shows in {@link #toString()} nor in {@link #describe()}.
     */
    record Postgres(String url, String user, String password, String host, int port, String database)
            implements HistoryLocation {
        public Postgres {
            Objects.requireNonNull(url, "url");
        }

        static Postgres of(String text, Map<String, String> env) {
            return of(text, env, null);
        }

        /**
         * The database of a {@code --history} URL, with the login found as {@link PostgresLogin} says: the URL, then
         * {@code passwordFile} ({@code --password-file}, may be null), {@value #USER_ENV} / {@value #PASSWORD_ENV},
         * {@code PGUSER} / {@code PGPASSWORD}, the password file ({@code PGPASSFILE} or {@code ~/.pgpass}).
         */
        static Postgres of(String text, Map<String, String> env, Path passwordFile) {
            PostgresUrl parsed = PostgresUrl.parse(text);
            if (parsed == null) {
                throw new UsageException("--history " + Redaction.redact(text) + " is not a Postgres URL bankdata can use; give "
                        + ACCEPTED);
            }
            PostgresLogin login = PostgresLogin.resolve(parsed, new PostgresLogin.Sources(null, null, passwordFile,
                    List.of(USER_ENV, "PGUSER"), List.of(PASSWORD_ENV, "PGPASSWORD")), env,
                    warning -> org.slf4j.LoggerFactory.getLogger(HistoryLocation.class).warn(warning));
            return new Postgres(parsed.url(), login.user(), login.password(), parsed.host(), parsed.port(),
                    parsed.database());
        }

        /**
         * How long to wait for the server, and how a dead peer is noticed (the URL may set any of them otherwise):
         * 10 s to connect; 120 s for any one answer (longer than the 60 s a publish waits for the publish lock), so a
         * half-open connection fails instead of hanging; TCP keepalive on the client, and on the server after 10 s
         * idle, every 5 s, 3 probes, so the server ends the session of a vanished process, releasing its locks,
         * within about 25 s instead of the system's default two hours.
         */
        static final Map<String, String> CONNECTION_SETTINGS = Map.of(
                "connectTimeout", "10",
                "socketTimeout", "120",
                "tcpKeepAlive", "true",
                "options", "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3");

        /** The login as JDBC properties, with {@link #CONNECTION_SETTINGS} (what the URL itself says still wins inside the driver). */
        Properties login() {
            Properties login = new Properties();
            if (user != null) {
                login.setProperty("user", user);
            }
            if (password != null) {
                login.setProperty("password", password);
            }
            login.setProperty("ApplicationName", "bankdata");
            login.putAll(CONNECTION_SETTINGS);
            return login;
        }

        @Override
        public String describe() {
            return "Postgres database " + database + " at " + host + ":" + port;
        }

        @Override
        public String toString() {
            return "Postgres[" + Redaction.redact(url) + ", user=" + user + "]";
        }

        private static String first(String... values) {
            for (String v : values) {
                if (v != null && !v.isEmpty()) {
                    return v;
                }
            }
            return null;
        }
    }
}
