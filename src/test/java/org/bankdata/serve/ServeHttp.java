package org.bankdata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.TinyLake;

/** HTTP to an in-process {@link DashboardServer}: java.net.http, and a raw socket where a test must set {@code Host}. */
final class ServeHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServeHttp() {
    }

    /** The query tests' hand-made lake (no Spark), published under {@code root}: enough for tests of the server itself. */
    static LakeLayout tinyLake(Path root) {
        try {
            return TinyLake.publish(root);
        } catch (IOException | SQLException e) {
            throw new AssertionError(e);
        }
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static String sqlBody(String sql, String format) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("sql", sql);
        body.put("format", format);
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code POST /api/sql} with the body as given and {@code headers} (name, value, ...). */
    static HttpRequest sqlRequest(DashboardServer server, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "api/sql")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    static Answer postJson(DashboardServer server, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(sqlRequest(server, body, all));
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        }
    }

    /** Status line and body of a GET sent over a plain socket with the given {@code Host} header. */
    static String[] getWithHost(DashboardServer server, String path, String host) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, text.indexOf("\r\n")), end < 0 ? "" : text.substring(end + 4)};
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
