package org.bankdata.history;

import java.util.Objects;
import org.bankdata.config.CatalogUri;
import org.bankdata.lake.LakeLocks;
import org.bankdata.lake.LakeSite;

/**
 * A lake's run history together with the locks that say who is working on the lake, chosen together because
 * they must be visible to the same processes: a SQLite history with the lake site's file locks (one host), a
 * Postgres history with {@link PostgresLakeLocks} (the hosts of a deployment). Closing it closes the history.
 *
 * @param history the lake's run history, open for writing (its schema created when needed)
 * @param locks   the lake's leases and publish lock
 */
public record HistoryStore(RunHistory history, LakeLocks locks) implements AutoCloseable {
    public HistoryStore {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(locks, "locks");
    }

    /** Opens the history at {@code given} (null: the site's own SQLite file) for the lake of {@code site}, and its locks. */
    public static HistoryStore open(LakeSite site, HistoryLocation given) {
        HistoryLocation where = location(site, given);
        return new HistoryStore(RunHistory.open(where, lakeOf(site)), locks(site, where));
    }

    /** Where the lake's history is: {@code given}, or by default the site's SQLite file ({@link LakeSite#historyFile}). */
    public static HistoryLocation location(LakeSite site, HistoryLocation given) {
        return given != null ? given : new HistoryLocation.SqliteFile(site.historyFile());
    }

    /**
     * The site as the processes sharing the history at {@code given} must see it: with a Postgres history its leases
     * and publish lock are advisory locks in that database and, unless a catalog was chosen ({@code --catalog}), its
     * Iceberg catalog is Iceberg's JDBC catalog there (every host sees them); otherwise the site's own file locks and
     * its catalog.
     */
    public static LakeSite withLocksOf(LakeSite site, HistoryLocation given) {
        if (!(given instanceof HistoryLocation.Postgres postgres)) {
            return site;
        }
        LakeSite shared = site.withLocks(new PostgresLakeLocks(postgres, lakeOf(site)));
        return site.hasDefaultCatalog()
                ? shared.withCatalog(CatalogUri.postgres(postgres.url(), postgres.user(), postgres.password())
                        .withNamespace(site.catalog().namespace()))
                : shared;
    }

    /** The locks that go with a history at {@code location} for the lake of {@code site}. */
    public static LakeLocks locks(LakeSite site, HistoryLocation location) {
        return withLocksOf(site, location).locks();
    }

    /** How the lake of {@code site} is named in a shared history ({@link RunHistory#lakeOf}). */
    public static String lakeOf(LakeSite site) {
        return RunHistory.lakeOf(site.layout());
    }

    /** A reader of the lake's runs for the dashboard, asking the history's own locks whether a run's process lives. */
    public static RunHistoryReader reader(LakeSite site, HistoryLocation given) {
        HistoryLocation where = location(site, given);
        return new RunHistoryReader(where, lakeOf(site), locks(site, where)::isHeld);
    }

    @Override
    public void close() {
        history.close();
    }
}
