package org.bankdata.config;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/** A calendar quarter such as 2020Q1; {@link #periodKey()} is the integer key used in the star schema. */
public record Quarter(int year, int quarter) implements Comparable<Quarter> {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})[Qq]([1-4])");

    public Quarter {
        if (year < 1900 || year > 2999) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1..4: " + quarter);
        }
    }

    /**
     * The first year a user may name. The BCB's own series start in the 2000s, but generated data at large
     * scales reaches back to the 1950s (see GenerateSpec), so the bound only catches typos such as 0000Q1.
     */
    public static final int FIRST_USER_YEAR = 1900;

    /** The last year a user may name: next year (UTC), so a typo such as 9999Q4 or 2201Q1 is caught. */
    public static int lastUserYear() {
        return Year.now(ZoneOffset.UTC).getValue() + 1;
    }

    /** Parses {@code 2020Q1}; anything else is a usage error naming the expected form. */
    public static Quarter parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses a quarter a user typed, e.g. for {@code option} {@code --from}; text that is not YYYYQn, or a year
     * outside {@link #FIRST_USER_YEAR}..{@link #lastUserYear()}, is a usage error naming the option and the range.
     */
    public static Quarter parse(String text, String option) {
        Objects.requireNonNull(text, "text");
        String named = option == null ? "" : option + " ";
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(named + "'" + text + "' is not a quarter; write it as YYYYQn, e.g. 2021Q3");
        }
        int year = Integer.parseInt(m.group(1));
        if (year < FIRST_USER_YEAR || year > lastUserYear()) {
            throw new UsageException(named + text.trim() + " is out of range: quarters go from " + FIRST_USER_YEAR + "Q1 to "
                    + lastUserYear() + "Q4");
        }
        return new Quarter(year, Integer.parseInt(m.group(2)));
    }

    /** The quarter {@code date} falls in. */
    public static Quarter of(LocalDate date) {
        return new Quarter(date.getYear(), (date.getMonthValue() + 2) / 3);
    }

    /** The quarter it is now by {@code clock} (its zone decides the day). */
    public static Quarter current(Clock clock) {
        return of(LocalDate.now(clock));
    }

    public static Quarter ofPeriodKey(int periodKey) {
        return new Quarter(periodKey / 10, periodKey % 10);
    }

    /** {@code year * 10 + quarter}, e.g. 20201 for 2020Q1. */
    public int periodKey() {
        return year * 10 + quarter;
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, quarter * 3 - 2, 1);
    }

    public LocalDate lastDay() {
        return firstDay().plusMonths(3).minusDays(1);
    }

    @Override
    public int compareTo(Quarter other) {
        return Integer.compare(periodKey(), other.periodKey());
    }

    @Override
    public String toString() {
        return year + "Q" + quarter;
    }
}
