package org.bankdata.source.rest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny HTTP server on 127.0.0.1 for tests: answers each request with what {@code script} returns for the
 * request number (1-based) and the request URI, and records every URI asked for.
 */
final class ScriptedHttpServer implements AutoCloseable {
    /** How a reply ends: whole, or silent on an open connection until the server closes. */
    enum Stall { NONE, AFTER_HALF_THE_BODY, BEFORE_HEADERS }

    record Reply(int status, String body, Map<String, String> headers, long delayMillis, Stall stall) {
        Reply(int status, String body) {
            this(status, body, Map.of(), 0, Stall.NONE);
        }

        Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0, Stall.NONE);
        }

        Reply(int status, String body, Map<String, String> headers, long delayMillis) {
            this(status, body, headers, delayMillis, Stall.NONE);
        }

        /** Headers promising {@code body}, half of it, then silence. */
        static Reply stalledBody(String body) {
            return new Reply(200, body, Map.of(), 0, Stall.AFTER_HALF_THE_BODY);
        }

        /** The request is read and never answered. */
        static Reply noAnswer() {
            return new Reply(200, "", Map.of(), 0, Stall.BEFORE_HEADERS);
        }
    }

    interface Script {
        Reply reply(int requestNumber, URI uri);
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "scripted-http");
        t.setDaemon(true);
        return t;
    });
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private ScriptedHttpServer(Script script) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(executor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestURI());
                Reply reply = script.reply(requests.size(), exchange.getRequestURI());
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                if (reply.stall() == Stall.BEFORE_HEADERS) {
                    awaitClose();
                    return;
                }
                if (reply.stall() == Stall.AFTER_HALF_THE_BODY) {
                    exchange.sendResponseHeaders(reply.status(), body.length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    awaitClose();
                    return;
                }
                if (reply.delayMillis() > 0) {
                    try {
                        Thread.sleep(reply.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    /** Holds a stalled reply's thread until the server closes (bounded, so a forgotten server frees it anyway). */
    private void awaitClose() {
        try {
            closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ScriptedHttpServer start(Script script) {
        return new ScriptedHttpServer(script);
    }

    /** Always the same reply, whatever the request. */
    static ScriptedHttpServer always(int status, String body) {
        return start((n, uri) -> new Reply(status, body));
    }

    /** Serves {@code records} numbered objects as an OData collection, honouring or ignoring $top/$skip. */
    static ScriptedHttpServer collection(int records, boolean honourSkip, Function<Integer, Integer> topOverride) {
        return start((n, uri) -> {
            int top = Integer.MAX_VALUE;
            int skip = 0;
            for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
                if (pair.startsWith("$top=")) {
                    top = Integer.parseInt(pair.substring(5));
                } else if (pair.startsWith("$skip=")) {
                    skip = Integer.parseInt(pair.substring(6));
                }
            }
            if (!honourSkip) {
                skip = 0;
            }
            top = topOverride.apply(top);
            StringBuilder body = new StringBuilder("{\"value\":[");
            for (int i = skip; i < Math.min(records, (long) skip + top); i++) {
                body.append(i == skip ? "" : ",").append("{\"id\":").append(i).append('}');
            }
            return new Reply(200, body.append("]}").toString());
        });
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    List<URI> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
