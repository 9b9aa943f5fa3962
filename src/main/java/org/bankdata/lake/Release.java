package org.bankdata.lake;

import java.time.Instant;

/**
 * A release of the lake: what run {@code runId} published at {@code publishedAt}.
 *
 * @param current  whether it is the published release (the one {@code tables/_snapshot.json} names)
 * @param readable whether its tables can still be read: the published release, or an earlier one whose tag
 *                 {@code release_<run-id>} every table of it still has (none has expired)
 */
public record Release(String runId, Instant publishedAt, boolean current, boolean readable) {
    /** {@code current}, {@code readable} or {@code expired}, as {@code bankdata runs} shows it. */
    public String state() {
        return current ? "current" : readable ? "readable" : "expired";
    }
}
