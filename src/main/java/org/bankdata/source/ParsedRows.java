package org.bankdata.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two outcomes of parsing a source: rows that passed every rule, and rows kept in quarantine with
 * the reason they were rejected (columns of {@link Quarantine#SCHEMA}). Both come from one cached,
 * checked dataset, so the source is read and parsed once; {@link #close()} releases it.
 */
public record ParsedRows(Dataset<Row> valid, Dataset<Row> quarantined, Dataset<Row> checked) implements AutoCloseable {

    /** Splits {@code checked} (which has a {@code reason} column, empty when the row is valid) and caches it. */
    public static ParsedRows split(Dataset<Row> checked, java.util.function.Function<Dataset<Row>, Dataset<Row>> toValid,
            java.util.function.Function<Dataset<Row>, Dataset<Row>> toQuarantine) {
        Dataset<Row> cached = checked.cache();
        return new ParsedRows(toValid.apply(cached.where("reason = ''")), toQuarantine.apply(cached.where("reason <> ''")), cached);
    }

    /** No rows at all, e.g. when a source returned nothing. */
    public static ParsedRows empty(Dataset<Row> valid, Dataset<Row> quarantined) {
        return new ParsedRows(valid, quarantined, null);
    }

    @Override
    public void close() {
        if (checked != null) {
            checked.unpersist();
        }
    }
}
