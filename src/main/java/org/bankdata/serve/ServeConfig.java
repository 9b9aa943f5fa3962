package org.bankdata.serve;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;

/**
 * Everything {@code bankdata serve} needs, validated once. Binding anything but a loopback address
 * exposes the lake to the network, so it requires a bearer token.
 *
 * @param layout               the lake whose published tables are served
 * @param host                 address to bind
 * @param port                 port to bind (0 picks a free one)
 * @param token                bearer token every /api request must carry; null for none (loopback only)
 * @param queryTimeout         a statement running longer is cancelled (queries and CSV exports alike)
 * @param rowCap               rows of a SQL answer returned as JSON
 * @param exportRowCap         rows of a CSV export; a longer answer is cut there and says so
 * @param maxConcurrentQueries SQL queries and exports running at once; more are answered 503
 * @param allowedHosts         names besides the bound address a request's {@code Host} may give (behind a
 *                             proxy, a DNS name of this machine), without port
 * @param maxBodyBytes         largest request body accepted
 * @param memoryLimitMb        memory DuckDB may hold for the served release, in MB; a sort or join larger than
 *                             that spills to the server's private temporary folder
 */
public record ServeConfig(LakeLayout layout, String host, int port, String token, Duration queryTimeout, int rowCap,
                          long exportRowCap, int maxConcurrentQueries, List<String> allowedHosts, long maxBodyBytes,
                          int memoryLimitMb) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ROW_CAP = 1000;
    public static final long DEFAULT_EXPORT_ROW_CAP = 1_000_000;
    public static final int DEFAULT_MAX_CONCURRENT_QUERIES = 4;
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_MEMORY_LIMIT_MB = 512;
    /** The smallest memory limit accepted: DuckDB holds the served tables and a query's working blocks in it. */
    public static final int MIN_MEMORY_LIMIT_MB = 16;
    private static final int MIN_TOKEN_LENGTH = 16;

    public ServeConfig {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (host == null || host.isBlank()) {
            throw new UsageException("--host must name an address, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + " is not a port number (0..65535)");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new UsageException("--token must be at least " + MIN_TOKEN_LENGTH + " characters, e.g. `openssl rand -hex 16`");
        }
        if (!isLoopback(host) && token == null) {
            throw new UsageException("--host " + host + " makes the lake reachable from other machines; give --token"
                    + " (clients then send 'Authorization: Bearer <token>'), or keep the default --host 127.0.0.1");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new UsageException("the query timeout must be positive: " + queryTimeout);
        }
        if (rowCap < 1) {
            throw new UsageException("the row cap must be positive: " + rowCap);
        }
        if (exportRowCap < 1) {
            throw new UsageException("--export-row-cap must be positive: " + exportRowCap);
        }
        if (maxConcurrentQueries < 1) {
            throw new UsageException("--max-concurrent-queries must be at least 1: " + maxConcurrentQueries);
        }
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream().map(ServeConfig::hostName).toList();
        if (maxBodyBytes < 1024) {
            throw new UsageException("the request body limit must be at least 1024 bytes: " + maxBodyBytes);
        }
        if (memoryLimitMb < MIN_MEMORY_LIMIT_MB) {
            throw new UsageException("--memory-limit must be at least " + MIN_MEMORY_LIMIT_MB + " (MB): " + memoryLimitMb);
        }
    }

    /** Loopback on 127.0.0.1 with no token and the default limits. */
    public static ServeConfig local(LakeLayout layout, int port) {
        return new ServeConfig(layout, DEFAULT_HOST, port, null, DEFAULT_QUERY_TIMEOUT, DEFAULT_ROW_CAP,
                DEFAULT_EXPORT_ROW_CAP, DEFAULT_MAX_CONCURRENT_QUERIES, List.of(), DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MEMORY_LIMIT_MB);
    }

    public ServeConfig withToken(String newToken) {
        return new ServeConfig(layout, host, port, newToken, queryTimeout, rowCap, exportRowCap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withHost(String newHost) {
        return new ServeConfig(layout, newHost, port, token, queryTimeout, rowCap, exportRowCap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withQueryTimeout(Duration timeout) {
        return new ServeConfig(layout, host, port, token, timeout, rowCap, exportRowCap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withRowCap(int cap) {
        return new ServeConfig(layout, host, port, token, queryTimeout, cap, exportRowCap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withExportRowCap(long cap) {
        return new ServeConfig(layout, host, port, token, queryTimeout, rowCap, cap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withMaxConcurrentQueries(int n) {
        return new ServeConfig(layout, host, port, token, queryTimeout, rowCap, exportRowCap, n, allowedHosts,
                maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withAllowedHosts(List<String> names) {
        return new ServeConfig(layout, host, port, token, queryTimeout, rowCap, exportRowCap, maxConcurrentQueries,
                names, maxBodyBytes, memoryLimitMb);
    }

    public ServeConfig withMemoryLimitMb(int mb) {
        return new ServeConfig(layout, host, port, token, queryTimeout, rowCap, exportRowCap, maxConcurrentQueries,
                allowedHosts, maxBodyBytes, mb);
    }

    /** Literal loopback addresses and {@code localhost}; names are not resolved. */
    static boolean isLoopback(String host) {
        String h = host.trim();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /** A host name as a {@code Host} header compares it: lower case, IPv6 without brackets, no port. */
    private static String hostName(String name) {
        String h = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || !h.matches("[a-z0-9._:-]+") || (h.contains(":") && h.chars().filter(c -> c == ':').count() == 1)) {
            throw new UsageException("--allowed-host '" + name + "' must be a host name or address without scheme or"
                    + " port, e.g. --allowed-host dashboard.example.org");
        }
        return h;
    }
}
