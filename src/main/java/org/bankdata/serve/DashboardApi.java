package org.bankdata.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.bankdata.config.Quarter;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;
import org.bankdata.query.NoFeeData;
import org.bankdata.query.InstitutionFilter;
import org.bankdata.query.JsonSafeIntegers;
import org.bankdata.query.QueryResult;
import org.bankdata.query.ServiceFeeSummary;
import org.bankdata.errors.LakeException;
import org.bankdata.history.RunHistoryReader;

/** The JSON API's handlers: charts, SQL, tables, runs, filters and health, each over the current snapshot. */
final class DashboardApi {
    private static final int RECENT_RUNS = 20;

    /** Seconds a client is asked to wait when every SQL slot is taken. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final ObjectMapper json;
    private final PublishedLake lake;
    private final BoundedQuery queries;
    private final RunHistoryReader history;
    private final int rowCap;
    private final long exportRowCap;
    private final int maxConcurrentQueries;
    private final Semaphore sqlSlots;
    private final long maxBodyBytes;
    /** Request bodies read at once, at most (each read holds a thread while the client sends). */
    static final int BODY_READERS = 16;
    /** A refused body up to this size is read and dropped before the 413 (see {@link #drained}). */
    static final long DRAINED_BODY_BYTES = 1 << 20;
    private final Semaphore bodyReaders = new Semaphore(BODY_READERS);

    DashboardApi(ObjectMapper json, PublishedLake lake, BoundedQuery queries, RunHistoryReader history, ServeConfig config) {
        this.json = json;
        this.lake = lake;
        this.queries = queries;
        this.history = history;
        this.rowCap = config.rowCap();
        this.exportRowCap = config.exportRowCap();
        this.maxConcurrentQueries = config.maxConcurrentQueries();
        this.sqlSlots = new Semaphore(maxConcurrentQueries);
        this.maxBodyBytes = config.maxBodyBytes();
    }

    /** {@code GET /api/charts/{chart}?from=&to=&type=&segment=&limit=[&top=|&min-clients=|&service=][&format=csv]} */
    void chart(Context ctx) {
        ChartRequest request = ChartRequest.parse(ctx.pathParam("chart"), single(ctx));
        try (PublishedLake.Lease lease = lake.lease()) {
            if (isCsv(ctx)) {
                queries.writeCsv(lease.connection(), request.sql(), exportRowCap,
                        () -> csvHeaders(ctx, request.chart().slug()), ctx.outputStream(), () -> ServerLimits.closeConnection(ctx));
                return;
            }
            QueryResult result = queries.read(lease.connection(), request.sql(), Integer.MAX_VALUE).result();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("chart", request.chart().slug());
            body.put("title", request.chart().title());
            body.put("table", request.chart().table());
            body.put("from", request.range().from() == null ? null : request.range().from().toString());
            body.put("to", request.range().to() == null ? null : request.range().to().toString());
            body.put("range", request.range().toString());
            body.put("type", request.filter().type());
            body.put("segment", request.filter().segment());
            body.put("limit", request.limit());
            request.chart().parameter().ifPresent(p -> {
                body.put("parameter", p.name());
                body.put(p.name(), request.parameter() != null ? request.parameter() : p.defaultValue());
            });
            body.put("columns", result.columns());
            body.put("rows", objects(result));
            body.put("rowCount", result.rows().size());
            if (request.chart() == ChartQuery.SERVICES_VS_COMPLAINTS) {
                body.put("spearman", ChartReport.spearman(result));
            }
            if (request.chart() == ChartQuery.SERVICE_FEE) {
                body.put("summary", ServiceFeeSummary.of(result));
            }
            if (NoFeeData.appliesTo(request.chart())) {
                body.put("noFeeData", objects(queries.read(lease.connection(), NoFeeData.sql(request.range(), request.filter()),
                        Integer.MAX_VALUE).result()));
            }
            body.put("runId", lease.snapshot().runId());
            send(ctx, 200, body);
        }
    }

