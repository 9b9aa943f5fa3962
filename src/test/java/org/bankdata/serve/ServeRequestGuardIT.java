package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page the user visits could make the local server do: DNS rebinding (a foreign Host) and
 * cross-origin POSTs are refused, the server's own origin still works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeRequestGuardIT {
    @TempDir
    static Path dir;

    private LakeLayout lake;
    private DashboardServer server;

    @BeforeAll
    void start() {
        lake = ServeHttp.tinyLake(dir.resolve("lake"));
        server = DashboardServer.start(ServeConfig.local(lake, 0));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String self() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void aForeignHostIsRefusedWithTheNamesThatAreAllowed() {
        for (String path : List.of("/api/tables", "/health", "/", "/sql.html")) {
            String[] answer = ServeHttp.getWithHost(server, path, "evil.example");
            assertThat(answer[0]).as(path).contains(" 421 ");
            assertThat(answer[1]).as(path).contains("\"status\":421").contains("127.0.0.1:" + server.port())
                    .contains("localhost:" + server.port()).contains("evil.example").contains("--allowed-host");
        }
        // the right name on another port is a different origin too
        assertThat(ServeHttp.getWithHost(server, "/api/tables", "127.0.0.1:" + (server.port() + 1))[0]).contains(" 421 ");
        for (String host : List.of(self(), "localhost:" + server.port(), "LOCALHOST:" + server.port(), "[::1]:" + server.port())) {
            assertThat(ServeHttp.getWithHost(server, "/api/tables", host)[0]).as(host).contains(" 200 ");
        }
    }

    @Test
    void allowedHostNamesAreAccepted() {
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0)
                .withAllowedHosts(List.of("dashboard.example.org")))) {
            assertThat(ServeHttp.getWithHost(s, "/api/tables", "dashboard.example.org:" + s.port())[0]).contains(" 200 ");
            assertThat(ServeHttp.getWithHost(s, "/api/tables", "other.example.org:" + s.port())[0]).contains(" 421 ");
        }
    }

    @Test
    void crossOriginPostsAreRefused() {
        String body = ServeHttp.sqlBody("SELECT 42 AS answer", "json");
        // a form or a "simple" fetch from any page: text/plain needs no preflight, so the server must refuse it
        ServeHttp.Answer plain = ServeHttp.send(ServeHttp.sqlRequest(server, body, "Content-Type", "text/plain"));
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.json().get("message").asText()).contains("application/json");
        assertThat(ServeHttp.send(ServeHttp.sqlRequest(server, body)).status()).isEqualTo(415);

        ServeHttp.Answer foreign = ServeHttp.postJson(server, body, "Origin", "http://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("message").asText()).contains("http://evil.example");
        assertThat(ServeHttp.postJson(server, body, "Origin", "http://localhost:" + (server.port() + 1)).status()).isEqualTo(403);
        assertThat(ServeHttp.postJson(server, body, "Origin", "null").status()).isEqualTo(403);
        assertThat(ServeHttp.postJson(server, body, "Sec-Fetch-Site", "cross-site").status()).isEqualTo(403);
        assertThat(ServeHttp.postJson(server, body, "Sec-Fetch-Site", "same-site").status()).isEqualTo(403);

        // the server's own pages, and clients that are not browsers
        ServeHttp.Answer own = ServeHttp.postJson(server, body, "Origin", "http://" + self(), "Sec-Fetch-Site", "same-origin");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("rows").get(0).get(0).asInt()).isEqualTo(42);
        assertThat(ServeHttp.send(ServeHttp.sqlRequest(server, body, "Content-Type", "application/json; charset=utf-8"))
                .status()).isEqualTo(200);
        assertThat(ServeHttp.postJson(server, body).status()).isEqualTo(200);

        ServeHttp.Answer a = ServeHttp.send(HttpRequest.newBuilder(URI.create(server.url() + "api/tables"))
                .timeout(Duration.ofSeconds(10)).header("Origin", "http://evil.example").GET().build());
        // reading is harmless: the browser keeps a foreign page from seeing the answer (no CORS headers)
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Access-Control-Allow-Origin")).isNull();
    }
}
