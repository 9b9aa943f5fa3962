package org.bankdata.source;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two outcomes of parsing a source: rows that passed every rule, and rows kept in quarantine with the reason they
 * were rejected (columns of {@link Quarantine#SCHEMA}). Either both come from one cached, checked dataset
 * ({@link #split}), or, for sources read line by line ({@link #ofPass}), the valid rows are one pass over the source
 * and the quarantine comes from what that pass reported ({@link LinePass}) once it ran, so the source is read and
 * parsed once with nothing cached. {@link #close()} releases what was cached.
 */
public final class ParsedRows implements AutoCloseable {
    private final Dataset<Row> valid;
    private final Supplier<Dataset<Row>> quarantined;
    private final Dataset<Row> cached;
    private final LinePass pass;

    private ParsedRows(Dataset<Row> valid, Supplier<Dataset<Row>> quarantined, Dataset<Row> cached, LinePass pass) {
        this.valid = valid;
        this.quarantined = quarantined;
        this.cached = cached;
        this.pass = pass;
    }

    /** Splits {@code checked} (which has a {@code reason} column, empty when the row is valid) and caches it. */
    public static ParsedRows split(Dataset<Row> checked, Function<Dataset<Row>, Dataset<Row>> toValid,
            Function<Dataset<Row>, Dataset<Row>> toQuarantine) {
        Dataset<Row> cached = checked.cache();
        Dataset<Row> quarantined = toQuarantine.apply(cached.where("reason <> ''"));
        return new ParsedRows(toValid.apply(cached.where("reason = ''")), () -> quarantined, cached, null);
    }

    /**
     * The valid rows of {@code checked}, whose pass reports to {@code pass}; the quarantine: the rows the pass reported
     * when it ran to its end in every partition, otherwise {@code again} (the rejected rows of a second read).
     */
    public static ParsedRows ofPass(Dataset<Row> checked, LinePass pass, Function<Dataset<Row>, Dataset<Row>> toValid,
            Function<Dataset<Row>, Dataset<Row>> toQuarantine) {
        Dataset<Row> valid = toValid.apply(checked.where("reason = ''"));
        return new ParsedRows(valid, () -> pass.complete()
                .map(reports -> checked.sparkSession().createDataFrame(reports.rejected(), Quarantine.SCHEMA))
                .orElseGet(() -> toQuarantine.apply(checked.where("reason <> ''"))), null, pass);
    }

    /** No rows at all, e.g. when a source returned nothing. */
    public static ParsedRows empty(Dataset<Row> valid, Dataset<Row> quarantined) {
        return new ParsedRows(valid, () -> quarantined, null, null);
    }

    /** The rows that passed every rule. */
    public Dataset<Row> valid() {
        return valid;
    }

    /**
     * The rejected rows, as quarantine rows. For a source read line by line, taken after {@link #valid()} was written:
     * then they come from that pass, with no second read.
     */
    public Dataset<Row> quarantined() {
        return quarantined.get();
    }

    /** What the pass over the source reported, when it ran to its end in every partition ({@link #ofPass} only). */
    public Optional<LinePass.Reports> reports() {
        return pass == null ? Optional.empty() : pass.complete();
    }

    @Override
    public void close() {
        if (cached != null) {
            cached.unpersist();
        }
    }
}
