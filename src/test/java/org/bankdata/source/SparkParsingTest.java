package org.bankdata.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.Test;

class SparkParsingTest {
    private static final StructType TEXT = new StructType().add("text", DataTypes.StringType, true);

    private final SparkSession spark = TestSpark.session();

    /** Evaluates {@code expression} on a one-column dataset of {@code inputs}; returns input -> result, in order. */
    private Map<String, Object> evaluate(Function<Column, Column> expression, String... inputs) {
        List<Row> rows = new ArrayList<>();
        for (String input : inputs) {
            rows.add(RowFactory.create(input));
        }
        Dataset<Row> data = spark.createDataFrame(rows, TEXT);
        Map<String, Object> results = new LinkedHashMap<>();
        for (Row row : data.select(col("text"), expression.apply(col("text")).as("result")).collectAsList()) {
            results.put(row.getString(0), row.get(1));
        }
        assertThat(results).hasSize(inputs.length);
        return results;
    }

    @Test
    void brazilianDecimalReadsDecimalCommaAndThousandsDots() {
        Map<String, Object> parsed = evaluate(c -> SparkParsing.brazilianDecimal(c, 12, 2),
                "16.699,13", "67,19", "5", "-3,5", "1.101.269", " 0,07 ");
        assertThat(parsed).containsEntry("16.699,13", new BigDecimal("16699.13"))
                .containsEntry("67,19", new BigDecimal("67.19"))
                .containsEntry("5", new BigDecimal("5.00"))
                .containsEntry("-3,5", new BigDecimal("-3.50"))
                .containsEntry("1.101.269", new BigDecimal("1101269.00"))
                .containsEntry(" 0,07 ", new BigDecimal("0.07"));
    }

    @Test
    void brazilianDecimalGivesNullForBlankAndInvalidButOnlyInvalidIsFlagged() {
        String[] inputs = {" ", "", "1.2.3", "abc", "16,699.13", "1,", "12.34"};
        Map<String, Object> parsed = evaluate(c -> SparkParsing.brazilianDecimal(c, 12, 2), inputs);
        assertThat(parsed.values()).containsOnlyNulls();
        Map<String, Object> invalid = evaluate(c -> SparkParsing.invalidWhenPresent(c, SparkParsing.isBrazilianDecimal(c)), inputs);
        assertThat(invalid).containsEntry(" ", false).containsEntry("", false)
                .containsEntry("1.2.3", true).containsEntry("abc", true).containsEntry("16,699.13", true)
                .containsEntry("1,", true).containsEntry("12.34", true);
        assertThat(evaluate(c -> SparkParsing.invalidWhenPresent(c, SparkParsing.isBrazilianDecimal(c)), "16.699,13", "67,19"))
                .containsOnly(Map.entry("16.699,13", false), Map.entry("67,19", false));
    }

    @Test
    void brazilianDecimalNullInputIsNullAndNotFlagged() {
        List<Row> rows = Arrays.asList(RowFactory.create((Object) null));
        Row row = spark.createDataFrame(rows, TEXT).select(SparkParsing.brazilianDecimal(col("text"), 12, 2),
                SparkParsing.invalidWhenPresent(col("text"), SparkParsing.isBrazilianDecimal(col("text")))).first();
        assertThat(row.get(0)).isNull();
        assertThat(row.getBoolean(1)).isFalse();
    }

    @Test
    void brazilianIntegerReadsPlainAndDottedCounts() {
        Map<String, Object> parsed = evaluate(SparkParsing::brazilianInteger, "1101269", "1.101.269", "0", " 42 ");
        assertThat(parsed).containsEntry("1101269", 1_101_269L).containsEntry("1.101.269", 1_101_269L)
                .containsEntry("0", 0L).containsEntry(" 42 ", 42L);
    }

    @Test
    void brazilianIntegerGivesNullForBlankAndFlagsOnlyInvalid() {
        String[] inputs = {" ", "12a", "1.10.269", "3,5", "-4"};
        assertThat(evaluate(SparkParsing::brazilianInteger, inputs).values()).containsOnlyNulls();
        assertThat(evaluate(c -> SparkParsing.invalidWhenPresent(c, SparkParsing.isBrazilianInteger(c)), inputs))
                .containsEntry(" ", false).containsEntry("12a", true).containsEntry("1.10.269", true)
                .containsEntry("3,5", true).containsEntry("-4", true);
    }

    @Test
    void cnpj8PadsRootsToEightDigits() {
        Map<String, Object> parsed = evaluate(SparkParsing::cnpj8, "3532415", "0", "03532415", " 360305 ", " ", "123456789", "12.345");
        assertThat(parsed).containsEntry("3532415", "03532415")
                .containsEntry("0", "00000000")
                .containsEntry("03532415", "03532415")
                .containsEntry(" 360305 ", "00360305")
                .containsEntry(" ", null)
                .containsEntry("123456789", null)
                .containsEntry("12.345", null);
        Map<String, Object> invalid = evaluate(c -> SparkParsing.invalidWhenPresent(c, SparkParsing.isCnpjRoot(c)),
                "3532415", " ", "123456789", "12a");
        assertThat(invalid).containsOnly(Map.entry("3532415", false), Map.entry(" ", false),
                Map.entry("123456789", true), Map.entry("12a", true));
    }

    @Test
    void blankToNullTrimsAndNullsBlank() {
        Map<String, Object> parsed = evaluate(SparkParsing::blankToNull, " ", "", "   ", "  BANCO X S.A. ", "a b");
        assertThat(parsed).containsEntry(" ", null).containsEntry("", null)
                .containsEntry("   ", null).containsEntry("  BANCO X S.A. ", "BANCO X S.A.").containsEntry("a b", "a b");
    }
}
