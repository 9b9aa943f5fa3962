package org.bankdata.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/**
 * Which recorded API answers a run fetches again ({@code --refresh}): {@code missing} (only what has no
 * recorded answer), {@code always}, or {@code older-than=30d} (also answers fetched longer ago than that;
 * units d, h, m).
 *
 * @param mode   missing, always or older-than
 * @param maxAge for older-than: the age from which an answer is fetched again; otherwise null
 */
public record RefreshPolicy(Mode mode, Duration maxAge) {
    public enum Mode { MISSING, ALWAYS, OLDER_THAN }

    public static final RefreshPolicy MISSING = new RefreshPolicy(Mode.MISSING, null);
    public static final RefreshPolicy ALWAYS = new RefreshPolicy(Mode.ALWAYS, null);
    private static final Pattern OLDER_THAN = Pattern.compile("older-than=([0-9]{1,6})([dhm])");

    public RefreshPolicy {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.OLDER_THAN) != (maxAge != null)) {
            throw new IllegalArgumentException("an age goes with older-than, and only with it");
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new UsageException("--refresh older-than needs a positive age, e.g. older-than=30d");
        }
    }

    public static RefreshPolicy olderThan(Duration age) {
        return new RefreshPolicy(Mode.OLDER_THAN, age);
    }

    @JsonCreator
    public static RefreshPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("missing")) {
            return MISSING;
        }
        if (t.equals("always")) {
            return ALWAYS;
        }
        Matcher m = OLDER_THAN.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return olderThan(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            });
        }
        throw new UsageException("--refresh must be missing, always or older-than=<N>d|h|m (e.g. older-than=30d), got '"
                + text + "'");
    }

    /** Whether an answer last fetched at {@code lastFetched} (null: never) must be fetched again at {@code now}. */
    public boolean fetch(Instant lastFetched, Instant now) {
        if (lastFetched == null) {
            return true;
        }
        return switch (mode) {
            case MISSING -> false;
            case ALWAYS -> true;
            case OLDER_THAN -> Duration.between(lastFetched, now).compareTo(maxAge) > 0;
        };
    }

    @Override
    @JsonValue
    public String toString() {
        if (mode != Mode.OLDER_THAN) {
            return mode.name().toLowerCase(Locale.ROOT);
        }
        long minutes = maxAge.toMinutes();
        return "older-than=" + (minutes % 1440 == 0 ? minutes / 1440 + "d" : minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m");
    }
}
