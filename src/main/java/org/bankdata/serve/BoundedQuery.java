package org.bankdata.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.OverflowedSum;
import org.bankdata.query.QueryResult;

/**
 * Runs one statement with a time limit (the statement is cancelled when it runs over) and reads at most
 * a number of rows, or streams at most a number of rows as CSV. DuckDB's own error text becomes a 400
 * answer, or the last line of an export that has already started.
 */
final class BoundedQuery implements AutoCloseable {
    private static final CsvFactory CSV = new CsvFactory();

    /** How long after the time limit an export still writing is ended by dropping its client. */
    static final Duration STALLED_CLIENT_GRACE = Duration.ofSeconds(2);

    private final Duration timeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-timeout");
        t.setDaemon(true);
        return t;
    });

    BoundedQuery(Duration timeout) {
        this.timeout = timeout;
    }

    /** Rows of an answer read up to a cap; {@code truncated} says more rows existed. */
    record Rows(QueryResult result, boolean truncated) {
    }

    Rows read(Connection connection, String sql, int maxRows) {
        return run(connection, sql, (rs, timedOut) -> {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = columns(meta);
            List<List<Object>> rows = new ArrayList<>();
            boolean truncated = false;
            while (rs.next()) {
                if (rows.size() == maxRows) {
                    truncated = true;
                    break;
                }
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(LakeQueryEngine.value(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new Rows(new QueryResult(columns, rows), truncated);
        });
    }

    /** How a CSV export ended: every row written, cut at the row cap, or stopped by the time limit or an error. */
    enum Ending { COMPLETE, TRUNCATED, FAILED }

    /** What a CSV export wrote: its rows and how it ended. */
    record Export(long rows, Ending ending) {
    }

    /** First characters of the line that ends an incomplete export; no data line can start so (Jackson quotes a leading #). */
    static final String MARKER = "#bankdata: ";

    /**
     * Runs {@code sql} and streams its rows as CSV with a header line, at most {@code rowCap} of them, as
     * DuckDB produces them (only one chunk of rows is held at a time). Until the first row is read, a
     * failure or the time limit is an {@link ApiException} (the client gets an error status); once
     * {@code beforeWrite} has run (to set headers) and rows flow, the export instead ends with a last line
     * starting with {@link #MARKER} saying it was truncated at the cap, cancelled at the time limit or failed.
     * A client that stops reading would block the export's writes (and hold its thread and SQL slot) for as
     * long as it likes: {@link #STALLED_CLIENT_GRACE} after the time limit, {@code dropClient} is run (it closes
     * the client's connection), which fails the blocked write.
     */
    Export writeCsv(Connection connection, String sql, long rowCap, Runnable beforeWrite, OutputStream out,
                    Runnable dropClient) {
        AtomicBoolean dropped = new AtomicBoolean();
        ScheduledFuture<?> drop = watchdog.schedule(() -> {
            dropped.set(true);
            dropClient.run();
        }, timeout.toMillis() + STALLED_CLIENT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return writeCsv(connection, sql, rowCap, beforeWrite, out);
        } catch (ApiException e) {
            if (dropped.get()) {
                throw new ApiException(408, "the export was ended after the " + seconds() + " time limit: the client"
                        + " did not read it");
            }
            throw e;
        } finally {
            drop.cancel(false);
        }
    }

    private Export writeCsv(Connection connection, String sql, long rowCap, Runnable beforeWrite, OutputStream out) {
        return run(connection, sql, (rs, timedOut) -> {
            List<String> columns = columns(rs.getMetaData());
            boolean any = rs.next(); // the first row is where a streamed query does its work, and may fail
            beforeWrite.run();
            CsvSchema.Builder schema = CsvSchema.builder();
            columns.forEach(schema::addColumn);
            long deadline = System.nanoTime() + timeout.toNanos();
            long n = 0;
            Ending ending = Ending.COMPLETE;
            try (CsvGenerator csv = CSV.createGenerator(out)) {
                csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                csv.setSchema(schema.setUseHeader(true).build());
                if (!any) {
                    csv.writeStartArray(); // an empty answer still has its header line
                    csv.writeEndArray();
                    csv.flush();
                    return new Export(0, ending);
                }
                try {
                    do {
                        if (n == rowCap) {
                            ending = Ending.TRUNCATED;
                            csv.writeRaw(MARKER + "truncated: the export stops at its row cap of " + rowCap + " rows"
                                    + " (bankdata serve --export-row-cap); narrow the query (filters, LIMIT) or aggregate\n");
                            break;
                        }
                        if (System.nanoTime() > deadline) {
                            throw new SQLException("time limit");
                        }
                        csv.writeStartArray();
                        for (int i = 1; i <= columns.size(); i++) {
                            Object v = LakeQueryEngine.value(rs.getObject(i));
                            if (v == null) {
                                csv.writeNull();
                            } else {
                                csv.writeString(v.toString());
                            }
                        }
                        csv.writeEndArray();
                        n++;
                    } while (rs.next());
                } catch (SQLException e) {
                    ending = Ending.FAILED;
                    String reason = timedOut.get() || System.nanoTime() > deadline
                            ? "the export was cancelled after the " + seconds() + " time limit; narrow the query"
                                    + " (filters, LIMIT) or aggregate"
                            : OverflowedSum.is(e) ? OverflowedSum.MESSAGE : firstLine(e.getMessage());
                    csv.writeRaw(MARKER + "error after " + n + " rows: " + reason + "\n");
                }
            }
            return new Export(n, ending);
        });
    }

    private interface RowReader<T> {
        T read(ResultSet rs, AtomicBoolean timedOut) throws SQLException, IOException;
    }

    private <T> T run(Connection connection, String sql, RowReader<T> reader) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Statement st = connection.createStatement()) {
            ScheduledFuture<?> cancel = watchdog.schedule(() -> {
                timedOut.set(true);
                try {
                    st.cancel();
                } catch (SQLException ignored) {
                    // the statement ended meanwhile
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = st.executeQuery(sql)) {
                return reader.read(rs, timedOut);
            } finally {
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new ApiException(400, "the query was cancelled after the " + seconds() + " time limit;"
                        + " narrow it (filters, LIMIT) or aggregate");
            }
            if (OverflowedSum.is(e)) {
                throw new ApiException(500, OverflowedSum.MESSAGE);
            }
            throw ApiException.badRequest(firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new ApiException(500, "the answer could not be written: " + e.getMessage());
        }
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static List<String> columns(ResultSetMetaData meta) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        return columns;
    }

    static String firstLine(String message) {
        return message == null ? "query failed" : message.lines().findFirst().orElse("query failed");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
