package org.bankdata.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bankdata.config.PostgresLogin;
import org.bankdata.warehouse.TargetFlags;
import org.bankdata.warehouse.WarehouseTarget;
import picocli.CommandLine.Option;

/** Where and as whom {@code export postgres} connects; each flag falls back to its libpq variable. */
public final class PostgresOptions {
    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "jdbc:postgresql://HOST:5432/DATABASE (default: built from PGHOST, PGPORT, PGDATABASE).")
    String url;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = WarehouseTarget.DEFAULT_SCHEMA,
            description = "Schema the tables are loaded into (default: ${DEFAULT-VALUE}). A schema bankdata created is replaced"
                    + " as a whole on each load; one it did not create is refused unless --replace-schema is given.")
    String schema;

    @Option(names = "--user", paramLabel = "ROLE", description = "Login role, unless --url names one (default: PGUSER).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET",
            description = "Password, unless --url holds one. Prefer --password-file, PGPASSWORD or ~/.pgpass: a flag shows in"
                    + " the process list.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file whose first line is the password (after --url's and --password; before PGPASSWORD and"
                    + " ~/.pgpass, or the file PGPASSFILE names).")
    Path passwordFile;

    // split here, not by picocli: its split warns about quotes in a value before the role name is checked
    @Option(names = "--grant-to", paramLabel = "ROLE[,ROLE...]",
            description = "Roles given read access (USAGE on the schema, SELECT on its tables and views) after each load,"
                    + " e.g. a BI tool's role; lower_snake_case names, comma-separated or the option repeated.")
    List<String> readers = new ArrayList<>();

    @Option(names = "--replace-schema",
            description = "Load into a schema bankdata did not create, e.g. public: its tables and views named as bankdata's"
                    + " are replaced; the schema itself, its owner, its grants and its other objects are kept. Without it,"
                    + " such a schema is refused.")
    boolean replaceSchema;

    WarehouseTarget target(Map<String, String> env) {
        List<String> roles = readers.stream().flatMap(r -> Arrays.stream(r.split(",", -1))).toList();
        return WarehouseTarget.of(url, schema, new PostgresLogin.Sources(user, password, passwordFile, null, null), roles,
                replaceSchema, TargetFlags.EXPORT, env);
    }
}
