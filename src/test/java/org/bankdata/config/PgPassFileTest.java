package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpq's password file format, as the PostgreSQL manual ("The Password File") gives it. */
class PgPassFileTest {
    @TempDir
    Path dir;

    private Path file(String text, String mode) throws Exception {
        Path file = dir.resolve("pgpass-" + mode);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void theFirstMatchingLineWinsWithWildcardsAndEscapes() throws Exception {
        Path file = file("""
                # comments and blank lines are skipped

                db.example:5432:bankdata:keeper:first\\:pw\\\\x
                db.example:5432:bankdata:keeper:second
                *:6543:*:keeper:any-db-on-6543
                db\\:v6:*:*:*:escaped-host
                *:*:*:*:fallback:ignored-after-colon
                """, "rw-------");
        PgPassFile pgpass = PgPassFile.read(file, w -> { });
        assertThat(pgpass.passwordFor("db.example", 5432, "bankdata", "keeper")).contains("first:pw\\x");
        assertThat(pgpass.passwordFor("other.example", 6543, "history", "keeper")).contains("any-db-on-6543");
        assertThat(pgpass.passwordFor("db:v6", 5432, "x", "y")).contains("escaped-host");
        assertThat(pgpass.passwordFor("db.example", 5432, "bankdata", "reader")).contains("fallback");
    }

    @Test
    void noMatchingLineGivesNothing() throws Exception {
        PgPassFile pgpass = PgPassFile.read(file("db.example:5432:bankdata:keeper:pw\n", "rw-------"), w -> { });
        assertThat(pgpass.passwordFor("db.example", 5433, "bankdata", "keeper")).isEmpty();
        assertThat(pgpass.passwordFor("db.example", 5432, "other", "keeper")).isEmpty();
        assertThat(PgPassFile.read(dir.resolve("absent"), w -> { }).passwordFor("h", 1, "d", "u")).isEmpty();
    }

    @Test
    void aFileOthersMayReadIsNotUsedAndAWarningSaysSo() throws Exception {
        Path open = file("*:*:*:*:pw\n", "rw-r--r--");
        List<String> warnings = new ArrayList<>();
        assertThat(PgPassFile.read(open, warnings::add).passwordFor("h", 5432, "d", "u")).isEmpty();
        assertThat(warnings).containsExactly("password file " + open + " has group or world access and is not used; make it"
                + " private: chmod 600 " + open);
    }

    @Test
    void pgpassfileNamesTheFileElseHomeHoldsIt() {
        assertThat(PgPassFile.location(Map.of("PGPASSFILE", "/etc/bankdata/pgpass", "HOME", "/home/u")))
                .isEqualTo(Path.of("/etc/bankdata/pgpass"));
        assertThat(PgPassFile.location(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.pgpass"));
    }
}
