package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLocationTest {
    @TempDir
    Path dir;

    @Test
    void aPostgresUrlNamesServerDatabaseAndLoginFromTheUrlFirstThenBankdataThenLibpqVariables() {
        HistoryLocation.Postgres fromUrl = (HistoryLocation.Postgres) HistoryLocation.parse(
                "jdbc:postgresql://db.example:6543/bankdata?user=u1&password=p1",
                Map.of("BANKDATA_HISTORY_USER", "u2", "BANKDATA_HISTORY_PASSWORD", "p2", "PGUSER", "u3", "PGPASSWORD", "p3"));
        assertThat(fromUrl.host()).isEqualTo("db.example");
        assertThat(fromUrl.port()).isEqualTo(6543);
        assertThat(fromUrl.database()).isEqualTo("bankdata");
        assertThat(fromUrl.user()).isEqualTo("u1");
        assertThat(fromUrl.password()).isEqualTo("p1");
        assertThat(fromUrl.describe()).isEqualTo("Postgres database bankdata at db.example:6543");
        assertThat(fromUrl.toString()).doesNotContain("p1");

        HistoryLocation.Postgres fromBankdata = (HistoryLocation.Postgres) HistoryLocation.parse("jdbc:postgresql://h/db",
                Map.of("BANKDATA_HISTORY_USER", "u2", "BANKDATA_HISTORY_PASSWORD", "p2", "PGUSER", "u3", "PGPASSWORD", "p3"));
        assertThat(fromBankdata.user()).isEqualTo("u2");
        assertThat(fromBankdata.password()).isEqualTo("p2");
        assertThat(fromBankdata.port()).as("the default port").isEqualTo(5432);

        HistoryLocation.Postgres fromLibpq = (HistoryLocation.Postgres) HistoryLocation.parse("jdbc:postgresql://h/db",
                Map.of("PGUSER", "u3", "PGPASSWORD", "p3"));
        assertThat(fromLibpq.user()).isEqualTo("u3");
        assertThat(fromLibpq.password()).isEqualTo("p3");
        assertThat(((HistoryLocation.Postgres) HistoryLocation.parse("jdbc:postgresql://h/db", Map.of())).user()).isNull();
    }

    @Test
    void aLoginBeforeTheHostIsUsedAndTheUrlKeptHoldsNoPassword() throws Exception {
        HistoryLocation.Postgres db = (HistoryLocation.Postgres) HistoryLocation.parse(
                "jdbc:postgresql://keeper:pw-in-url@db.example/bankdata?password=pw-in-query&currentSchema=runs", Map.of());
        assertThat(db.user()).isEqualTo("keeper");
        assertThat(db.password()).as("the parameter comes after the host, so it wins").isEqualTo("pw-in-query");
        assertThat(db.url()).isEqualTo("jdbc:postgresql://db.example/bankdata?currentSchema=runs");
        assertThat(db.toString() + db.describe()).doesNotContain("pw-in");

        Path passwordFile = Files.writeString(dir.resolve("pw"), "from-file\n");
        HistoryLocation.Postgres withFile = (HistoryLocation.Postgres) HistoryLocation.parse(
                "jdbc:postgresql://keeper@db.example/bankdata", Map.of("PGPASSWORD", "from-env"), passwordFile);
        assertThat(withFile.password()).isEqualTo("from-file");

        assertThatThrownBy(() -> HistoryLocation.parse("jdbc:postgresql://keeper:pw-in-url@db.example", Map.of()))
                .isInstanceOf(UsageException.class).hasMessageNotContaining("pw-in-url")
                .hasMessageStartingWith("--history jdbc:postgresql://keeper:***@db.example is not a Postgres URL");
    }

    @Test
    void aPathOrFileUrlIsASqliteFile() throws Exception {
        assertThat(HistoryLocation.parse("runs.db", Map.of()))
                .isEqualTo(new HistoryLocation.SqliteFile(Path.of("runs.db").toAbsolutePath()));
        Path file = dir.resolve("h.db");
        assertThat(HistoryLocation.parse(file.toUri().toString(), Map.of())).isEqualTo(new HistoryLocation.SqliteFile(file));
        assertThat(HistoryLocation.inLake(new LakeLayout(dir))).isEqualTo(new HistoryLocation.SqliteFile(
                dir.resolve("runs").resolve("history.db")));
    }

    @Test
    void anythingElseIsRefusedNamingTheAcceptedForms() throws Exception {
        for (String bad : new String[] {"postgres://h/db", "jdbc:mysql://h/db", "s3a://bucket/history.db", " ",
                "jdbc:postgresql:"}) {
            assertThatThrownBy(() -> HistoryLocation.parse(bad, Map.of())).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("a SQLite file path (e.g. ./history.db) or a Postgres URL"
                            + " jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertThatThrownBy(() -> HistoryLocation.parse(folder.toString(), Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("is a folder").hasMessageContaining(folder.resolve("history.db").toString());
    }
}
