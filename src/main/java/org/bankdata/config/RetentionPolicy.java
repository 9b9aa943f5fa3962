package org.bankdata.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/**
 * How long a lake keeps what it no longer publishes ({@code bankdata expire}).
 *
 * @param keepReleases   the most recent releases that stay readable, whatever their age (the published one counts);
 *                       at least 2, so the release published before the current one, which a reader (a dashboard, an
 *                       export) may still be reading, or a publish retried after a crash just replaced, keeps its files
 * @param keepYoungerThan a release published less than this long ago stays readable too, however many came after it;
 *                       a snapshot younger than this is kept whatever refers to it
 * @param orphanAge      a data file no retained snapshot and no retained release names is removed only once it is
 *                       older than this: a run in flight (on this host or another one with a catalog of its own) writes
 *                       its files before it commits them; at least 1 hour
 */
public record RetentionPolicy(int keepReleases, Duration keepYoungerThan, Duration orphanAge) {
    /** The release published and the ones before it that stay readable by default. */
    public static final int DEFAULT_KEEP_RELEASES = 5;
    public static final String DEFAULT_KEEP_YOUNGER_THAN_TEXT = "7d";
    public static final Duration DEFAULT_KEEP_YOUNGER_THAN = Duration.ofDays(7);
    /** Iceberg's own default for removing orphan files ({@code DeleteOrphanFiles}: older than 3 days). */
    public static final String DEFAULT_ORPHAN_AGE_TEXT = "3d";
    public static final Duration DEFAULT_ORPHAN_AGE = Duration.ofDays(3);
    public static final int MIN_KEEP_RELEASES = 2;
    public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(1);
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(DEFAULT_KEEP_RELEASES, DEFAULT_KEEP_YOUNGER_THAN,
            DEFAULT_ORPHAN_AGE);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");

    public RetentionPolicy {
        if (keepReleases < MIN_KEEP_RELEASES) {
            throw new UsageException("--keep-releases must be at least " + MIN_KEEP_RELEASES + " (the published release and"
                    + " the one before it, which readers may still be reading), got " + keepReleases);
        }
        if (keepYoungerThan == null || keepYoungerThan.isNegative()) {
            throw new UsageException("--older-than must be a duration of 0 or more, e.g. 7d, got " + keepYoungerThan);
        }
        if (orphanAge == null || orphanAge.compareTo(MIN_ORPHAN_AGE) < 0) {
            throw new UsageException("--orphan-age must be at least 1h (a run writes its files before it commits them),"
                    + " got " + text(orphanAge));
        }
    }

    /** A duration as the options take it: a number and a unit, {@code s}, {@code m}, {@code h} or {@code d} (e.g. 7d, 36h). */
    public static Duration parseDuration(String option, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException(option + " takes a number and a unit (s, m, h or d), e.g. 7d or 36h; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code d} as the options write it (7d, 36h, 90m, 45s). */
    public static String text(Duration d) {
        if (d == null) {
            return "nothing";
        }
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
