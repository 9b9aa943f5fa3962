package org.bankdata.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of an S3 server that forwards every request, until told to refuse the PUTs
 * whose path matches a pattern: those are answered {@code 403 Forbidden} (an S3 bucket policy denying the write),
 * the rest still pass; or to fail the completion of multipart uploads ({@code POST ...?uploadId=}) with
 * {@code 500 InternalError}, as an S3-compatible server that lost a part does; or to answer every GET late. It reads HTTP/1.1 requests one by one (head, then {@code Content-Length} bytes of body), so
 * every request on a kept-alive connection is seen; responses are piped back as they come.
 */
public final class RefusingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "refusing-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Pattern refusePuts;
    private volatile boolean failCompletions;
    private volatile long getDelayMillis;
    private final Queue<String> gets = new ConcurrentLinkedQueue<>();

    private RefusingProxy(ServerSocket listener, int upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    /** A proxy to the server on 127.0.0.1:{@code upstreamPort}. */
    public static RefusingProxy to(int upstreamPort) throws IOException {
        RefusingProxy proxy = new RefusingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        proxy.threads.submit(proxy::accept);
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** From now on, PUT requests whose path matches {@code pathRegex} are refused (null: none). */
    public void refusePuts(String pathRegex) {
        refusePuts = pathRegex == null ? null : Pattern.compile(pathRegex);
    }

    /** From now on, whether completing a multipart upload fails with {@code 500 InternalError}. */
    public void failCompletions(boolean fail) {
        failCompletions = fail;
    }

    /** From now on, every GET waits {@code millis} before it is forwarded (a slow bucket or a slow link). */
    public void delayGets(long millis) {
        getDelayMillis = millis;
    }

    /** The paths of the GETs forwarded so far (without query), in order. */
    public List<String> gets() {
        return List.copyOf(gets);
    }

    /** How many requests were refused. */
    public int refused() {
        return refused.get();
    }

    private Void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private Void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            open.add(upstream);
            InputStream in = client.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            threads.submit(() -> pipe(upstream.getInputStream(), client.getOutputStream()));
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return null;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String requestLine = text.substring(0, text.indexOf("\r\n"));
                String[] parts = requestLine.split(" ");
                Pattern refuse = refusePuts;
                if (refuse != null && parts[0].equals("PUT") && refuse.matcher(parts[1].split("\\?")[0]).find()) {
                    refused.incrementAndGet();
                    answer(client, "403 Forbidden", "AccessDenied", "Access Denied");
                    return null;
                }
                if (failCompletions && parts[0].equals("POST") && parts[1].contains("uploadId=")) {
                    refused.incrementAndGet();
                    answer(client, "500 Internal Server Error", "InternalError",
                            "We encountered an internal error. Please try again.");
                    return null;
                }
                if (parts[0].equals("GET")) {
                    gets.add(parts[1].split("\\?")[0]);
                }
                if (parts[0].equals("GET") && getDelayMillis > 0) {
                    try {
                        Thread.sleep(getDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                toUpstream.write(head);
                long length = contentLength(text);
                copy(in, toUpstream, length);
                toUpstream.flush();
            }
        } catch (IOException e) {
            return null;
        } finally {
            open.remove(client);
        }
    }

    /** Answers with an S3 error document and closes the connection (the request's body is not read). */
    private static void answer(Socket client, String status, String code, String message) throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>";
        client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body cut short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private Void pipe(InputStream in, OutputStream out) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
