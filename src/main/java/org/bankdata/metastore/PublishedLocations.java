package org.bankdata.metastore;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.LocalLakeStorage;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;

/**
 * Where an engine outside bankdata finds each table of a published snapshot. A published table's folder is
 * relative to the lake root ({@code tables/<table>/v_<run-id>}); the root is the local lake as a {@code file:}
 * URL, or a copy of it elsewhere (e.g. {@code s3://bucket/prefix}, holding {@code tables/} as the lake does).
 */
public final class PublishedLocations {
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.+");

    private final LakeStorage storage;
    private final String root;

    private PublishedLocations(LakeStorage storage, String root) {
        this.storage = storage;
        this.root = root;
    }

    /** The tables of the local lake where they are, as {@code file:} URLs. */
    public static PublishedLocations local(LakeLayout layout) {
        return where(new LocalLakeStorage(layout.root()));
    }

    /** The tables of the lake in {@code storage} where they are ({@code file:} or {@code s3a:} URLs). */
    public static PublishedLocations where(LakeStorage storage) {
        return new PublishedLocations(storage, trimSlashes(storage.root().uri()));
    }

    /**
     * The tables under {@code root} instead of the local lake's folder, e.g. {@code s3://bucket/prefix}.
     *
     * @throws IllegalArgumentException when {@code root} is not a URL with a scheme, or holds a quote
     */
    public static PublishedLocations under(LakeLayout layout, String root) {
        return under(new LocalLakeStorage(layout.root()), root);
    }

    /** As {@link #under(LakeLayout, String)}, the partition folders listed in {@code storage}. */
    public static PublishedLocations under(LakeStorage storage, String root) {
        String trimmed = trimSlashes(root.strip());
        if (!URL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(root + " is not a URL like s3://bucket/prefix (the folder that holds the lake's"
                    + " tables/ folder)");
        }
        if (trimmed.contains("'") || trimmed.contains("\\") || trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(root + " holds a quote, a backslash or a space; give a plain URL like s3://bucket/prefix");
        }
        try {
            new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(root + " is not a valid URL: " + e.getReason());
        }
        return new PublishedLocations(storage, trimmed);
    }

    /** The root every table's location starts with. */
    public String root() {
        return root;
    }

    /**
     * Every declared table of {@code snapshot}, in catalog order, with its location and (partitioned tables) the
     * partition folders its published version holds. Tables the snapshot lacks (an older lake) are left out.
     */
    public List<ExternalTable> tables(Snapshot snapshot) {
        List<ExternalTable> tables = new ArrayList<>();
        for (TableDef def : Tables.all()) {
            PublishedTable published = snapshot.table(def.name());
            if (published == null) {
                continue;
            }
            String location = root + "/" + trimSlashes(published.path());
            tables.add(new ExternalTable(def, location, partitions(def, published.path())));
        }
        return tables;
    }

    /** The snapshot's tables that no declaration describes (none, unless the lake was written by another version). */
    public static List<String> undeclared(Snapshot snapshot) {
        return snapshot.tables().keySet().stream().filter(t -> !Tables.names().contains(t)).toList();
    }

    private List<String> partitions(TableDef def, String version) {
        Optional<String> column = Optional.ofNullable(def.partitionColumn());
        if (column.isEmpty()) {
            return List.of();
        }
        String prefix = column.get() + "=";
        if (!storage.exists(version)) {
            throw new LakeException("cannot list the folders of published table " + def.name() + " in "
                    + storage.location(version) + ": it is missing; is the lake complete?");
        }
        List<String> values = new ArrayList<>();
        for (String name : storage.list(version)) {
            if (name.startsWith(prefix)) {
                values.add(name.substring(prefix.length()));
            }
        }
        values.sort(null);
        return values;
    }

    private static String trimSlashes(String path) {
        String s = path;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
