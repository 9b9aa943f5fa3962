package org.bankdata.quality;

/**
 * A declarative data-quality rule: {@code violations} is SQL (DuckDB dialect) selecting one row per
 * violation, with a {@code detail} column describing it. An ERROR fails the run; a WARN is reported and the run goes on.
 */
public record Check(String name, Severity severity, String violations) {
    public enum Severity { ERROR, WARN }

    /** No two rows share a value of {@code columns} (rows with a null in them are not compared). */
    public static Check unique(String table, String columns) {
        String notNull = String.join(" AND ", java.util.Arrays.stream(columns.split(","))
                .map(c -> c.trim() + " IS NOT NULL").toList());
        return new Check(table + " unique (" + columns + ")", Severity.ERROR,
                "SELECT concat_ws(', ', " + columns + ") AS detail FROM (SELECT " + columns
                        + ", COUNT(*) AS n FROM " + table + " WHERE " + notNull + " GROUP BY " + columns + ") d WHERE n > 1");
    }

    public static Check notNull(String table, String column) {
        return new Check(table + "." + column + " not null", Severity.ERROR,
                "SELECT 'null " + column + "' AS detail FROM " + table + " WHERE " + column + " IS NULL");
    }

    public static Check relationship(String fact, String column, String dimension) {
        return relationship(fact, column, dimension, column);
    }

    /** Every non-null {@code column} of {@code fact} is a {@code dimensionColumn} of {@code dimension}. */
    public static Check relationship(String fact, String column, String dimension, String dimensionColumn) {
        return new Check(fact + "." + column + " -> " + dimension + (dimensionColumn.equals(column) ? "" : "." + dimensionColumn),
                Severity.ERROR, "SELECT CAST(f." + column + " AS VARCHAR) AS detail FROM " + fact + " f WHERE NOT EXISTS (SELECT 1 FROM "
                        + dimension + " d WHERE d." + dimensionColumn + " = f." + column + ")");
    }

    public static Check maxRows(String table, long rows) {
        return new Check(table + " holds at most " + rows + " rows", Severity.ERROR,
                "SELECT '" + table + " has ' || COUNT(*) || ' rows' AS detail FROM " + table + " HAVING COUNT(*) > " + rows);
    }

    public static Check acceptedValues(String table, String column, String... values) {
        String list = String.join(", ", java.util.Arrays.stream(values).map(v -> "'" + v + "'").toList());
        return new Check(table + "." + column + " in (" + String.join(", ", values) + ")", Severity.ERROR,
                "SELECT CAST(" + column + " AS VARCHAR) AS detail FROM " + table + " WHERE " + column + " IS NOT NULL AND "
                        + column + " NOT IN (" + list + ")");
    }
}
