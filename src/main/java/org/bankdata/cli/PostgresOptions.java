package org.bankdata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bankdata.warehouse.WarehouseTarget;
import picocli.CommandLine.Option;

/** Where and as whom {@code export postgres} connects; each flag falls back to its libpq variable. */
public final class PostgresOptions {
    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "jdbc:postgresql://HOST:5432/DATABASE (default: built from PGHOST, PGPORT, PGDATABASE).")
    String url;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = WarehouseTarget.DEFAULT_SCHEMA,
            description = "Schema the tables are loaded into, replaced as a whole on each load (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--user", paramLabel = "ROLE", description = "Login role (default: PGUSER, else the one in --url).")
    String user;

    @Option(names = "--password", paramLabel = "SECRET",
            description = "Password (default: PGPASSWORD, else the one in --url). Prefer PGPASSWORD: a flag shows in the process list.")
    String password;

    @Option(names = "--grant-to", paramLabel = "ROLE", split = ",",
            description = "Roles given read access (USAGE on the schema, SELECT on its tables and views) after each load,"
                    + " e.g. a BI tool's role.")
    List<String> readers = new ArrayList<>();

    WarehouseTarget target(Map<String, String> env) {
        return WarehouseTarget.of(url, schema, user, password, readers, env);
    }
}
