package org.bankdata.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for work handed to a thread pool and rethrows its failure as it was thrown, not wrapped. */
public final class Futures {
    private Futures() {
    }

    /** The result of {@code future}; {@code doing} names the work in the message of an unexpected failure. */
    public static <T> T await(Future<T> future, String doing) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(doing + " failed: " + cause, cause);
        }
    }
}
