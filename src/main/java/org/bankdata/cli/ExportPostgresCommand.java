package org.bankdata.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.LakeSite;
import org.bankdata.warehouse.PostgresLoader;
import org.bankdata.warehouse.WarehouseTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata export postgres}: the published snapshot into a Postgres schema, swapped in atomically. */
@Command(name = "postgres", mixinStandardHelpOptions = true,
        description = "Load the published star schema (dimensions, facts, chart and curated tables) into a Postgres schema with"
                + " the declared types, keys, foreign keys and comments, plus the views answer_top_complaints,"
                + " answer_top_free_services and answer_services_vs_complaints. The schema is replaced in one transaction:"
                + " readers see the old tables or the new ones. A schema bankdata did not create (e.g. public) is refused"
                + " unless --replace-schema is given. Loading the snapshot that is already there changes nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:loaded (or the snapshot was already loaded)", "1:the load failed; nothing was changed in Postgres",
            "2:bad usage"})
public final class ExportPostgresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    LakeOption lake;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        WarehouseTarget target = postgres.target(System.getenv());
        export(lake, target, quiet ? null : spec.commandLine().getErr(), spec.commandLine().getOut());
        return 0;
    }

    /**
     * Loads what {@code layout} publishes into {@code target}; progress on {@code progress} (null: none), the result
     * line on {@code out} (null: none).
     */
    static PostgresLoader.Result export(LakeOption lake, WarehouseTarget target, PrintWriter progress, PrintWriter out) {
        Snapshot snapshot;
        LakeLayout layout;
        try (LakeSite site = lake.open()) {
            snapshot = site.snapshots().require();
            layout = site.readable(snapshot);
        }
        PostgresLoader.Listener listener = progress == null ? PostgresLoader.Listener.NONE
                : (table, rows) -> progress.println("  copied " + table + " (" + rows + " rows)");
        if (progress != null) {
            progress.println("loading snapshot " + snapshot.runId() + " into schema " + target.schema() + " on Postgres at "
                    + target.server());
        }
        PostgresLoader.Result result = new PostgresLoader(target, listener).load(layout, snapshot);
        if (out == null) {
            return result;
        }
        if (result.alreadyLoaded()) {
            out.println("schema " + target.schema() + " on Postgres at " + target.server() + " already holds snapshot "
                    + result.snapshotId() + "; nothing changed");
        } else {
            out.println(String.format(Locale.ROOT, "loaded snapshot %s into schema %s on Postgres at %s: %d tables, %d rows in %.1f s",
                    result.snapshotId(), target.schema(), target.server(), result.tables(), result.rows(),
                    result.took().toMillis() / 1000.0));
        }
        return result;
    }
}
