package org.bankdata.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bankdata.errors.UsageException;

/**
 * The login bankdata uses on a Postgres server, found the way libpq finds it, so that a password never has to be
 * an argument. User, first found: the URL's ({@code user=} or {@code USER@HOST}), a flag, the caller's variables
 * (e.g. {@code BANKDATA_HISTORY_USER}), {@code PGUSER}. Password, first found: the URL's, a flag,
 * {@code --password-file} (its first line), the caller's variables, {@code PGPASSWORD}, then the line of the
 * password file ({@code PGPASSFILE}, else {@code ~/.pgpass}) matching host, port, database and user (the
 * operating system's user name when none is given, as libpq).
 *
 * @param user     null: none given (the driver's default)
 * @param password null: none found
 */
public record PostgresLogin(String user, String password) {

    /** Where a login may come from besides the URL; every field may be null or empty. */
    public record Sources(String user, String password, Path passwordFile, List<String> userVariables,
            List<String> passwordVariables) {
        public Sources {
            userVariables = userVariables == null ? List.of("PGUSER") : List.copyOf(userVariables);
            passwordVariables = passwordVariables == null ? List.of("PGPASSWORD") : List.copyOf(passwordVariables);
        }

        /** Only libpq's own: {@code PGUSER}, {@code PGPASSWORD}, the password file. */
        public static Sources libpq() {
            return new Sources(null, null, null, List.of("PGUSER"), List.of("PGPASSWORD"));
        }
    }

    public static PostgresLogin resolve(PostgresUrl url, Sources sources, Map<String, String> env, Consumer<String> warn) {
        String user = first(url.user(), sources.user());
        for (String variable : sources.userVariables()) {
            user = first(user, env.get(variable));
        }
        String password = first(url.password(), sources.password());
        if (password == null && sources.passwordFile() != null) {
            password = readPasswordFile(sources.passwordFile());
        }
        for (String variable : sources.passwordVariables()) {
            password = first(password, env.get(variable));
        }
        if (password == null) {
            String loginName = user != null ? user : System.getProperty("user.name", "");
            password = PgPassFile.read(PgPassFile.location(env), warn)
                    .passwordFor(url.host(), url.port(), url.database(), loginName).orElse(null);
        }
        return new PostgresLogin(user, password);
    }

    /** The first line of a {@code --password-file}, without its line end. */
    public static String readPasswordFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--password-file " + file + " cannot be read (" + (Files.exists(file) ? "not readable"
                    : "no such file") + "); give a file whose first line is the password");
        }
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new UsageException("--password-file " + file + " is empty; give a file whose first line is the password");
        }
        return line;
    }

    @Override
    public String toString() {
        return "PostgresLogin[user=" + user + (password == null ? ", no password]" : ", password ***]");
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
