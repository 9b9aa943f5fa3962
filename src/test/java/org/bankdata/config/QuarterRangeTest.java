package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class QuarterRangeTest {

    @Test
    void parsesBothEnds() {
        QuarterRange range = QuarterRange.of("2020Q2", "2021Q3");

        assertThat(range.from()).isEqualTo(new Quarter(2020, 2));
        assertThat(range.to()).isEqualTo(new Quarter(2021, 3));
        assertThat(range.fromKey()).isEqualTo(20202);
        assertThat(range.toKey()).isEqualTo(20213);
        assertThat(range.isAll()).isFalse();
    }

    @Test
    void fromAfterToIsRefusedNamingBothQuarters() {
        assertThatThrownBy(() -> QuarterRange.of("2021Q2", "2020Q4"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("2021Q2")
                .hasMessageContaining("2020Q4")
                .hasMessageContaining("swap");
    }

    @Test
    void singleQuarterRangeIsAllowed() {
        QuarterRange range = QuarterRange.of("2021Q1", "2021Q1");

        assertThat(range.fromKey()).isEqualTo(20211);
        assertThat(range.toKey()).isEqualTo(20211);
    }

    @Test
    void openEndsCoverEveryPeriodKey() {
        assertThat(QuarterRange.of(null, null).isAll()).isTrue();
        assertThat(QuarterRange.ALL.fromKey()).isZero();
        assertThat(QuarterRange.ALL.toKey()).isEqualTo(99999);
        assertThat(QuarterRange.of("2021Q1", null).fromKey()).isEqualTo(20211);
        assertThat(QuarterRange.of("2021Q1", null).toKey()).isEqualTo(99999);
        assertThat(QuarterRange.of(null, "2020Q3").fromKey()).isZero();
        assertThat(QuarterRange.of(null, "2020Q3").toKey()).isEqualTo(20203);
    }

    @Test
    void badEndIsAUsageError() {
        assertThatThrownBy(() -> QuarterRange.of("2021Q5", null))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("2021Q5");
    }

    @Test
    void describesItself() {
        assertThat(QuarterRange.ALL).hasToString("all quarters");
        assertThat(QuarterRange.of("2020Q1", "2021Q4")).hasToString("2020Q1–2021Q4");
        assertThat(QuarterRange.of("2020Q1", null)).hasToString("2020Q1–…");
    }
}
