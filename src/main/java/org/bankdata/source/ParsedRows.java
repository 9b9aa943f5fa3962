package org.bankdata.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two outcomes of parsing a source: rows that passed every rule, and rows kept in quarantine with
 * the reason they were rejected (columns of {@link Quarantine#SCHEMA}).
 */
public record ParsedRows(Dataset<Row> valid, Dataset<Row> quarantined) {
}
