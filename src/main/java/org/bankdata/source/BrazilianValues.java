package org.bankdata.source;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The value rules of Brazilian open data ({@link SparkParsing}'s, as plain Java over one text): a single scan per
 * value, no regular expression. A field is trimmed of spaces only, and a blank field (e.g. the BCB's {@code " "}) is
 * absent. As with the patterns they replace, a value may end in one line terminator ({@code \r}, U+0085, U+2028,
 * U+2029) and still match; a number so ended converts only when that terminator is {@code \r}.
 */
public final class BrazilianValues {
    private static final BigDecimal DECIMAL_LIMIT_12_2 = BigDecimal.TEN.pow(10);

    private BrazilianValues() {
    }

    /** The text without leading and trailing spaces (U+0020 only), or null when nothing is left or it is null. */
    public static String blankToNull(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }

    /** Whether the line holds a character other than whitespace ({@code [ \t\n\x0B\f\r]}). */
    public static boolean hasNonWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!isRegexSpace(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} is one of {@code [ \t\n\x0B\f\r]}. */
    public static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Where a pattern anchored at the end may stop: before one final line terminator, if the text ends in one. */
    public static int endBeforeTerminator(String text) {
        int n = text.length();
        if (n >= 2 && text.charAt(n - 2) == '\r' && text.charAt(n - 1) == '\n') {
            return n - 2;
        }
        if (n >= 1) {
            char last = text.charAt(n - 1);
            if (last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029') {
                return n - 1;
            }
        }
        return n;
    }

    /** Whether {@code text[from, to)} is 1 to {@code max} (or at least {@code min}) ASCII digits. */
    public static boolean isDigits(String text, int from, int to, int min, int max) {
        int length = to - from;
        if (length < min || length > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A trimmed, present text is a whole count such as {@code 1101269} or {@code 1.101.269}. */
    public static boolean isBrazilianInteger(String text) {
        return isIntegerPart(text, 0, endBeforeTerminator(text));
    }

    /** A trimmed, present text is a number such as {@code 16.699,13}, {@code 67,19}, {@code -5}. */
    public static boolean isBrazilianDecimal(String text) {
        int end = endBeforeTerminator(text);
        int from = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
        int comma = text.indexOf(',', from);
        if (comma < 0 || comma >= end) {
            return isIntegerPart(text, from, end);
        }
        return isIntegerPart(text, from, comma) && isDigits(text, comma + 1, end, 1, Integer.MAX_VALUE);
    }

    /** {@code [0-9]{1,3}(\.[0-9]{3})+} or {@code [0-9]+}, over all of {@code text[from, to)}. */
    private static boolean isIntegerPart(String text, int from, int to) {
        if (to <= from) {
            return false;
        }
        int firstDot = text.indexOf('.', from);
        if (firstDot < 0 || firstDot >= to) {
            return isDigits(text, from, to, 1, Integer.MAX_VALUE);
        }
        if (!isDigits(text, from, firstDot, 1, 3)) {
            return false;
        }
        int i = firstDot;
        while (i < to) {
            if (text.charAt(i) != '.' || i + 4 > to || !isDigits(text, i + 1, i + 4, 3, 3)) {
                return false;
            }
            i += 4;
        }
        return true;
    }

    /** The count of a trimmed, present text, or null when it is not a whole count or does not fit a bigint. */
    public static Long brazilianInteger(String text) {
        if (!isBrazilianInteger(text) || !convertible(text)) {
            return null;
        }
        int end = endBeforeTerminator(text);
        long value = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c != '.') {
                if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }

    /**
     * The value of a trimmed, present text as {@code decimal(12,2)} (rounded half up), or null when it is not a number
     * in the Brazilian format or does not fit.
     */
    public static BigDecimal brazilianDecimal12x2(String text) {
        if (!isBrazilianDecimal(text) || !convertible(text)) {
            return null;
        }
        int end = endBeforeTerminator(text);
        StringBuilder plain = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == ',') {
                plain.append('.');
            } else if (c != '.') {
                plain.append(c);
            }
        }
        BigDecimal value = new BigDecimal(plain.toString()).setScale(2, RoundingMode.HALF_UP);
        return value.abs().compareTo(DECIMAL_LIMIT_12_2) >= 0 ? null : value;
    }

    /** A number ended by a line terminator converts only when the terminator is {@code \r} (a cast trims it). */
    private static boolean convertible(String text) {
        int end = endBeforeTerminator(text);
        return end == text.length() || (end == text.length() - 1 && text.charAt(end) == '\r');
    }

    /**
     * Why {@code field} (the raw value of {@code column}) is not a count of at most {@code max}, or null when it is
     * one or blank: negative, above {@code max}, or not a whole number at all.
     */
    public static String countProblem(String field, String column, long max, String maxReason) {
        String t = blankToNull(field);
        if (t == null) {
            return null;
        }
        Long value = brazilianInteger(t);
        if (value != null && value <= max) {
            return null;
        }
        if (isNegativeInteger(t)) {
            return column + " '" + t + "' is negative; a count cannot be negative";
        }
        if (isBrazilianInteger(t)) {
            return column + " '" + t + "' is more than " + String.format(Locale.ROOT, "%,d", max) + ", " + maxReason;
        }
        return column + " '" + t + "' is not a whole number";
    }

    /** {@code -\s*} followed by a whole count. */
    private static boolean isNegativeInteger(String t) {
        if (t.charAt(0) != '-') {
            return false;
        }
        int i = 1;
        while (i < t.length() && isRegexSpace(t.charAt(i))) {
            i++;
        }
        return isIntegerPart(t, i, endBeforeTerminator(t));
    }

    /**
     * Why {@code field} is not a decimal that fits {@code decimal(12,2)}, or null when it is one or blank: too large,
     * or not a number in the Brazilian format at all.
     */
    public static String decimal12x2Problem(String field, String column) {
        String t = blankToNull(field);
        if (t == null || brazilianDecimal12x2(t) != null) {
            return null;
        }
        if (isBrazilianDecimal(t)) {
            return column + " '" + t + "' is too large (at most 10 digits before the comma)";
        }
        return column + " '" + t + "' is not a number like 16.699,13";
    }

    /** Whether a present field is a CNPJ root (1 to 8 digits, leading zeros often dropped). */
    public static boolean isCnpjRoot(String trimmed) {
        return isDigits(trimmed, 0, endBeforeTerminator(trimmed), 1, 8);
    }

    /** A CNPJ root zero-padded (or cut) to 8 characters; null when blank or not a root. */
    public static String cnpj8(String field) {
        String t = blankToNull(field);
        if (t == null || !isCnpjRoot(t)) {
            return null;
        }
        return t.length() >= 8 ? t.substring(0, 8) : "0".repeat(8 - t.length()) + t;
    }

    /** Whether the field is present (not blank) and yet not a CNPJ root: the row is rejected for it. */
    public static boolean isInvalidCnpj(String field) {
        String t = blankToNull(field);
        return t != null && !isCnpjRoot(t);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
