package org.bankdata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.LakeSite;
import org.bankdata.metastore.DdlDialect;
import org.bankdata.metastore.ExternalTable;
import org.bankdata.metastore.ExternalTableDdl;
import org.bankdata.metastore.PublishedLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata catalog}: DDL that makes Athena/Glue, a Hive metastore or Spark SQL read the published tables. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Print CREATE EXTERNAL TABLE statements (Athena/Glue, Hive, Spark SQL) over the published tables,"
                + " then the ALTER TABLE statements that point them at the published versions: run the whole script"
                + " after every publish.")
public final class CatalogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Option(names = "--format", defaultValue = "athena", description = "athena, hive or spark (default: ${DEFAULT-VALUE}).")
    DdlDialect format;

    @Option(names = "--location", paramLabel = "URL",
            description = "Where the engine finds the lake's tables/ folder, e.g. s3://bucket/prefix for"
                    + " s3://bucket/prefix/tables/... (default: the local lake as a file: URL).")
    String location;

    @Option(names = "--database", defaultValue = "bankdata", description = "Database (schema) of the tables (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        ExternalTableDdl ddl;
        try {
            ddl = new ExternalTableDdl(format, database);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--database " + e.getMessage());
        }
        List<ExternalTable> tables;
        Snapshot snapshot;
        PublishedLocations locations;
        try (LakeSite site = lake.open()) {
            try {
                locations = location == null ? PublishedLocations.where(site.storage())
                        : PublishedLocations.under(site.storage(), location);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--location " + e.getMessage());
            }
            snapshot = site.snapshots().require();
            tables = locations.tables(snapshot);
        }
        String script = ddl.script(tables);
        if (output == null) {
            spec.commandLine().getOut().print(script);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LakeException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        List<String> undeclared = PublishedLocations.undeclared(snapshot);
        if (!undeclared.isEmpty()) {
            spec.commandLine().getErr().println("warning: left out published table(s) this bankdata does not declare: "
                    + String.join(", ", undeclared) + " (written by another bankdata version)");
        }
        spec.commandLine().getErr().println(format + " DDL for " + tables.size() + " table(s) of run " + snapshot.runId()
                + "'s snapshot (published " + snapshot.publishedAt() + ") under " + locations.root()
                + (output == null ? "" : ", written to " + output));
        return 0;
    }
}
