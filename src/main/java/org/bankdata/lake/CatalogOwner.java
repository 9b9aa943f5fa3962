package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import org.bankdata.config.CatalogUri;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.UsageException;

/**
 * Which catalog owns a lake on S3, recorded in the lake ({@value #KEY}) by the first process that opens its catalog:
 * the catalog's address (without password), the namespace, and the host, when the catalog or the publish lock lives
 * on one host only (a SQLite catalog in the per-host state folder, or a REST or Postgres catalog whose publishes are
 * guarded by file locks of that host). A process naming another catalog, namespace or host is refused in one line,
 * so two hosts (or two catalogs) can never keep two histories of the same tables, and a REST catalog, which has no
 * lock of its own, is published by one host or under the shared locks of a Postgres history.
 * <p>
 * A local lake carries its default catalog in its own folder and records nothing. On S3 a write cannot be made
 * conditional here, so the record is written, then read back: of two processes claiming a new lake at the same
 * moment, the one that reads the other's record is refused.
 *
 * @param catalog   the catalog's address, its password taken out
 * @param namespace the namespace of the lake's tables
 * @param host      the host whose catalog file or locks guard the lake, or null when every host shares them
 */
public record CatalogOwner(String catalog, String namespace, String host) {
    /** {@code tables/_catalog.json}. */
    public static final String KEY = LakeLayout.TABLES + "/_catalog.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CatalogOwner {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** The owner {@code site} would be: its catalog and namespace, and this host when they serve one host. */
    public static CatalogOwner of(LakeSite site) {
        CatalogUri uri = site.catalog();
        boolean oneHost = uri.isLocalFile() || site.locks() instanceof FileLakeLocks;
        return new CatalogOwner(uri.toString(), uri.namespace(), oneHost ? thisHost() : null);
    }

    /**
     * Records {@code site}'s catalog as the owner of its lake on S3, or checks that it is the one recorded; nothing
     * for a local lake.
     *
     * @throws UsageException when the lake is owned by another catalog, namespace or host
     */
    public static void claim(LakeSite site) {
        if (site.location().isLocal()) {
            return;
        }
        CatalogOwner wanted = of(site);
        Optional<CatalogOwner> recorded = read(site.storage());
        if (recorded.isEmpty()) {
            site.storage().write(KEY, wanted.json());
            recorded = read(site.storage());
        }
        CatalogOwner owner = recorded.orElse(wanted);
        if (!owner.equals(wanted)) {
            throw new UsageException("lake " + site.location() + " belongs to catalog " + owner.describe() + " (recorded in "
                    + KEY + "), not " + wanted.describe() + ": give --catalog and --namespace as recorded"
                    + (owner.host() != null ? ", on host " + owner.host() : "")
                    + " (or delete " + site.location().resolve(KEY).uri() + " to hand the lake to another catalog,"
                    + " whose tables then start from the published files)");
        }
    }

    /** The owner recorded in the lake, if any. */
    public static Optional<CatalogOwner> read(LakeStorage storage) {
        return storage.read(KEY).map(bytes -> {
            try {
                return JSON.readValue(bytes, CatalogOwner.class);
            } catch (IOException e) {
                throw new LakeException("cannot read " + KEY + " of lake " + storage.root() + ": " + e.getMessage(), e);
            }
        });
    }

    private byte[] json() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new LakeException("cannot write " + KEY + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return catalog + " namespace " + namespace + (host == null ? "" : " on host " + host);
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        }
    }
}
