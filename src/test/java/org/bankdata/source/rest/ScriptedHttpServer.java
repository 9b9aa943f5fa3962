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
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        Reply(int status, String body) {
            this(status, body, Map.of(), 0);
        }

        Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0);
        }
    }

    interface Script {
        Reply reply(int requestNumber, URI uri);
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "scripted-http");
        t.setDaemon(true);
        return t;
    });
    private final List<URI> requests = new CopyOnWriteArrayList<>();

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
        server.stop(0);
        executor.shutdownNow();
    }
}
