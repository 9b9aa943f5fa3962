package org.bankdata.metastore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;

/**
 * Child-JVM side of {@link CatalogDdlIT}: a SparkSession with Hive support and an embedded Derby metastore in
 * {@code <work>}, which executes DDL scripts and reads the tables back through the metastore. Steps, in order:
 * {@code run=<file>} (every statement), {@code alter=<file>} (only the ALTER TABLE statements: a repoint),
 * {@code read=<database>} (prints one JSON line: each declared table's rows and {@link RowChecksum}, its
 * location and column comments as the metastore holds them).
 */
public final class HiveCatalogProbe {
    private HiveCatalogProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]).toAbsolutePath();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("catalog-ddl-probe")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.catalogImplementation", "hive")
                .config("spark.sql.warehouse.dir", work.resolve("warehouse").toUri().toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                        "jdbc:derby:;databaseName=" + work.resolve("metastore_db") + ";create=true")
                .enableHiveSupport()
                .getOrCreate();
        ObjectMapper json = new ObjectMapper();
        for (String step : Arrays.copyOfRange(args, 1, args.length)) {
            String kind = step.substring(0, step.indexOf('='));
            String value = step.substring(step.indexOf('=') + 1);
            switch (kind) {
                case "run" -> statements(Path.of(value)).forEach(spark::sql);
                case "alter" -> statements(Path.of(value)).stream().filter(s -> s.startsWith("ALTER TABLE ")).forEach(spark::sql);
                case "read" -> System.out.println("probe " + json.writeValueAsString(read(spark, value)));
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
        }
        spark.stop();
    }

    /** A script's statements: each ends with ';' at the end of a line. */
    static List<String> statements(Path script) throws IOException {
        List<String> statements = new ArrayList<>();
        for (String s : Files.readString(script, StandardCharsets.UTF_8).split(";\n")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    private static Map<String, Object> read(SparkSession spark, String database) {
        Map<String, Object> tables = new LinkedHashMap<>();
        for (TableDef table : Tables.all()) {
            String name = "`" + database + "`.`" + table.name() + "`";
            if (!spark.catalog().tableExists(database, table.name())) {
                continue;
            }
            RowChecksum checksum = new RowChecksum();
            for (Row row : spark.sql("SELECT " + RowChecksum.selectList(table, "unix_micros") + " FROM " + name).collectAsList()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    values.add(row.get(i));
                }
                checksum.add(values);
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rows", checksum.rows());
            t.put("checksum", checksum.value());
            String location = spark.sql("DESCRIBE TABLE EXTENDED " + name).collectAsList().stream()
                    .filter(r -> "Location".equals(r.getString(0))).map(r -> r.getString(1)).findFirst().orElse("");
            t.put("location", location);
            Map<String, String> comments = new LinkedHashMap<>();
            spark.sql("DESCRIBE TABLE " + name).collectAsList().stream().filter(r -> !r.getString(0).startsWith("#"))
                    .forEach(r -> comments.putIfAbsent(r.getString(0), r.getString(2)));
            t.put("comments", comments);
            tables.put(table.name(), t);
        }
        return Map.of("database", database, "tables", tables);
    }
}
