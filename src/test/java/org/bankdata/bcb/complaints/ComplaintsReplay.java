package org.bankdata.bcb.complaints;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BCB ranking download on 127.0.0.1 for tests: {@code GET /rdrweb/rest/ext/ranking/arquivo?ano=&periodicidade=
 * TRIMESTRAL&periodo=&tipo=Bancos e financeiras} answers {@code <ano>_tri_0<periodo>.csv} from a folder byte for
 * byte, or an empty body when the folder has no such file (not published). The first {@code failures}
 * requests get a 503.
 */
public final class ComplaintsReplay implements AutoCloseable {
    static final String PATH = "/rdrweb/rest/ext/ranking/arquivo";

    private final HttpServer server;
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    public ComplaintsReplay(Path files, int failures) {
        AtomicInteger failed = new AtomicInteger();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestURI());
                Map<String, String> q = new HashMap<>();
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
                byte[] body;
                int status = 200;
                if (failed.getAndIncrement() < failures) {
                    status = 503;
                    body = "busy".getBytes(StandardCharsets.UTF_8);
                } else if (!exchange.getRequestURI().getPath().equals(PATH) || !"TRIMESTRAL".equals(q.get("periodicidade"))
                        || !"Bancos e financeiras".equals(q.get("tipo"))) {
                    status = 404;
                    body = "no such resource".getBytes(StandardCharsets.UTF_8);
                } else {
                    Path file = files.resolve(String.format("%s_tri_%02d.csv", q.get("ano"), Integer.parseInt(q.get("periodo"))));
                    body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
                }
                exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=windows-1252");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    public List<URI> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
