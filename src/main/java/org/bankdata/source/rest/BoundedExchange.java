package org.bankdata.source.rest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange, connect to last byte of the body, that never makes its caller wait longer than a deadline.
 * The JDK client's own request timeout ends when the headers arrive, so a server that sends headers and part of
 * a body and then goes quiet would hold the caller forever. Here the caller waits on the whole answer's future
 * with {@link CompletableFuture#get(long, TimeUnit)}, no longer than the deadline and, once the headers are in, no
 * longer than the read-idle limit since the last byte. A transfer that overruns either is abandoned: the body
 * subscription is cancelled (which closes the connection) and the exchange's future cancelled, and an
 * {@link HttpTimeoutException} says what happened, so it is retried like any other timeout. No thread of its own:
 * the calling thread is the watchdog.
 */
final class BoundedExchange implements HttpResponse.BodyHandler<byte[]> {
    private final long started = System.nanoTime();
    /** nanoTime of the headers or the last body bytes; 0 until the headers arrive. */
    private volatile long lastActivity;
    private volatile long bytes;
    private volatile Flow.Subscription subscription;

    private BoundedExchange() {
    }

    /**
     * Sends {@code request} and returns the whole answer, or throws {@link HttpTimeoutException} once
     * {@code deadline} has passed since the call, or {@code readIdle} since the headers or the last body bytes.
     */
    static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration deadline, Duration readIdle)
            throws IOException, InterruptedException {
        BoundedExchange exchange = new BoundedExchange();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, exchange);
        long end = exchange.started + deadline.toNanos();
        // the headers may arrive while the caller waits: it looks again at least 4 times per idle limit
        long look = Math.max(TimeUnit.MILLISECONDS.toNanos(10), readIdle.toNanos() / 4);
        try {
            while (true) {
                long now = System.nanoTime();
                long last = exchange.lastActivity;
                long giveUpAt = last == 0 ? end : Math.min(end, last + readIdle.toNanos());
                if (now - giveUpAt >= 0) {
                    exchange.abandon(call);
                    throw new HttpTimeoutException(now - end >= 0 ? exchange.overran(deadline) : exchange.stalled(readIdle));
                }
                try {
                    return call.get(Math.min(giveUpAt - now, look), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // the loop checks the deadline, the idle limit, and whether bytes came meanwhile
                }
            }
        } catch (InterruptedException e) {
            exchange.abandon(call);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "the request failed" : cause.getMessage(), cause);
        }
    }

    private void abandon(CompletableFuture<?> call) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        call.cancel(true);
    }

    private String overran(Duration deadline) {
        return lastActivity == 0
                ? "no answer within " + show(deadline) + ": the server sent no response headers"
                : "no complete answer within " + show(deadline) + ": the body stopped after " + bytes + " byte(s)";
    }

    private String stalled(Duration readIdle) {
        return "the body stalled after " + bytes + " byte(s): nothing more for " + show(readIdle);
    }

    static String show(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%d ms", d.toMillis());
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        lastActivity = System.nanoTime();
        HttpResponse.BodySubscriber<byte[]> body = HttpResponse.BodySubscribers.ofByteArray();
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<byte[]> getBody() {
                return body.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                body.onSubscribe(s);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                long n = 0;
                for (ByteBuffer b : item) {
                    n += b.remaining();
                }
                bytes += n;
                lastActivity = System.nanoTime();
                body.onNext(item);
            }

            @Override
            public void onError(Throwable t) {
                body.onError(t);
            }

            @Override
            public void onComplete() {
                body.onComplete();
            }
        };
    }
}
