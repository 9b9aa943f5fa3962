package org.bankdata.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.bankdata.errors.WarehouseException;
import org.junit.jupiter.api.Test;

class WarehouseTargetTest {
    @Test
    void flagsWinOverLibpqVariablesAndTheSchemaDefaultsToBankdata() {
        Map<String, String> env = Map.of("PGHOST", "db.example", "PGPORT", "6543", "PGDATABASE", "dw", "PGUSER", "envuser",
                "PGPASSWORD", "envpw");
        WarehouseTarget fromEnv = WarehouseTarget.of(null, null, null, null, null, env);
        assertThat(fromEnv.url()).isEqualTo("jdbc:postgresql://db.example:6543/dw");
        assertThat(fromEnv.schema()).isEqualTo("bankdata");
        assertThat(fromEnv.user()).isEqualTo("envuser");
        assertThat(fromEnv.password()).isEqualTo("envpw");
        assertThat(fromEnv.server()).isEqualTo("db.example:6543/dw");

        WarehouseTarget flags = WarehouseTarget.of("jdbc:postgresql://h/db", "mart", "u", "p", List.of("bi"), env);
        assertThat(flags.server()).isEqualTo("h:5432/db");
        assertThat(List.of(flags.schema(), flags.user(), flags.password())).containsExactly("mart", "u", "p");
        assertThat(flags.readers()).containsExactly("bi");
    }

    @Test
    void thePasswordIsNeverShown() {
        WarehouseTarget target = new WarehouseTarget("jdbc:postgresql://h:5432/db", null, "u", "hunter2", List.of());
        assertThat(target.toString()).doesNotContain("hunter2").contains("h:5432/db");
        assertThatThrownBy(() -> new WarehouseTarget("jdbc:mysql://h/db?password=hunter2", null, null, null, List.of()))
                .isInstanceOf(WarehouseException.class).hasMessageNotContaining("hunter2")
                .hasMessageContaining("jdbc:postgresql://HOST:5432/DATABASE");
    }

    @Test
    void theUrlsLoginIsTakenOutOfItAndAPasswordFileComesBeforeThePgpasswordVariable() throws Exception {
        WarehouseTarget inUrl = WarehouseTarget.of("jdbc:postgresql://keeper:hunter2@db.example:5432/dw?sslmode=require",
                null, null, null, List.of(), Map.of("PGPASSWORD", "from-env"));
        assertThat(inUrl.url()).isEqualTo("jdbc:postgresql://db.example:5432/dw?sslmode=require");
        assertThat(List.of(inUrl.user(), inUrl.password())).containsExactly("keeper", "hunter2");

        java.nio.file.Path file = java.nio.file.Files.createTempFile("bankdata-pw", ".txt");
        try {
            java.nio.file.Files.writeString(file, "from-file\n");
            WarehouseTarget fromFile = WarehouseTarget.of("jdbc:postgresql://db.example/dw", null,
                    new org.bankdata.config.PostgresLogin.Sources("keeper", null, file, null, null), List.of(), false,
                    TargetFlags.EXPORT, Map.of("PGPASSWORD", "from-env"));
            assertThat(fromFile.password()).isEqualTo("from-file");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void refusesSchemaNamesItCannotUseAndMissingServers() {
        assertThatThrownBy(() -> new WarehouseTarget("jdbc:postgresql://h/db", "Bank Data", null, null, List.of()))
                .hasMessageContaining("--schema Bank Data");
        assertThatThrownBy(() -> new WarehouseTarget("jdbc:postgresql://h/db", "x".repeat(60), null, null, List.of()))
                .hasMessageContaining("at most 54");
        assertThatThrownBy(() -> WarehouseTarget.of(null, null, null, null, null, Map.of()))
                .hasMessageContaining("give --url");
    }
}
