package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSafeIntegersTest {
    @Test
    void keysAreAlwaysStrings() {
        QueryResult r = new QueryResult(List.of("institution_key", "period_key", "name"), List.of(
                Arrays.asList(7510374909018285005L, 20211, "A"),
                Arrays.asList(null, 20212, "B")));

        assertThat(JsonSafeIntegers.apply(r).rows()).containsExactly(
                Arrays.asList("7510374909018285005", "20211", "A"),
                Arrays.asList(null, "20212", "B"));
    }

    @Test
    void aColumnWithOneIntegerBeyondTwoToThe53IsStringsThroughout() {
        long edge = JsonSafeIntegers.MAX_SAFE_INTEGER;
        QueryResult r = new QueryResult(List.of("big", "edge", "huge", "fee"), List.of(
                Arrays.asList(1L, edge, new BigDecimal("1"), new BigDecimal("12345678901234567.5")),
                Arrays.asList(edge + 1, -edge, new BigDecimal("-100000000000000000000"), BigDecimal.ONE)));

        List<List<Object>> rows = JsonSafeIntegers.apply(r).rows();

        assertThat(rows.get(0)).containsExactly("1", edge, "1", new BigDecimal("12345678901234567.5"));
        assertThat(rows.get(1)).containsExactly("9007199254740992", -edge, "-100000000000000000000", BigDecimal.ONE);
    }

    @Test
    void ordinaryNumbersAndOtherValuesAreUntouched() {
        QueryResult r = new QueryResult(List.of("total_complaints", "rho", "label"), List.of(
                Arrays.asList(138_458L, 0.25, "x")));

        assertThat(JsonSafeIntegers.apply(r)).isEqualTo(r);
    }
}
