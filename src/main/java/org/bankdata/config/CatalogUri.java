package org.bankdata.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bankdata.errors.Redaction;

/**
 * Where the lake's Iceberg tables are listed: a catalog and the namespace in it. The catalog is one of
 * <ul>
 *   <li>{@code jdbc:sqlite:<file>}, Iceberg's JDBC catalog in a SQLite file: by default {@code catalog.db} of the lake
 *   folder for a local lake, of the lake's per-host state folder for a lake on S3 (a bucket cannot hold a SQLite file),
 *   where it serves the processes of that one host;</li>
 *   <li>{@code jdbc:postgresql://…}, Iceberg's JDBC catalog in a Postgres database, shared by every host (by default
 *   with the run history in Postgres, {@code --history jdbc:postgresql://…}, the catalog is in that same database);</li>
 *   <li>{@code http(s)://…}, an Iceberg REST catalog (the protocol of Glue's Iceberg endpoint, S3 Tables, Polaris,
 *   Nessie).</li>
 * </ul>
 * Whatever the catalog, it is called {@value #NAME}, so another engine configured with the same address finds the
 * tables as {@code bankdata.<namespace>.<table>}.
 *
 * @param user      the login's user for a Postgres server (null: none, or the URL's own)
 * @param password  the login's password (null: none); never shown by {@link #toString()}
 * @param namespace the Iceberg namespace holding the lake's tables ({@value #DEFAULT_NAMESPACE} by default)
 * @param login     how a REST catalog is logged in to ({@link RestCatalogLogin#NONE} for none and for a JDBC catalog);
 *                  never shown by {@link #toString()}
 */
public record CatalogUri(String uri, String user, String password, String namespace, RestCatalogLogin login) {
    /** The catalog's name, for bankdata and for every engine configured after {@code bankdata catalog}. */
    public static final String NAME = "bankdata";
    public static final String DEFAULT_NAMESPACE = "bankdata";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z_][a-z0-9_]{0,63}");

    public CatalogUri {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(login, "login");
        if (!uri.startsWith("jdbc:sqlite:") && !uri.startsWith("jdbc:postgresql:") && !isHttp(uri)) {
            throw new IllegalArgumentException("not a catalog bankdata can open: " + Redaction.redact(uri)
                    + "; use jdbc:sqlite:<file>, jdbc:postgresql://host/db or http(s)://host/path of an Iceberg REST catalog");
        }
        if (!login.equals(RestCatalogLogin.NONE) && !isHttp(uri)) {
            throw new IllegalArgumentException("a login for a REST catalog given with " + Redaction.redact(uri)
                    + ", which is not one");
        }
        requireNamespace(namespace);
    }

    /** Throws {@link IllegalArgumentException} saying what a namespace may hold when {@code namespace} is not one. */
    public static void requireNamespace(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not a namespace bankdata can use: " + namespace
                    + "; use lower-case letters, digits and _ (up to 64, not starting with a digit)");
        }
    }

    /** A JDBC catalog, or a REST catalog with no login. */
    public CatalogUri(String uri, String user, String password, String namespace) {
        this(uri, user, password, namespace, RestCatalogLogin.NONE);
    }

    /** A catalog with no separate login (a SQLite file, a REST catalog, or a URL carrying its own), in namespace bankdata. */
    public CatalogUri(String uri) {
        this(uri, null, null, DEFAULT_NAMESPACE);
    }

    /** The REST catalog at {@code uri} (http or https), logged in to with {@code login}, in namespace bankdata. */
    public static CatalogUri rest(String uri, RestCatalogLogin login) {
        return new CatalogUri(uri, null, null, DEFAULT_NAMESPACE, login);
    }

    /** The SQLite catalog file {@code file}. */
    public static CatalogUri sqlite(Path file) {
        return new CatalogUri("jdbc:sqlite:" + file.toAbsolutePath().normalize());
    }

    /** Iceberg's JDBC catalog in the Postgres database at {@code url}, logged in as {@code user}. */
    public static CatalogUri postgres(String url, String user, String password) {
        return new CatalogUri(url, user, password, DEFAULT_NAMESPACE);
    }

    /** The same catalog, the lake's tables in {@code other}. */
    public CatalogUri withNamespace(String other) {
        return new CatalogUri(uri, user, password, other, login);
    }

    /** Whether the catalog is a file on this host (SQLite), rather than a server every host can share. */
    public boolean isLocalFile() {
        return uri.startsWith("jdbc:sqlite:");
    }

    /** Whether the catalog is an Iceberg REST catalog (no database of its own here, hence no lock in it). */
    public boolean isRest() {
        return isHttp(uri);
    }

    private static boolean isHttp(String uri) {
        return uri.startsWith("http://") || uri.startsWith("https://");
    }

    /** The local file of a SQLite catalog. */
    public Path sqliteFile() {
        return Path.of(uri.substring("jdbc:sqlite:".length()));
    }

    @Override
    public String toString() {
        return Redaction.redact(uri);
    }
}
