package org.bankdata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bankdata.errors.LakeException;
import org.bankdata.history.HistoryStore;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bankdata catalog}: the Spark settings that read the lake's Iceberg tables from its catalog. The tables are
 * Iceberg tables in a catalog, so another engine needs no DDL repointed at each publish: it opens the catalog and
 * reads {@code main} (the current release) or a tag {@code release_<run-id>}.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Print the Spark settings (spark.sql.catalog.bankdata.*) that read the lake's Iceberg tables"
                + " (catalog bankdata, namespace bankdata) from its catalog.")
public final class CatalogCommand implements Callable<Integer> {
    /** How the settings are printed. */
    enum SettingsFormat { properties, conf }

    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Option(names = "--format", defaultValue = "properties",
            description = "properties (lines of spark-defaults.conf) or conf (--conf key=value arguments of spark-submit)"
                    + " (default: ${DEFAULT-VALUE}).")
    SettingsFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        Map<String, String> settings;
        Snapshot release;
        boolean oneHost;
        boolean fileCatalog;
        String namespace;
        try (LakeSite opened = lake.open()) {
            LakeSite site = HistoryStore.withLocksOf(opened, history.given());
            release = site.snapshots().require();
            settings = site.icebergCatalog().sparkSettings(LakeCatalog.NAME);
            oneHost = site.catalogServesOneHost();
            fileCatalog = site.catalog().isLocalFile();
            namespace = site.catalog().namespace();
        }
        settings.keySet().removeIf(k -> k.endsWith(".metrics-reporter-impl"));
        // a password, an OAuth2 credential or token never goes into an output: the engine's operator fills it in
        settings.replaceAll((k, v) -> k.endsWith(".jdbc.password") ? "<the password of the catalog's database user>"
                : k.endsWith(".credential") ? "<client_id:client_secret of the catalog's OAuth2 client>"
                : k.endsWith(".token") ? "<a bearer token of the catalog>" : v);
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(format == SettingsFormat.conf ? "--conf " + k + "=" + v : k + " " + v).append('\n'));
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LakeException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        spec.commandLine().getErr().println("Spark settings of catalog " + LakeCatalog.NAME + " for " + release.tables().size()
                + " table(s) (SELECT ... FROM " + LakeCatalog.NAME + "." + namespace + ".<table>); main is run "
                + release.runId() + "'s release (tag " + LakeCatalog.tag(release.runId()) + ")"
                + (oneHost && fileCatalog ? "; the catalog is a file on this host, so it serves this host only" : "")
                + (oneHost && !fileCatalog ? "; this host's locks guard the lake's publishes, so publish from this host only" : "")
                + (output == null ? "" : ", written to " + output));
        return 0;
    }
}
