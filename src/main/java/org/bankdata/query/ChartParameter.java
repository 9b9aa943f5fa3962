package org.bankdata.query;

import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/**
 * The one setting a question takes besides quarters, filter and row limit: how many institutions a trend
 * follows, the fewest clients an institution needs to be ranked by its complaint index, or which service's
 * fees to compare. A value is checked against its kind (a bounded whole number, or a service code of letters
 * and digits) before it becomes part of the SQL, so the text built from it cannot carry anything else.
 *
 * @param name         the API query parameter, e.g. {@code top}; the CLI option is {@code --<name>}
 * @param description  what it sets, for help texts and docs
 * @param defaultValue the value the published table is built with; null means "chosen by the query" (the service)
 * @param min          smallest whole number accepted (numbers only)
 * @param max          largest whole number accepted (numbers only)
 */
public record ChartParameter(String name, String description, String defaultValue, long min, long max) {
    private static final Pattern SERVICE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    static ChartParameter number(String name, String description, long defaultValue, long min, long max) {
        return new ChartParameter(name, description, Long.toString(defaultValue), min, max);
    }

    static ChartParameter serviceCode(String name, String description) {
        return new ChartParameter(name, description, null, 0, 0);
    }

    public boolean isNumber() {
        return min < max;
    }

    /** {@code value} checked (null or blank: the default), as it goes into the SQL. */
    String sql(String value) {
        String v = value == null || value.isBlank() ? defaultValue : value.trim();
        if (!isNumber()) {
            if (v == null) {
                return "TRUE";
            }
            if (!SERVICE_CODE.matcher(v).matches()) {
                throw new UsageException(name + " '" + v + "' is not a service code (letters and digits, e.g. 0101)");
            }
            return "s.service_code = '" + v + "'";
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + v + "' must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw new UsageException(name + " '" + v + "' must be a whole number from " + min + " to " + max);
        }
        return Long.toString(n);
    }
}
