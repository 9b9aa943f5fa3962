package org.bankdata.cli;

import java.util.concurrent.Callable;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeMigration;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bankdata migrate}: converts a lake of the earlier layout (a folder per table version) to Iceberg tables. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Convert a lake written in the earlier layout (tables/<table>/v_<run> folders) to Iceberg tables:"
                + " the published Parquet files are registered as they are, nothing is rewritten.")
public final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Override
    public Integer call() {
        try (LakeSite site = lake.open()) {
            Snapshot stored = site.snapshots().currentAsStored().orElseThrow(() -> new LakeException(
                    "nothing is published in lake " + site.location() + ": there is nothing to convert"));
            if (stored.tables().values().stream().noneMatch(t -> t.isEarlierLayout())) {
                spec.commandLine().getOut().println("lake " + site.location() + " already holds Iceberg tables; nothing to do");
                return 0;
            }
            site.requireWritable();
            Snapshot registered = new LakeMigration(site).register(stored);
            long files = registered.tables().values().stream().mapToLong(t -> t.files().size()).sum();
            spec.commandLine().getOut().println("converted lake " + site.location() + ": run " + registered.runId()
                    + "'s release of " + registered.tables().size() + " table(s) (" + files + " Parquet file(s), not"
                    + " rewritten) is now tag release_" + registered.runId() + " and main of each Iceberg table in "
                    + site.catalog());
        }
        return 0;
    }
}
