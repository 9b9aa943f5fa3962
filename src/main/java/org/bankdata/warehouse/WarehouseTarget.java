package org.bankdata.warehouse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.bankdata.config.PostgresLogin;
import org.bankdata.config.PostgresUrl;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import org.bankdata.errors.WarehouseException;

/**
 * Where {@code bankdata export postgres} loads the published tables: a Postgres JDBC URL, the schema readers
 * query, the login and the roles that get read access. Built once from flags over the standard libpq
 * environment variables ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD})
 * and password file ({@code PGPASSFILE}, {@code ~/.pgpass}): a flag wins over the variable, the URL's login over
 * both. The password never appears in {@link #url}, {@link #toString()} or any message.
 *
 * @param url       {@code jdbc:postgresql://host:port/database}, without user or password (taken out of it)
 * @param schema    the schema the tables are loaded into (lower_snake_case; replaced as a whole on each load)
 * @param user      login role, null to use the one in the URL
 * @param password  null to use the one in the URL (or none)
 * @param readers   roles granted USAGE on the schema and SELECT on its tables after each load
 * @param replaceSchema whether a load may go into a schema bankdata did not create ({@code --replace-schema})
 * @param flags     where the target was given, for messages
 */
public record WarehouseTarget(String url, String schema, String user, String password, List<String> readers,
        boolean replaceSchema, TargetFlags flags) {
    public static final String DEFAULT_SCHEMA = "bankdata";
    /** The schema name plus {@link PostgresDdl#STAGING_SUFFIX} must fit Postgres' 63-byte identifiers. */
    private static final int MAX_SCHEMA_LENGTH = 63 - PostgresDdl.STAGING_SUFFIX.length();
    private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

    public WarehouseTarget {
        Objects.requireNonNull(url, "url");
        schema = schema == null ? DEFAULT_SCHEMA : schema;
        readers = readers == null ? List.of() : List.copyOf(readers);
        flags = flags == null ? TargetFlags.EXPORT : flags;
        PostgresUrl parsed = PostgresUrl.parse(url);
        if (parsed == null) {
            throw new WarehouseException("--url " + Redaction.redact(url) + " is not a Postgres JDBC URL;"
                    + " write it as jdbc:postgresql://HOST:5432/DATABASE", false, null);
        }
        // the URL's login wins, as it would inside the driver; the URL kept holds no password
        url = parsed.url();
        user = parsed.user() != null ? parsed.user() : user;
        password = parsed.password() != null ? parsed.password() : password;
        if (!schema.matches(IDENTIFIER) || schema.length() > MAX_SCHEMA_LENGTH) {
            throw new WarehouseException("--schema " + schema + " is not a usable schema name; use lower_snake_case of at most "
                    + MAX_SCHEMA_LENGTH + " characters, e.g. bankdata", false, null);
        }
        for (String reader : readers) {
            if (!reader.matches(IDENTIFIER)) {
                throw new UsageException("--grant-to " + reader + " is not a role name: a role name here is lower_snake_case"
                        + " (a-z, 0-9 and _, not starting with a digit), e.g. bi_reader");
            }
        }
    }

    /** A target given to {@code export postgres} that loads only into schemas bankdata created. */
    public WarehouseTarget(String url, String schema, String user, String password, List<String> readers) {
        this(url, schema, user, password, readers, false, TargetFlags.EXPORT);
    }

    /**
     * The target from flags (each may be null) over {@code env}: a missing {@code --url} is built from
     * {@code PGHOST}/{@code PGPORT}/{@code PGDATABASE}, a missing user or password taken from
     * {@code PGUSER}/{@code PGPASSWORD}.
     */
    public static WarehouseTarget of(String url, String schema, String user, String password, List<String> readers,
            Map<String, String> env) {
        return of(url, schema, user, password, readers, false, TargetFlags.EXPORT, env);
    }

    /** As {@link #of(String, String, String, String, List, Map)}, with {@code --replace-schema} and where it was given. */
    public static WarehouseTarget of(String url, String schema, String user, String password, List<String> readers,
            boolean replaceSchema, TargetFlags flags, Map<String, String> env) {
        return of(url, schema, new PostgresLogin.Sources(user, password, null, null, null), readers, replaceSchema, flags, env);
    }

    /**
     * The target from flags over {@code env}: a missing {@code --url} is built from {@code PGHOST}/{@code PGPORT}/
     * {@code PGDATABASE}; the login is found as {@link PostgresLogin} says (the URL's, {@code --user}/{@code --password},
     * {@code --password-file}, {@code PGUSER}/{@code PGPASSWORD}, {@code PGPASSFILE} or {@code ~/.pgpass}).
     */
    public static WarehouseTarget of(String url, String schema, PostgresLogin.Sources login, List<String> readers,
            boolean replaceSchema, TargetFlags flags, Map<String, String> env) {
        String resolvedUrl = url;
        if (resolvedUrl == null) {
            String host = env.get("PGHOST");
            if (host == null) {
                throw new WarehouseException("no Postgres to load into: give --url jdbc:postgresql://HOST:5432/DATABASE (or set"
                        + " PGHOST and PGDATABASE)", false, null);
            }
            resolvedUrl = "jdbc:postgresql://" + host + ":" + env.getOrDefault("PGPORT", "5432") + "/"
                    + env.getOrDefault("PGDATABASE", env.getOrDefault("PGUSER", "postgres"));
        }
        PostgresUrl parsed = PostgresUrl.parse(resolvedUrl);
        if (parsed == null) {
            throw new WarehouseException("--url " + Redaction.redact(resolvedUrl) + " is not a Postgres JDBC URL;"
                    + " write it as jdbc:postgresql://HOST:5432/DATABASE", false, null);
        }
        PostgresLogin found = PostgresLogin.resolve(parsed, new PostgresLogin.Sources(login.user(), login.password(),
                login.passwordFile(), List.of("PGUSER"), List.of("PGPASSWORD")), env,
                warning -> org.slf4j.LoggerFactory.getLogger(WarehouseTarget.class).warn(warning));
        return new WarehouseTarget(parsed.url(), schema, found.user(), found.password(), readers, replaceSchema, flags);
    }

    /** {@code host:port/database}, as messages name the server. */
    public String server() {
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        return parsed.getProperty("PGHOST", "localhost") + ":" + parsed.getProperty("PGPORT", "5432") + "/"
                + parsed.getProperty("PGDBNAME", "");
    }

    /** The database name in the URL. */
    public String database() {
        return org.postgresql.Driver.parseURL(url, null).getProperty("PGDBNAME", "");
    }

    /** The login role, as the URL or {@link #user} gives it (empty when neither does: the driver's default). */
    public String userName() {
        if (user != null) {
            return user;
        }
        return org.postgresql.Driver.parseURL(url, null).getProperty("user", System.getProperty("user.name", ""));
    }

    /** Whether a password was found at all (the URL's is in {@link #password} too). */
    public boolean hasPassword() {
        return password != null;
    }

    /** Connection properties: the login, short timeouts, the application name Postgres shows in pg_stat_activity. */
    Properties connectionProperties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("loginTimeout", "15");
        p.setProperty("ApplicationName", "bankdata export");
        return p;
    }

    @Override
    public String toString() {
        return "WarehouseTarget[" + server() + ", schema " + schema + ", user " + userName() + "]";
    }
}
