package org.bankdata.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/**
 * How many rows of one source a run may quarantine and still publish ({@code --max-quarantined}): at
 * most {@code rows} rows or {@code percent}% of the source's rows, whichever is larger. Written
 * {@code 5}, {@code 1%} or {@code 5,1%}; the default {@code 5,1%} lets a ranking quarter of 105 rows
 * lose 5 and the 892 bundled rows lose 8. {@code 0} publishes nothing with a quarantined row,
 * {@code 100%} never stops a run for quarantined rows.
 *
 * @param rows    rows a source may always lose (0 or more)
 * @param percent share of the source's rows it may lose, 0 to 100 (rounded down to whole rows)
 */
public record QuarantineLimit(long rows, BigDecimal percent) {
    private static final Pattern ROWS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,4})?)%");
    private static final String FORM = "write N (rows), P% (of the source's rows) or N,P% (whichever is larger), e.g. 5,1%";
    /** {@code --max-quarantined}'s default as the option writes it: 5 rows or 1%, whichever is larger. */
    public static final String DEFAULT_TEXT = "5,1%";
    public static final QuarantineLimit DEFAULT = parse(DEFAULT_TEXT);

    public QuarantineLimit {
        if (rows < 0) {
            throw new UsageException("--max-quarantined cannot be negative (" + rows + "); " + FORM);
        }
        if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new UsageException("--max-quarantined " + percent + "% is not a share from 0% to 100%; " + FORM);
        }
        percent = percent.stripTrailingZeros();
    }

    /** Parses {@code 5}, {@code 1%}, {@code 5,1%} or {@code 1%,5}; anything else is a usage error. */
    @JsonCreator
    public static QuarantineLimit parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("--max-quarantined needs a value; " + FORM);
        }
        Long rows = null;
        BigDecimal percent = null;
        String[] parts = text.trim().split("\\s*,\\s*", -1);
        if (parts.length > 2) {
            throw new UsageException("--max-quarantined '" + text + "' has more than two parts; " + FORM);
        }
        for (String part : parts) {
            Matcher p = PERCENT.matcher(part);
            if (ROWS.matcher(part).matches() && rows == null) {
                rows = Long.parseLong(part);
            } else if (p.matches() && percent == null) {
                percent = new BigDecimal(p.group(1));
            } else {
                throw new UsageException("--max-quarantined '" + text + "' is not a limit; " + FORM);
            }
        }
        return new QuarantineLimit(rows == null ? 0 : rows, percent == null ? BigDecimal.ZERO : percent);
    }

    /** The rows a source of {@code sourceRows} rows may quarantine. */
    public long allowed(long sourceRows) {
        long share = percent.multiply(BigDecimal.valueOf(Math.max(0, sourceRows)))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
        return Math.max(rows, share);
    }

    /** The option's text, e.g. {@code 5,1%}; {@link #parse} reads it back. */
    @Override
    @JsonValue
    public String toString() {
        if (percent.signum() == 0) {
            return Long.toString(rows);
        }
        String share = percent.toPlainString() + "%";
        return rows == 0 ? share : rows + "," + share;
    }

    /** What the limit means, for messages: "5 rows or 1% of the source's rows, whichever is larger". */
    public String describe() {
        if (percent.signum() == 0) {
            return rows + " row(s)";
        }
        String share = percent.toPlainString() + "% of the source's rows";
        return rows == 0 ? share : rows + " row(s) or " + share + ", whichever is larger";
    }
}
