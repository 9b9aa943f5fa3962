package org.bankdata.config;

import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.Redaction;

/**
 * Where the lake's Iceberg catalog lives: a JDBC URL, with the login for a server. By default a SQLite file
 * ({@code jdbc:sqlite:<file>}): in the lake folder for a local lake, in the lake's per-host state folder for a lake on
 * S3 (a bucket cannot hold a SQLite file), where it serves the processes of that one host. With the run history in
 * Postgres ({@code --history jdbc:postgresql://…}), the catalog is Iceberg's JDBC catalog in that same database, shared
 * by every host that shares the history.
 *
 * @param user     the login's user for a server (null: none, or the URL's own)
 * @param password the login's password (null: none); never shown by {@link #toString()}
 */
public record CatalogUri(String uri, String user, String password) {
    public CatalogUri {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith("jdbc:sqlite:") && !uri.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a catalog bankdata can open: " + Redaction.redact(uri)
                    + "; use jdbc:sqlite:<file> or jdbc:postgresql://host/db");
        }
    }

    /** A catalog with no separate login (a SQLite file, or a URL carrying its own). */
    public CatalogUri(String uri) {
        this(uri, null, null);
    }

    /** The SQLite catalog file {@code file}. */
    public static CatalogUri sqlite(Path file) {
        return new CatalogUri("jdbc:sqlite:" + file.toAbsolutePath().normalize());
    }

    /** Iceberg's JDBC catalog in the Postgres database at {@code url}, logged in as {@code user}. */
    public static CatalogUri postgres(String url, String user, String password) {
        return new CatalogUri(url, user, password);
    }

    /** Whether the catalog is a file on this host (SQLite), rather than a server every host can share. */
    public boolean isLocalFile() {
        return uri.startsWith("jdbc:sqlite:");
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
