package org.bankdata.lake;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;

/**
 * Says which S3 request of a Spark write failed, on which object, and what the server answered, from the failure
 * S3A raised (its messages read "{@code <operation> on <key>: ...(Status Code: N; Error Code: C...)}"). Without
 * it such a failure reached the user, through Spark's wrapping, as "an internal error".
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
        String operation = null;
        String key = null;
        String status = null;
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
                status = st.group(1) + " " + st.group(2);
            }
            Matcher server = SERVER_TEXT.matcher(message);
            if (text == null && server.find()) {
                text = server.group(1).strip();
            }
        }
        if (operation == null || status == null) {
            return Optional.empty();
        }
        String object = key.startsWith("s3a://") ? key : "s3a://" + where.bucket() + "/" + key.replaceFirst("^/", "");
        return Optional.of(new LakeException("cannot write table " + table + ": S3 " + describe(operation) + " " + object
                + " failed with " + status + (text == null ? "" : " (" + text + ")") + "; check the S3 server (its log, its"
                + " free space) and run again", failure));
    }

    /** "Completing multipart upload" → "completing the upload of". */
    private static String describe(String operation) {
        String lower = operation.toLowerCase(Locale.ROOT);
        if (lower.startsWith("completing multipart upload")) {
            return "completing the upload of";
        }
        return lower + " of";
    }
}
