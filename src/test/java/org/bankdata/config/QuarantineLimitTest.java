package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuarantineLimitTest {
    @Test
    void theDefaultIsFiveRowsOrOnePercentWhicheverIsLarger() {
        QuarantineLimit limit = QuarantineLimit.DEFAULT;
        assertThat(limit).hasToString("5,1%");
        assertThat(limit.rows()).isEqualTo(5);
        assertThat(limit.percent()).isEqualByComparingTo("1");
        // a bundled quarter (105 rows of 2021Q1): 1% is 1.05 rows, so 5
        assertThat(limit.allowed(105)).isEqualTo(5);
        // all 892 bundled rows: 8.92 rows, rounded down
        assertThat(limit.allowed(892)).isEqualTo(8);
        assertThat(limit.allowed(1_474)).isEqualTo(14);
        assertThat(limit.allowed(0)).isEqualTo(5);
        assertThat(limit.describe()).isEqualTo("5 row(s) or 1% of the source's rows, whichever is larger");
    }

    @Test
    void parsesRowsPercentOrBoth() {
        assertThat(QuarantineLimit.parse("5,1%")).isEqualTo(QuarantineLimit.DEFAULT);
        assertThat(QuarantineLimit.parse("1% , 5")).isEqualTo(QuarantineLimit.DEFAULT);
        assertThat(QuarantineLimit.parse("0")).isEqualTo(new QuarantineLimit(0, BigDecimal.ZERO));
        assertThat(QuarantineLimit.parse("0").allowed(1_000_000)).isZero();
        assertThat(QuarantineLimit.parse("12").allowed(1_000_000)).isEqualTo(12);
        assertThat(QuarantineLimit.parse("2.5%").allowed(1_000)).isEqualTo(25);
        assertThat(QuarantineLimit.parse("100%").allowed(892)).isEqualTo(892);
        for (String text : new String[] {"5,1%", "7", "2.5%", "100%", "0"}) {
            assertThat(QuarantineLimit.parse(text)).hasToString(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "five", "1%%", "101%", "5,6", "1%,2%", "5,1%,3", "0.5"})
    void anythingElseIsAUsageErrorSayingHowToWriteIt(String text) {
        assertThatThrownBy(() -> QuarantineLimit.parse(text)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--max-quarantined").hasMessageContaining("e.g. 5,1%");
    }
}
