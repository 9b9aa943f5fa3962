package org.bankdata.lake;

/**
 * One table as a snapshot exposes it.
 *
 * @param name   table name, e.g. fact_complaints
 * @param path   folder of its Parquet files, relative to the lake root
 * @param rows   row count
 * @param runId  the run that wrote this version
 */
public record PublishedTable(String name, String path, long rows, String runId) {
}
