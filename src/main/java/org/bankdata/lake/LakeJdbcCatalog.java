package org.bankdata.lake;

import java.util.Map;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's JDBC catalog, always under the name {@value LakeCatalog#NAME}: the catalog's rows carry its name, and
 * Spark names a catalog after its setting ({@code spark.sql.catalog.<name>}), which in a process working on several
 * lakes with one Spark session differs per lake. Outside engines use Iceberg's own class under that name.
 */
public final class LakeJdbcCatalog extends JdbcCatalog {
    /** Made by Iceberg ({@code catalog-impl}). */
    public LakeJdbcCatalog() {
    }

    @Override
    public void initialize(String name, Map<String, String> properties) {
        super.initialize(LakeCatalog.NAME, properties);
    }
}