    /**
     * {@code POST /api/sql} with {@code {"sql": "...", "format": "json"|"csv"}}. At most
     * {@code --max-concurrent-queries} run at once (503 with {@code Retry-After} beyond); a CSV export is
     * streamed and cut at {@code --export-row-cap} rows.
     */
    void sql(Context ctx) {
        SqlRequest request = SqlRequest.parse(body(ctx));
        if (!sqlSlots.tryAcquire()) {
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            throw new ApiException(503, "the server is already running " + maxConcurrentQueries + " SQL queries or"
                    + " exports (--max-concurrent-queries); try again in a few seconds");
        }
        try (PublishedLake.Lease lease = lake.lease()) {
            String sql = SqlGuard.check(request.sql(), lease.snapshot().tables().keySet(), lease.connection());
            if (request.csv()) {
                queries.writeCsv(lease.connection(), sql, exportRowCap, () -> csvHeaders(ctx, "query"), ctx.outputStream(),
                        () -> ServerLimits.closeConnection(ctx));
                return;
            }
            long started = System.nanoTime();
            BoundedQuery.Rows rows = queries.read(lease.connection(), sql, rowCap);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("columns", rows.result().columns());
            body.put("rows", JsonSafeIntegers.apply(rows.result()).rows());
            body.put("rowCount", rows.result().rows().size());
            body.put("truncated", rows.truncated());
            body.put("rowCap", rowCap);
            body.put("exportRowCap", exportRowCap);
            body.put("note", (rows.truncated() ? "showing the first " + rowCap + " rows (row cap)"
                    : "at most " + rowCap + " rows are shown") + "; export CSV for up to " + exportRowCap + " rows");
            body.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
            body.put("runId", lease.snapshot().runId());
            send(ctx, 200, body);
        } finally {
            sqlSlots.release();
        }
    }

    /**
     * Reads and drops a refused body, so that a client still sending it reads the 413 instead of a reset connection
     * (closing a socket with unread bytes resets it, and the reset can discard the answer before the client reads it).
     * False when {@link #BODY_READERS} bodies are already being read or the body could not be read.
     */
    private boolean drained(Context ctx) {
        if (!bodyReaders.tryAcquire()) {
            return false;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            bodyReaders.release();
        }
    }

