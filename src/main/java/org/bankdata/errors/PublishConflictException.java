package org.bankdata.errors;

/**
 * A publish lost its compare-and-swap: the snapshot a run built on is no longer the published one, because
 * another run published meanwhile. Nothing was published. Not retriable as it is: the run must be rebuilt
 * on the newer snapshot (a backfill does that by itself) or started anew.
 */
public final class PublishConflictException extends BankdataException {
    private final String expectedBaseRunId;
    private final String publishedRunId;

    public PublishConflictException(String message, String expectedBaseRunId, String publishedRunId) {
        super("PUBLISH_CONFLICT", false, 1, message, null);
        this.expectedBaseRunId = expectedBaseRunId;
        this.publishedRunId = publishedRunId;
    }

    /** The run whose snapshot the publishing run built on (null: nothing was published then). */
    public String expectedBaseRunId() {
        return expectedBaseRunId;
    }

    /** The run whose snapshot is published now. */
    public String publishedRunId() {
        return publishedRunId;
    }
}
