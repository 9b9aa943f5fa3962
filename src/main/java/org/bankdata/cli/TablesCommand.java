package org.bankdata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.LakeSite;
import org.bankdata.query.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code bankdata tables}: what is published, with row counts and the run that wrote it. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "List the published tables, their rows and run.")
public final class TablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    FormatOption output;

    @Override
    public Integer call() {
        Snapshot snapshot;
        try (LakeSite site = lake.open()) {
            snapshot = site.snapshots().require();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (PublishedTable t : snapshot.tables().values()) {
            rows.add(List.of(t.name(), t.rows(), t.runId(), t.path()));
        }
        ResultPrinter.print(new QueryResult(List.of("table", "rows", "run_id", "path"), rows), output.format,
                spec.commandLine().getOut());
        if (output.format == OutputFormat.table) {
            spec.commandLine().getOut().println("published " + snapshot.publishedAt() + " by run " + snapshot.runId());
        }
        return 0;
    }
}
