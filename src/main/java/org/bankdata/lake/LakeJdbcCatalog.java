package org.bankdata.lake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.metrics.MetricsReporter;

/**
 * Iceberg's JDBC catalog, always under the name {@value LakeCatalog#NAME}: the catalog's rows carry its name, and
 * Spark names a catalog after its setting ({@code spark.sql.catalog.<name>}), which in a process working on several
 * lakes with one Spark session differs per lake. Outside engines use Iceberg's own class under that name.
 * <p>
 * Its connections are opened from bankdata's own classes ({@link ClientPool}): on a platform that provides Iceberg
 * (Glue, EMR), Iceberg's classes are the platform's while the JDBC drivers (SQLite, PostgreSQL) travel in
 * bankdata's jar, and {@link DriverManager} hands a driver only to classes of the class loader that has it.
 */
public final class LakeJdbcCatalog extends JdbcCatalog {
    /** Made by Iceberg ({@code catalog-impl}) and by {@link LakeCatalog}. */
    public LakeJdbcCatalog() {
        super(null, ClientPool::new, true);
    }

    @Override
    public void initialize(String name, Map<String, String> properties) {
        super.initialize(LakeCatalog.NAME, properties);
    }

    /**
     * The commits' counter, given directly: Iceberg would load a reporter named in the properties with its own class
     * loader, which on a platform that provides Iceberg does not see bankdata's classes.
     */
    @Override
    protected MetricsReporter metricsReporter() {
        return REPORTER;
    }

    private static final MetricsReporter REPORTER = new CommitCounter();

    /** Iceberg's pool of catalog connections, each opened here, with the catalog's {@code jdbc.*} properties. */
    static final class ClientPool extends JdbcClientPool {
        private final String url;
        private final Properties login = new Properties();

        ClientPool(Map<String, String> properties) {
            super(properties.get(CatalogProperties.URI), properties);
            this.url = properties.get(CatalogProperties.URI);
            properties.forEach((key, value) -> {
                if (key.startsWith(PROPERTY_PREFIX)) {
                    login.setProperty(key.substring(PROPERTY_PREFIX.length()), value);
                }
            });
        }

        @Override
        protected Connection newClient() {
            try {
                return DriverManager.getConnection(url, login);
            } catch (SQLException e) {
                throw new UncheckedSQLException(e, "Failed to connect: %s", url);
            }
        }
    }
}
