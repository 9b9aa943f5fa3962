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
import org.bankdata.query.QueryResult;

/**
 * Runs one statement with a time limit (the statement is cancelled when it runs over) and reads at most
 * a number of rows, or streams every row as CSV. DuckDB's own error text becomes a 400 answer.
 */
final class BoundedQuery implements AutoCloseable {
    private static final CsvFactory CSV = new CsvFactory();

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
        return run(connection, sql, rs -> {
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

    /**
     * Runs {@code sql}; once it has started without error, calls {@code beforeWrite} (to set headers)
     * and writes every row as CSV with a header line. Returns the number of rows written.
     */
    long writeCsv(Connection connection, String sql, Runnable beforeWrite, OutputStream out) {
        return run(connection, sql, rs -> {
            List<String> columns = columns(rs.getMetaData());
            beforeWrite.run();
            CsvSchema.Builder schema = CsvSchema.builder();
            columns.forEach(schema::addColumn);
            long n = 0;
            try (CsvGenerator csv = CSV.createGenerator(out)) {
                csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                csv.setSchema(schema.setUseHeader(true).build());
                while (rs.next()) {
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
                }
            }
            return n;
        });
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException, IOException;
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
                return reader.read(rs);
            } finally {
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new ApiException(400, "the query was cancelled after the " + seconds() + " time limit;"
                        + " narrow it (filters, LIMIT) or aggregate");
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
