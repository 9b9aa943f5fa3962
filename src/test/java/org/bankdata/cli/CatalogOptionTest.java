package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.bankdata.config.CatalogUri;
import org.bankdata.errors.UsageException;
import org.bankdata.history.HistoryLocation;
import org.bankdata.history.HistoryStore;
import org.bankdata.history.PostgresLakeLocks;
import org.bankdata.lake.LakeSite;
import org.bankdata.cli.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --catalog} and {@code --namespace}: the forms accepted, the login, and their precedence over {@code --history}. */
class CatalogOptionTest {
    @TempDir
    Path work;

    @Test
    void aRestCatalogAndAPostgresCatalogWithTheLoginOfTheEnvironment() {
        CatalogUri rest = CatalogOption.parse("https://catalog.example/api/catalog", Map.of());
        assertThat(rest.isRest()).isTrue();
        assertThat(rest.isLocalFile()).isFalse();
        assertThat(rest.namespace()).isEqualTo("bankdata");

        CatalogUri postgres = CatalogOption.parse("jdbc:postgresql://db.example:5433/lake",
                Map.of("PGUSER", "bankdata", "PGPASSWORD", "pw-from-env"));
        assertThat(postgres.uri()).isEqualTo("jdbc:postgresql://db.example:5433/lake");
        assertThat(postgres.user()).isEqualTo("bankdata");
        assertThat(postgres.password()).isEqualTo("pw-from-env");
        assertThat(postgres.toString()).doesNotContain("pw-from-env");
    }

    @Test
    void anotherSchemeOrANamespaceOfAnotherFormIsAUsageErrorInOneLine() {
        assertThatThrownBy(() -> CatalogOption.parse("thrift://metastore:9083", Map.of())).isInstanceOf(UsageException.class)
                .hasMessage("--catalog thrift://metastore:9083 is not a catalog bankdata can open; give " + CatalogOption.ACCEPTED);

        Result bad = InProcessCli.bankdata("tables", "--lake", work.resolve("lake").toString(), "--namespace", "Bad-Name");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --namespace Bad-Name: not a namespace bankdata can use").hasLineCount(1);
    }

    @Test
    void aChosenCatalogWinsOverTheOneAPostgresHistoryImpliesAndTheNamespaceIsKept() {
        HistoryLocation.Postgres history = new HistoryLocation.Postgres("jdbc:postgresql://db.example:5432/history", "u", "p",
                "db.example", 5432, "history");
        try (LakeSite site = LakeSite.local(work.resolve("lake"))) {
            LakeSite byHistory = HistoryStore.withLocksOf(site.withCatalog(site.catalog().withNamespace("lake_one")), history);
            assertThat(byHistory.catalog().uri()).isEqualTo("jdbc:postgresql://db.example:5432/history");
            assertThat(byHistory.catalog().namespace()).isEqualTo("lake_one");
            assertThat(byHistory.locks()).isInstanceOf(PostgresLakeLocks.class);

            LakeSite chosen = HistoryStore.withLocksOf(site.withCatalog(new CatalogUri("http://127.0.0.1:8181/")), history);
            assertThat(chosen.catalog().uri()).isEqualTo("http://127.0.0.1:8181/");
            assertThat(chosen.locks()).as("the locks still follow the history").isInstanceOf(PostgresLakeLocks.class);
        }
    }
}
