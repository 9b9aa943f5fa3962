package org.bankdata.config;

import org.bankdata.errors.UsageException;

/** An inclusive range of quarters; either end may be open (null). */
public record QuarterRange(Quarter from, Quarter to) {
    public static final QuarterRange ALL = new QuarterRange(null, null);

    public QuarterRange {
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw new UsageException("--from " + from + " is after --to " + to + "; swap them");
        }
    }

    public static QuarterRange of(String from, String to) {
        return new QuarterRange(from == null ? null : Quarter.parse(from, "--from"), to == null ? null : Quarter.parse(to, "--to"));
    }

    /** Smallest period key in range (0 when open). */
    public int fromKey() {
        return from == null ? 0 : from.periodKey();
    }

    /** Largest period key in range (99999 when open). */
    public int toKey() {
        return to == null ? 99999 : to.periodKey();
    }

    public boolean isAll() {
        return from == null && to == null;
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all quarters";
        }
        return (from == null ? "…" : from.toString()) + "–" + (to == null ? "…" : to.toString());
    }
}
