package org.bankdata.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.errors.BankdataException;
import org.bankdata.history.RunHistoryReader;
import org.bankdata.lake.LakeSite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bankdata serve}: the dashboard, runs and SQL pages and the JSON API over the lake's published
 * tables, on Javalin. Errors reach clients as JSON {@code {"status": 400, "message": "..."}}, never as a
 * stack trace; with a token, every /api request must carry {@code Authorization: Bearer <token>}. Every
 * request passes the {@link RequestGuard} first (Host check; same-origin JSON for POST).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String WEB_ROOT = "/org/bankdata/serve/web";

    private final ServeConfig config;
    private final PublishedLake lake;
    private final BoundedQuery queries;
    private final Javalin app;

    private DashboardServer(ServeConfig config, LakeSite site, RunHistoryReader history) {
        this.config = config;
        this.lake = new PublishedLake(site, config.memoryLimitMb());
        this.queries = new BoundedQuery(config.queryTimeout());
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        DashboardApi api = new DashboardApi(json, lake, queries, history, config);
        InstitutionApi institutions = new InstitutionApi(api, lake, queries);
        RequestGuard guard = new RequestGuard(config, this::port);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = config.maxBodyBytes();
            ServerLimits.apply(c, config.host(), config.port());
            c.staticFiles.add(WEB_ROOT, Location.CLASSPATH);
            c.staticFiles.enableWebjars();
            c.routes.before(guard::check);
            c.routes.before("/api/*", this::authorize);
            c.routes.get("/health", api::health);
            c.routes.get("/api/charts/{chart}", api::chart);
            c.routes.post("/api/sql", api::sql);
            c.routes.get("/api/tables", api::tables);
            c.routes.get("/api/runs", api::runs);
            c.routes.get("/api/filters", api::filters);
            c.routes.get("/api/institutions", institutions::search);
            c.routes.get("/api/institutions/{key}", institutions::profile);
            c.routes.exception(ApiException.class, (e, ctx) -> {
                if (e.status() == 408 || (e.status() >= 500 && e.status() != 503)) {
                    LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                }
                api.send(ctx, e.status(), error(e.status(), e.getMessage()));
            });
            c.routes.exception(BankdataException.class, (e, ctx) -> {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                api.send(ctx, 500, error(500, e.getMessage()));
            });
            c.routes.exception(HttpResponseException.class, (e, ctx) -> api.send(ctx, e.getStatus(),
                    error(e.getStatus(), e.getStatus() == 413 ? "the request body is larger than the "
                            + config.maxBodyBytes() + " bytes accepted" : e.getMessage())));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), org.bankdata.errors.ErrorMessages.describe(e));
                LOG.debug("{} {} failed", ctx.method(), ctx.path(), e);
                api.send(ctx, 500, error(500, "internal error; see the server log"));
            });
            c.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    api.send(ctx, 404, error(404, "nothing at " + ctx.path() + "; pages: /, /institution.html, /runs.html,"
                            + " /sql.html; API: /api/charts/{chart}, /api/institutions?q=, /api/institutions/{key}, /api/sql,"
                            + " /api/tables, /api/runs, /health"));
                }
            });
            c.routes.error(405, ctx -> api.send(ctx, 405, error(405, ctx.method() + " is not allowed on " + ctx.path())));
        });
    }

    /** Starts serving; the lake need not be published yet (the API says so until it is). */
    public static DashboardServer start(ServeConfig config) {
        LakeSite site = LakeSite.local(config.layout().root());
        return start(config, site, new RunHistoryReader(config.layout()));
    }

    /**
     * Starts serving the lake of {@code site} (local or on S3: then the published snapshot is read from its local
     * copy, refreshed when a newer one is published), the runs page reading {@code history} (e.g. a run history kept
     * in Postgres); the server closes the site when it stops.
     */
    public static DashboardServer start(ServeConfig config, LakeSite site, RunHistoryReader history) {
        DashboardServer server = new DashboardServer(config, site, history);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.close();
            if (causedBy(e, java.net.BindException.class) && config.port() != 0) {
                throw new PortInUseException(config.host(), config.port(), e);
            }
            throw new org.bankdata.errors.UsageException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + rootMessage(e));
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/";
    }

    private void authorize(Context ctx) {
        if (config.token() == null) {
            return;
        }
        String header = ctx.header("Authorization");
        String expected = "Bearer " + config.token();
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "this server needs 'Authorization: Bearer <token>' (the --token it was started"
                    + " with); in the browser open the page as /#token=<token>");
        }
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return body;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return org.bankdata.errors.ErrorMessages.describe(t);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        app.stop();
        queries.close();
        lake.close();
    }
}
