package org.bankdata.errors;

import java.util.regex.Pattern;

/**
 * Takes passwords out of text before it is printed, logged or stored: the password of a URL's user
 * ({@code scheme://user:SECRET@host}), a {@code password=SECRET} parameter (also {@code PGPASSWORD=SECRET}) and a
 * JSON {@code "password": "SECRET"} become {@code ***}. Every message, log line, run-history record and dashboard
 * answer that may quote a URL goes through {@link #redact}.
 */
public final class Redaction {
    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("(://[^/\\s:@?#]*):[^/\\s?#]*@");
    private static final Pattern PARAMETER = Pattern.compile("(?i)(password=)[^&\\s;,\"'<>)]+");
    private static final Pattern JSON_FIELD = Pattern.compile("(?i)(\"[a-z_]*password\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")");

    private Redaction() {
    }

    /** {@code text} with every password it quotes replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        out = PARAMETER.matcher(out).replaceAll("$1" + MASK);
        return JSON_FIELD.matcher(out).replaceAll("$1" + MASK + "$2");
    }
}
