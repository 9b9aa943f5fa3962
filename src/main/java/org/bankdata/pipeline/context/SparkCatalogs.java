package org.bankdata.pipeline.context;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeSite;

/**
 * The lake's Iceberg catalog as a Spark catalog of the session. One process may work on several lakes with one
 * session (tests, the benchmark), so the Spark name is made from the catalog's address; outside engines call it
 * {@value LakeCatalog#NAME}.
 */
final class SparkCatalogs {
    private SparkCatalogs() {
    }

    /** {@code <spark-catalog>.bankdata.<table>}, the catalog registered in {@code spark} first. */
    static synchronized String table(SparkSession spark, LakeSite site, String table) {
        LakeCatalog catalog = site.icebergCatalog();
        String name = LakeCatalog.NAME + "_" + Integer.toHexString((catalog.uri().uri() + " " + site.location()).hashCode());
        String key = "spark.sql.catalog." + name;
        if (!spark.conf().contains(key)) {
            for (Map.Entry<String, String> setting : catalog.sparkSettings(name).entrySet()) {
                spark.conf().set(setting.getKey(), setting.getValue());
            }
        }
        return name + "." + site.catalog().namespace() + "." + table;
    }
}
