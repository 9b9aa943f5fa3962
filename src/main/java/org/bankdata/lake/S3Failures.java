package org.bankdata.lake;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;

/**
 * Says which S3 request of a write failed, on which object, and what the server answered, from the failure S3A
 * raised (its messages read "{@code <operation> on <key>: ...(Status Code: N; Error Code: C...)}"): for a table
 * Spark writes, and for an object {@link S3LakeStorage} writes (a landed input above S3A's multipart size is sent in
 * parts, and the server may fail their completion). Without it such a failure reached the user, through Spark's
 * wrapping, as "an internal error", or with advice to check the endpoint and credentials, which were fine.
 */
public final class S3Failures {
    /** S3A's translated failure: "Completing multipart upload on tables/x/part-0.parquet: ...". */
    private static final Pattern OPERATION = Pattern.compile("^([A-Z][A-Za-z0-9 -]*?) on (\\S+?): ");
    private static final Pattern STATUS = Pattern.compile("Status Code: (\\d+); Error Code: ([\\w.-]+)");
    /** The server's own words: the text before the SDK's "(Service: ..." after the exception's name. */
    private static final Pattern SERVER_TEXT = Pattern.compile("(?:Exception: |^)([^:()]+?) \\(Service: ");

    private S3Failures() {
    }

    /**
     * The failure of writing {@code table} to {@code where} on S3 in one line, when {@code failure} holds an S3
     * request's failure; empty otherwise (a local lake, or a failure that is not S3's).
     */
    public static Optional<LakeException> writing(String table, LakeLocation where, Throwable failure) {
        if (!where.isS3()) {
            return Optional.empty();
        }
        return request(failure).map(request -> new LakeException("cannot write table " + table + ": S3 "
                + request.operation() + " of " + request.object(where.bucket()) + " failed with " + request.answer()
                + "; check the S3 server (its log, its free space) and run again", failure));
    }

    /**
     * The S3 request whose failure {@code failure} holds (S3A's "{@code <operation> on <key>: ...}" with the server's
     * status and error code somewhere in its causes); empty when it holds none.
     */
    public static Optional<FailedRequest> request(Throwable failure) {
        String operation = null;
        String key = null;
        Integer status = null;
        String code = null;
        String text = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher op = OPERATION.matcher(message);
            if (operation == null && op.find()) {
                operation = op.group(1);
                key = op.group(2);
            }
            Matcher st = STATUS.matcher(message);
            if (status == null && st.find()) {
                status = Integer.parseInt(st.group(1));
                code = st.group(2);
            }
            Matcher server = SERVER_TEXT.matcher(message);
            if (text == null && server.find()) {
                text = server.group(1).strip();
            }
        }
        if (operation == null || status == null) {
            return Optional.empty();
        }
        return Optional.of(new FailedRequest(describe(operation), key, status, code, text));
    }

    /**
     * An S3 request that failed.
     *
     * @param operation what the request did, in a user's words ("completing the upload")
     * @param key the object's key (or its s3a:// URI)
     * @param status the HTTP status the server answered
     * @param code the server's error code ("InternalError")
     * @param text the server's own words, null when it gave none
     */
    public record FailedRequest(String operation, String key, int status, String code, String text) {
        /** The object's s3a:// URI, in {@code bucket} when the key names none. */
        public String object(String bucket) {
            return key.startsWith("s3a://") ? key : "s3a://" + bucket + "/" + key.replaceFirst("^/", "");
        }

        /** The server's answer: "500 InternalError (We encountered an internal error...)". */
        public String answer() {
            return status + " " + code + (text == null ? "" : " (" + text + ")");
        }

        /** Whether the server failed (5xx) rather than refused the request. */
        public boolean serverError() {
            return status >= 500;
        }
    }

    /** "Completing multipart upload" → "completing the upload". */
    private static String describe(String operation) {
        String lower = operation.toLowerCase(Locale.ROOT);
        if (lower.startsWith("completing multipart upload")) {
            return "completing the upload";
        }
        return lower;
    }
}
