package org.bankdata.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the lake's Iceberg catalog lives: a JDBC URL. Today a SQLite file ({@code jdbc:sqlite:<file>}): in the lake
 * folder for a local lake, in the lake's per-host state folder for a lake on S3 (a bucket cannot hold a SQLite file),
 * where it serves the processes of that one host.
 */
public record CatalogUri(String uri) {
    public CatalogUri {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("not a catalog bankdata can open: " + uri + "; use jdbc:sqlite:<file>");
        }
    }

    /** The SQLite catalog file {@code file}. */
    public static CatalogUri sqlite(Path file) {
        return new CatalogUri("jdbc:sqlite:" + file.toAbsolutePath().normalize());
    }

    /** The local file of a SQLite catalog. */
    public Path sqliteFile() {
        return Path.of(uri.substring("jdbc:sqlite:".length()));
    }

    @Override
    public String toString() {
        return uri;
    }
}
