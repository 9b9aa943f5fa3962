package org.bankdata.lake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth2 front of an Iceberg REST catalog on 127.0.0.1, as Polaris or a gateway in front of a catalog behaves: its
 * token endpoint {@code /v1/oauth/tokens} gives a bearer token for the right client id and secret (client-credentials
 * grant) and a new one for a token it gave that is still valid (token-exchange grant, Iceberg's refresh); every other
 * request needs {@code Authorization: Bearer <a valid token>} and is refused with 401 otherwise, else forwarded to the
 * catalog behind. Tokens say they expire after {@code lifetime}, and are refused {@code grace} after that, as a server
 * allowing for clock skew does. It counts what it gave and what it refused.
 */
public final class AuthenticatingCatalogFront implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "authorization", "content-length", "connection",
            "expect", "upgrade", "transfer-encoding", "accept-encoding");

    private final HttpServer server;
    private final String backend;
    private final String clientId;
    private final String clientSecret;
    private final Duration lifetime;
    private final Duration grace;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Each token given and when it stops being accepted (nanoTime), and whether a refresh gave it. */
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger byCredentials = new AtomicInteger();
    private final AtomicInteger byRefresh = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger forwardedWithRefreshedToken = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private final java.util.List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Issued(long refusedAfterNanos, boolean refreshed) {
    }

    private AuthenticatingCatalogFront(String backend, String clientId, String clientSecret, Duration lifetime,
            Duration grace) throws IOException {
        this.backend = backend.endsWith("/") ? backend.substring(0, backend.length() - 1) : backend;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.lifetime = lifetime;
        this.grace = grace;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "catalog-front");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A front of the catalog at {@code backend} for the client {@code clientId} / {@code clientSecret}. */
    public static AuthenticatingCatalogFront start(String backend, String clientId, String clientSecret, Duration lifetime,
            Duration grace) throws IOException {
        return new AuthenticatingCatalogFront(backend, clientId, clientSecret, lifetime, grace);
    }

    /** The catalog's address through the front, as {@code --catalog} takes it. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/v1/oauth/tokens")) {
                token(exchange, new String(body, StandardCharsets.UTF_8));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Issued issued = authorization != null && authorization.startsWith("Bearer ")
                    ? valid(authorization.substring("Bearer ".length())) : null;
            if (issued == null) {
                refused.incrementAndGet();
                refusals.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + ": "
                        + (authorization == null ? "no Authorization header"
                        : tokens.containsKey(authorization.replaceFirst("^Bearer ", "")) ? "a token past its lifetime and grace"
                        : "an unknown token"));
                send(exchange, 401, "{\"error\":{\"message\":\"Unauthorized: a valid bearer token is required\","
                        + "\"type\":\"NotAuthorizedException\",\"code\":401}}");
                return;
            }
            forwarded.incrementAndGet();
            if (issued.refreshed()) {
                forwardedWithRefreshedToken.incrementAndGet();
            }
            forward(exchange, body);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Issued valid(String token) {
        Issued issued = tokens.get(token);
        return issued != null && System.nanoTime() < issued.refusedAfterNanos() ? issued : null;
    }

    private void token(HttpExchange exchange, String form) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String grant = fields.getOrDefault("grant_type", "");
        boolean rightClient = clientId.equals(fields.get("client_id")) && clientSecret.equals(fields.get("client_secret"))
                || ("Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                        .getBytes(StandardCharsets.UTF_8))).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        if (grant.equals("client_credentials") && rightClient) {
            byCredentials.incrementAndGet();
            send(exchange, 200, give(false));
        } else if (grant.equals("urn:ietf:params:oauth:grant-type:token-exchange")
                && (valid(fields.getOrDefault("subject_token", "")) != null || rightClient)) {
            byRefresh.incrementAndGet();
            send(exchange, 200, give(true));
        } else {
            refusedLogins.incrementAndGet();
            send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client or wrong secret\"}");
        }
    }

    private String give(boolean refreshed) {
        String token = "front-token-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        tokens.put(token, new Issued(System.nanoTime() + lifetime.plus(grace).toNanos(), refreshed));
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"issued_token_type\":"
                + "\"urn:ietf:params:oauth:token-type:access_token\",\"expires_in\":" + lifetime.toSeconds() + "}";
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
        byte[] out = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    /** Tokens given for the client's id and secret. */
    public int tokensByCredentials() {
        return byCredentials.get();
    }

    /** Tokens given for a valid token (Iceberg's refresh before expiry). */
    public int tokensByRefresh() {
        return byRefresh.get();
    }

    /** Catalog requests let through. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Catalog requests let through that carried a token a refresh gave. */
    public int forwardedWithRefreshedToken() {
        return forwardedWithRefreshedToken.get();
    }

    /** Catalog requests refused with 401 (no token, an unknown one, or one past its lifetime and grace). */
    public int refused() {
        return refused.get();
    }

    /** The catalog requests refused, each with why. */
    public java.util.List<String> refusals() {
        return java.util.List.copyOf(refusals);
    }

    /** Token requests refused (a wrong client id or secret). */
    public int refusedLogins() {
        return refusedLogins.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
