package org.bankdata.source;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Column expressions for the value formats of Brazilian open data. Each parser has a matching validity
 * test so a bad value is reported, never turned into a silent null.
 */
public final class SparkParsing {
    /** {@code 16.699,13}, {@code 67,19}, {@code 5}: decimal comma, optional thousands dots. */
    static final String BR_DECIMAL = "^-?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$";
    /** {@code 1101269} or {@code 1.101.269}. */
    static final String BR_INTEGER = "^([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)$";

    private SparkParsing() {
    }

    /** Trimmed text, with blank (e.g. the BCB's {@code " "}) as null. */
    public static Column blankToNull(Column c) {
        Column t = trim(c);
        return when(t.equalTo(""), lit(null).cast("string")).otherwise(t);
    }

    public static Column isBrazilianDecimal(Column text) {
        return blankToNull(text).rlike(BR_DECIMAL);
    }

    /** Parses a Brazilian-format decimal to {@code decimal(precision,scale)}; blank gives null. */
    public static Column brazilianDecimal(Column text, int precision, int scale) {
        Column t = blankToNull(text);
        Column plain = regexp_replace(regexp_replace(t, "\\.", ""), ",", ".");
        return when(t.rlike(BR_DECIMAL), plain.cast("decimal(" + precision + "," + scale + ")"));
    }

    public static Column isBrazilianInteger(Column text) {
        return blankToNull(text).rlike(BR_INTEGER);
    }

    /** Parses a count such as {@code 1101269} or {@code 1.101.269} to bigint; blank gives null. */
    public static Column brazilianInteger(Column text) {
        Column t = blankToNull(text);
        return when(t.rlike(BR_INTEGER), regexp_replace(t, "\\.", "").cast("bigint"));
    }

    /**
     * Why {@code text} (the value of {@code column}) is not a count of at most {@code max}, or null when it is one or
     * blank: negative, above {@code max}, or not a whole number at all. {@link #brazilianInteger} gives null for the
     * first and last, and for a value too large for a bigint.
     */
    public static Column countProblem(Column text, String column, long max, String maxReason) {
        Column t = blankToNull(text);
        Column value = brazilianInteger(text);
        return when(t.isNull().or(value.isNotNull().and(value.leq(max))), lit(null).cast("string"))
                .when(t.rlike("^-\\s*" + BR_INTEGER.substring(1)),
                        concat(lit(column + " '"), t, lit("' is negative; a count cannot be negative")))
                .when(t.rlike(BR_INTEGER), concat(lit(column + " '"), t, lit("' is more than "
                        + String.format(java.util.Locale.ROOT, "%,d", max) + ", " + maxReason)))
                .otherwise(concat(lit(column + " '"), t, lit("' is not a whole number")));
    }

    /**
     * Why {@code text} is not a decimal that fits {@code decimal(precision,scale)}, or null when it is one or blank:
     * too large, or not a number in the Brazilian format at all.
     */
    public static Column decimalProblem(Column text, String column, int precision, int scale) {
        Column t = blankToNull(text);
        return when(t.isNull().or(brazilianDecimal(text, precision, scale).isNotNull()), lit(null).cast("string"))
                .when(t.rlike(BR_DECIMAL), concat(lit(column + " '"), t, lit("' is too large (at most "
                        + (precision - scale) + " digits before the comma)")))
                .otherwise(concat(lit(column + " '"), t, lit("' is not a number like 16.699,13")));
    }

    /** Present and not a valid value: the condition under which a row is rejected for this field. */
    public static Column invalidWhenPresent(Column text, Column isValid) {
        return blankToNull(text).isNotNull().and(isValid.isNull().or(isValid.equalTo(false)));
    }

    /** A CNPJ root (1 to 8 digits, leading zeros often dropped) zero-padded to 8 digits; blank gives null. */
    public static Column cnpj8(Column text) {
        Column t = blankToNull(text);
        return when(t.rlike("^[0-9]{1,8}$"), lpad(t, 8, "0"));
    }

    public static Column isCnpjRoot(Column text) {
        return blankToNull(text).rlike("^[0-9]{1,8}$");
    }
}