    /**
     * The request body, refused with 413 when its {@code Content-Length} is over the limit (keeping none of it: a
     * body of at most {@link #DRAINED_BODY_BYTES} is read and dropped first, a larger one is not read and its
     * connection is closed), or with 503 when {@link #BODY_READERS} bodies are already being read: a thread
     * reading a body waits for the client, so a crowd of slow senders must not hold every thread.
     */
    private byte[] body(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes) {
            if (!(length <= DRAINED_BODY_BYTES && drained(ctx))) {
                ctx.header("Connection", "close");
            }
            throw new ApiException(413, "the request body is larger than the " + maxBodyBytes + " bytes accepted ("
                    + length + " bytes announced)");
        }
        if (!bodyReaders.tryAcquire()) {
            ctx.header("Connection", "close");
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            throw new ApiException(503, "the server is already reading " + BODY_READERS + " request bodies; try again"
                    + " in a few seconds");
        }
        try {
            return ctx.bodyAsBytes();
        } finally {
            bodyReaders.release();
        }
    }

    /** {@code GET /api/tables}: the published tables, their rows and the last publish. */
    void tables(Context ctx) {
        Optional<Snapshot> snapshot = lake.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("published", snapshot.isPresent());
        body.put("runId", snapshot.map(Snapshot::runId).orElse(null));
        body.put("publishedAt", snapshot.map(s -> s.publishedAt().toString()).orElse(null));
        List<Map<String, Object>> tables = new ArrayList<>();
        snapshot.ifPresent(s -> {
            for (PublishedTable t : s.tables().values()) {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("name", t.name());
                table.put("rows", t.rows());
                table.put("runId", t.runId());
                tables.add(table);
            }
        });
        body.put("tables", tables);
        send(ctx, 200, body);
    }

    /** {@code GET /api/runs}: recent runs and their tasks when the lake has a run history, and the tables. */
    void runs(Context ctx) {
        Optional<List<RunHistoryReader.Run>> runs;
        try {
            runs = history.recent(RECENT_RUNS);
        } catch (LakeException e) {
            throw new ApiException(500, e.getMessage());
        }
        Optional<Snapshot> snapshot = lake.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("history", runs.isPresent());
        body.put("message", runs.isPresent() ? null : "no run history (" + history.describe() + " not found)");
        body.put("runs", runs.orElse(List.of()));
        body.put("publishedRunId", snapshot.map(Snapshot::runId).orElse(null));
        body.put("publishedAt", snapshot.map(s -> s.publishedAt().toString()).orElse(null));
        body.put("tables", snapshot.map(s -> s.tables().values().stream()
                .map(t -> Map.<String, Object>of("name", t.name(), "rows", t.rows())).toList()).orElse(List.of()));
        send(ctx, 200, body);
    }

    /** The services of the fee schedules, the most offered first: the service picker's choices. */
    private static final String SERVICES_OFFERED = """
            SELECT s.service_code, s.service_name, CAST(COUNT(DISTINCT f.institution_key) AS BIGINT) AS institutions
            FROM dim_service s JOIN fact_service_fee f ON f.service_key = s.service_key
            GROUP BY s.service_code, s.service_name
            ORDER BY institutions DESC, s.service_code""";

    /** {@code GET /api/filters}: the loaded quarters, institution types, segments and services the filters offer. */
    void filters(Context ctx) {
        try (PublishedLake.Lease lease = lake.lease()) {
            QueryResult periods = queries.read(lease.connection(),
                    "SELECT period_key FROM dim_period ORDER BY period_key", Integer.MAX_VALUE).result();
            List<String> quarters = periods.rows().stream()
                    .map(r -> Quarter.ofPeriodKey(((Number) r.get(0)).intValue()).toString()).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("quarters", quarters);
            body.put("types", List.of("bank", "conglomerate"));
            body.put("segments", InstitutionFilter.SEGMENTS);
            body.put("services", objects(queries.read(lease.connection(), SERVICES_OFFERED, Integer.MAX_VALUE).result()));
            body.put("runId", lease.snapshot().runId());
            send(ctx, 200, body);
        }
    }

    /** {@code GET /health}: up, and which run is published. */
    void health(Context ctx) {
        Optional<Snapshot> snapshot = lake.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("published", snapshot.isPresent());
        body.put("runId", snapshot.map(Snapshot::runId).orElse(null));
        send(ctx, 200, body);
    }

    void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new ApiException(500, "cannot write the answer as JSON");
        }
    }

    private static boolean isCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format == null || format.equals("json")) {
            return false;
        }
        if (format.equals("csv")) {
            return true;
        }
        throw ApiException.badRequest("format must be json or csv, not '" + format + "'");
    }

    /** Headers of a CSV answer; the row cap is announced up front, since a streamed answer cannot add headers at its end. */
    private void csvHeaders(Context ctx, String name) {
        ctx.status(200).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                .header(EXPORT_ROW_CAP_HEADER, String.valueOf(exportRowCap));
    }

    /** Response header of every CSV answer: the most rows it can hold. */
    static final String EXPORT_ROW_CAP_HEADER = "X-Bankdata-Export-Row-Cap";

    private static Map<String, String> single(Context ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> params.put(k, v.isEmpty() ? null : v.get(0)));
        return params;
    }

    /** Rows as objects, integers as {@link JsonSafeIntegers} says (keys as strings); the institution API answers with them too. */
    static List<Map<String, Object>> objects(QueryResult result) {
        QueryResult safe = JsonSafeIntegers.apply(result);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : safe.rows()) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                o.put(safe.columns().get(i), row.get(i));
            }
            rows.add(o);
        }
        return rows;
    }
}
