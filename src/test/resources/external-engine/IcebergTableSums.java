import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * An engine that knows nothing of bankdata: plain Spark with Iceberg's Spark runtime, run as a single source file.
 * Reads every table of catalog "bankdata", namespace args[0], with the Spark settings args[1..] (key=value, as
 * `bankdata catalog` prints them), and prints one line per table: TABLE, name, row count, then column=sum for every
 * numeric column (integers summed exactly, as decimals), tab-separated.
 */
public class IcebergTableSums {
    public static void main(String[] args) {
        String namespace = args[0];
        SparkSession.Builder builder = SparkSession.builder().master("local[1]").appName("external-engine")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            builder.config(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        SparkSession spark = builder.getOrCreate();
        List<String> tables = new ArrayList<>();
        for (Row row : spark.sql("SHOW TABLES IN bankdata." + namespace).collectAsList()) {
            tables.add(row.getString(1));
        }
        tables.sort(null);
        for (String table : tables) {
            Dataset<Row> data = spark.table("bankdata." + namespace + "." + table);
            List<Column> aggregates = new ArrayList<>(List.of(functions.count(functions.lit(1))));
            List<String> summed = new ArrayList<>();
            for (StructField field : data.schema().fields()) {
                DataType type = field.dataType();
                String name = type.typeName();
                if (List.of("integer", "long", "short", "byte").contains(name)) {
                    // exact: a sum of hashed keys would wrap around as a long
                    aggregates.add(functions.sum(functions.col(field.name()).cast("decimal(38,0)")));
                    summed.add(field.name());
                } else if (type instanceof DecimalType || List.of("double", "float").contains(name)) {
                    aggregates.add(functions.sum(functions.col(field.name())));
                    summed.add(field.name());
                }
            }
            Row result = data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
            StringBuilder line = new StringBuilder("TABLE\t" + table + "\t" + result.getLong(0));
            for (int i = 0; i < summed.size(); i++) {
                line.append('\t').append(summed.get(i)).append('=').append(result.isNullAt(i + 1) ? "null" : result.get(i + 1));
            }
            System.out.println(line);
        }
        spark.stop();
    }
}
