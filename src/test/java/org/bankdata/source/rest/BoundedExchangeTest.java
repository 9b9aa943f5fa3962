package org.bankdata.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.bankdata.testing.RunsBesideSpark;

/**
 * The deadline of one exchange against a raw socket server on 127.0.0.1 that writes exactly what a test says
 * and then stays silent on an open connection; the server sees when the client closes the connection. Bounds
 * leave 2 s for a busy 2-core machine.
 */
@Timeout(30)
@RunsBesideSpark
class BoundedExchangeTest {
    private static final double SLACK = 2.0;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SilentServer server;

    /** Accepts one connection, reads the request head, writes {@code script} (chunks with pauses), then waits for EOF. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket;
        /** nanoTime when the client closed its end (read returned -1). */
        final CompletableFuture<Long> clientClosed = new CompletableFuture<>();
        /** Completed when the request's head has been read: the exchange is in flight. */
        final CompletableFuture<Void> requestRead = new CompletableFuture<>();
        final Thread thread;

        SilentServer(long pauseMillis, String... chunks) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    String head = "";
                    while (!head.endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head += (char) b;
                    }
                    requestRead.complete(null);
                    OutputStream out = s.getOutputStream();
                    for (String chunk : chunks) {
                        out.write(chunk.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(pauseMillis);
                    }
                    while (in.read() >= 0) {
                        // the client sends nothing more; -1 means it closed the connection
                    }
                    clientClosed.complete(System.nanoTime());
                } catch (Exception e) {
                    clientClosed.completeExceptionally(e);
                }
            }, "silent-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/p");
        }

        @Override
        public void close() throws IOException {
            socket.close();
            thread.interrupt();
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<byte[]> send(Duration deadline, Duration idle) throws IOException, InterruptedException {
        return BoundedExchange.send(http, HttpRequest.newBuilder(server.uri()).GET().build(), deadline, idle);
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void aCompleteAnswerIsReturnedWhole() throws Exception {
        server = new SilentServer(0, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", "{\"value\":[]}".substring(0, 11));

        HttpResponse<byte[]> response = send(Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("{\"value\":[]");
    }

    @Test
    void aServerThatNeverSendsHeadersIsAbandonedAtTheDeadlineAndItsConnectionClosed() throws Exception {
        server = new SilentServer(0);
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> send(Duration.ofMillis(600), Duration.ofSeconds(10)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no answer within 600 ms: the server sent no response headers");

        assertThat(since(t0)).isGreaterThanOrEqualTo(0.6).isLessThan(0.6 + SLACK);
        long closedAt = server.clientClosed.get(3, TimeUnit.SECONDS);
        assertThat((closedAt - t0) / 1e9).isLessThan(0.6 + SLACK);
    }

    @Test
    void aBodyThatStopsAfterTheHeadersIsAbandonedAtTheReadIdleLimitAndItsConnectionClosed() throws Exception {
        server = new SilentServer(0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", "{\"value\":[");
        long t0 = System.nanoTime();

        // the deadline is far; the idle limit ends it
        assertThatThrownBy(() -> send(Duration.ofSeconds(20), Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("the body stalled after 10 byte(s): nothing more for 500 ms");

        assertThat(since(t0)).isGreaterThanOrEqualTo(0.5).isLessThan(0.5 + SLACK);
        long closedAt = server.clientClosed.get(3, TimeUnit.SECONDS);
        assertThat((closedAt - t0) / 1e9).isLessThan(0.5 + SLACK);
    }

    @Test
    void aBodyThatTricklesNeverIdleIsStillStoppedAtTheDeadline() throws Exception {
        // a byte every 150 ms keeps the idle limit (500 ms) from firing; the body would take 3 s
        String[] chunks = new String[21];
        chunks[0] = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n";
        for (int i = 1; i < chunks.length; i++) {
            chunks[i] = "x";
        }
        server = new SilentServer(150, chunks);
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> send(Duration.ofMillis(1200), Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageStartingWith("no complete answer within 1200 ms: the body stopped after ");

        assertThat(since(t0)).isGreaterThanOrEqualTo(1.2).isLessThan(1.2 + SLACK);
    }

    @Test
    void anInterruptedCallerStopsWaitingAndTheConnectionIsClosed() throws Exception {
        // interrupted while it waits for the answer: 300 ms after the server has read the request (an interrupt that
        // lands while the JDK client is still connecting leaves the connection it opens afterwards to the client)
        server = new SilentServer(0);
        Thread caller = Thread.currentThread();
        long[] interruptedAt = new long[1];
        server.requestRead.thenRunAsync(() -> {
            interruptedAt[0] = System.nanoTime();
            caller.interrupt();
        }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        assertThatThrownBy(() -> send(Duration.ofSeconds(20), Duration.ofSeconds(20))).isInstanceOf(InterruptedException.class);

        long t0 = interruptedAt[0];
        assertThat(t0).as("interrupted by the test, after the request was read").isNotZero();
        assertThat(since(t0)).isLessThan(SLACK);
        long closedAt = server.clientClosed.get(3, TimeUnit.SECONDS);
        assertThat((closedAt - t0) / 1e9).isLessThan(SLACK);
    }
}
