package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order a password is looked for in: URL, flag, --password-file, variables, the password file. */
class PostgresLoginTest {
    @TempDir
    Path dir;

    private static final PostgresUrl URL = PostgresUrl.parse("jdbc:postgresql://db.example:5432/bankdata");

    @Test
    void eachSourceIsUsedOnlyWhenTheOnesBeforeItGiveNothing() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("pw"), "from-file\nsecond line is ignored\n");
        Path pgpass = Files.writeString(dir.resolve("pgpass"), "db.example:5432:bankdata:keeper:from-pgpass\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = new HashMap<>(Map.of("BANKDATA_HISTORY_USER", "keeper", "BANKDATA_HISTORY_PASSWORD",
                "from-bankdata-variable", "PGPASSWORD", "from-pgpassword", "PGPASSFILE", pgpass.toString()));
        List<String> userVariables = List.of("BANKDATA_HISTORY_USER", "PGUSER");
        List<String> passwordVariables = List.of("BANKDATA_HISTORY_PASSWORD", "PGPASSWORD");

        PostgresUrl inUrl = PostgresUrl.parse("jdbc:postgresql://db.example:5432/bankdata?password=from-url");
        assertThat(password(inUrl, "from-flag", passwordFile, userVariables, passwordVariables, env)).isEqualTo("from-url");
        assertThat(password(URL, "from-flag", passwordFile, userVariables, passwordVariables, env)).isEqualTo("from-flag");
        assertThat(password(URL, null, passwordFile, userVariables, passwordVariables, env)).isEqualTo("from-file");
        assertThat(password(URL, null, null, userVariables, passwordVariables, env)).isEqualTo("from-bankdata-variable");
        env.remove("BANKDATA_HISTORY_PASSWORD");
        assertThat(password(URL, null, null, userVariables, passwordVariables, env)).isEqualTo("from-pgpassword");
        env.remove("PGPASSWORD");
        assertThat(password(URL, null, null, userVariables, passwordVariables, env)).isEqualTo("from-pgpass");
        env.remove("BANKDATA_HISTORY_USER");
        env.put("PGUSER", "someone-else");
        assertThat(password(URL, null, null, userVariables, passwordVariables, env)).as("pgpass matches the user too").isNull();
    }

    @Test
    void theUserComesFromTheUrlThenTheFlagThenTheVariables() {
        Map<String, String> env = Map.of("PGUSER", "from-pguser");
        assertThat(login(PostgresUrl.parse("jdbc:postgresql://u1@h/db"), "u2", env).user()).isEqualTo("u1");
        assertThat(login(URL, "u2", env).user()).isEqualTo("u2");
        assertThat(login(URL, null, env).user()).isEqualTo("from-pguser");
        assertThat(login(URL, null, Map.of("PGPASSFILE", dir.resolve("none").toString())).user()).isNull();
    }

    @Test
    void aPasswordFileThatCannotBeUsedIsAUsageError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThatThrownBy(() -> PostgresLogin.readPasswordFile(empty)).isInstanceOf(UsageException.class)
                .hasMessage("--password-file " + empty + " is empty; give a file whose first line is the password");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> PostgresLogin.readPasswordFile(absent)).isInstanceOf(UsageException.class)
                .hasMessage("--password-file " + absent + " cannot be read (no such file); give a file whose first line is"
                        + " the password");
        assertThat(PostgresLogin.readPasswordFile(Files.writeString(dir.resolve("crlf"), "pw\r\n"))).isEqualTo("pw");
    }

    @Test
    void theLoginNeverShowsThePassword() {
        assertThat(new PostgresLogin("u", "hunter2").toString()).doesNotContain("hunter2").contains("u");
    }

    private static String password(PostgresUrl url, String flag, Path file, List<String> users, List<String> passwords,
            Map<String, String> env) {
        return PostgresLogin.resolve(url, new PostgresLogin.Sources(null, flag, file, users, passwords), env, w -> { })
                .password();
    }

    private static PostgresLogin login(PostgresUrl url, String flag, Map<String, String> env) {
        return PostgresLogin.resolve(url, new PostgresLogin.Sources(flag, null, null, null, null), env, w -> { });
    }
}
