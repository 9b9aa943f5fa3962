package org.bankdata.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.bankdata.catalog.CuratedTables;

/** Rows rejected by a parser are never dropped silently: they are kept with source, file, line and reason. */
public final class Quarantine {
    /** The quarantine's columns: the declaration of the quarantine table. */
    public static final StructType SCHEMA = CuratedTables.QUARANTINE.sparkSchema();

    private Quarantine() {
    }

    /** Selects the quarantine columns from rows that carry file, line_number, a reason and the raw text. */
    public static Dataset<Row> of(Dataset<Row> rejected, String source, Column reason, Column raw) {
        return rejected.select(lit(source).as("source"), col("file"), col("line_number").as("line"),
                reason.as("reason"), raw.as("raw"));
    }
}
