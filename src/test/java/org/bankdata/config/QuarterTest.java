package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuarterTest {

    @Test
    void theCurrentQuarterComesFromTheClock() {
        java.time.Clock endOfMarch = java.time.Clock.fixed(java.time.Instant.parse("2031-03-31T23:59:59Z"), java.time.ZoneOffset.UTC);
        assertThat(Quarter.current(endOfMarch)).isEqualTo(new Quarter(2031, 1));
        assertThat(Quarter.of(LocalDate.of(2025, 11, 30))).isEqualTo(new Quarter(2025, 4));
        assertThat(Quarter.of(LocalDate.of(2025, 4, 1))).isEqualTo(new Quarter(2025, 2));
        assertThat(Quarter.of(LocalDate.of(2025, 9, 30))).isEqualTo(new Quarter(2025, 3));
    }

    @Test
    void parsesYearAndQuarter() {
        Quarter q = Quarter.parse("2020Q1");

        assertThat(q.year()).isEqualTo(2020);
        assertThat(q.quarter()).isEqualTo(1);
        assertThat(q).hasToString("2020Q1");
    }

    @Test
    void acceptsLowerCaseQAndSurroundingSpaces() {
        assertThat(Quarter.parse(" 2021q4 ")).isEqualTo(new Quarter(2021, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2021Q5", "2021Q0", "21Q1", "2021-Q1", "2021", "Q1 2021", "", "2021Q1x"})
    void badTextIsAUsageErrorNamingTheTextAndTheExpectedForm(String text) {
        assertThatThrownBy(() -> Quarter.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("YYYYQn")
                .satisfies(e -> assertThat(((UsageException) e).exitCode()).isEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000Q1", "1899Q4", "9999Q4", "2999Q1"})
    void aYearOutsideTheAcceptedRangeIsAUsageErrorGivingTheRange(String text) {
        int nextYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;
        assertThatThrownBy(() -> Quarter.parse(text, "--to"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--to " + text + " is out of range: quarters go from 1900Q1 to " + nextYear + "Q4");
    }

    @Test
    void theAcceptedRangeRunsFrom1900ToNextYear() {
        int nextYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;
        assertThat(Quarter.parse("1900Q1")).isEqualTo(new Quarter(1900, 1));
        assertThat(Quarter.parse(nextYear + "Q4")).isEqualTo(new Quarter(nextYear, 4));
        assertThatThrownBy(() -> Quarter.parse((nextYear + 1) + "Q1")).isInstanceOf(UsageException.class);
    }

    @Test
    void periodKeyIsYearTimesTenPlusQuarter() {
        assertThat(Quarter.parse("2020Q1").periodKey()).isEqualTo(20201);
        assertThat(Quarter.parse("2021Q4").periodKey()).isEqualTo(20214);
        assertThat(Quarter.ofPeriodKey(20213)).isEqualTo(new Quarter(2021, 3));
    }

    @Test
    void firstAndLastDayOfEachQuarter() {
        assertThat(Quarter.parse("2021Q1").firstDay()).isEqualTo(LocalDate.of(2021, 1, 1));
        assertThat(Quarter.parse("2021Q1").lastDay()).isEqualTo(LocalDate.of(2021, 3, 31));
        assertThat(Quarter.parse("2021Q2").firstDay()).isEqualTo(LocalDate.of(2021, 4, 1));
        assertThat(Quarter.parse("2021Q2").lastDay()).isEqualTo(LocalDate.of(2021, 6, 30));
        assertThat(Quarter.parse("2021Q3").firstDay()).isEqualTo(LocalDate.of(2021, 7, 1));
        assertThat(Quarter.parse("2021Q3").lastDay()).isEqualTo(LocalDate.of(2021, 9, 30));
    }

    @Test
    void fourthQuarterEndsOnTheThirtyFirstOfDecemberOfTheSameYear() {
        Quarter q4 = Quarter.parse("2020Q4");

        assertThat(q4.firstDay()).isEqualTo(LocalDate.of(2020, 10, 1));
        assertThat(q4.lastDay()).isEqualTo(LocalDate.of(2020, 12, 31));
    }

    @Test
    void firstQuarterOfALeapYearHasNinetyOneDays() {
        // Jan 31 + Feb 29 + Mar 31 = 91 in 2020; 90 in 2021.
        Quarter leap = Quarter.parse("2020Q1");
        Quarter common = Quarter.parse("2021Q1");

        assertThat(ChronoUnit.DAYS.between(leap.firstDay(), leap.lastDay()) + 1).isEqualTo(91);
        assertThat(ChronoUnit.DAYS.between(common.firstDay(), common.lastDay()) + 1).isEqualTo(90);
        assertThat(leap.lastDay()).isEqualTo(LocalDate.of(2020, 3, 31));
    }

    @Test
    void ordersChronologicallyAcrossYears() {
        List<Quarter> quarters = new ArrayList<>(List.of(
                Quarter.parse("2021Q1"), Quarter.parse("2020Q4"), Quarter.parse("2020Q2"), Quarter.parse("2021Q3")));
        Collections.sort(quarters);

        assertThat(quarters).extracting(Quarter::toString).containsExactly("2020Q2", "2020Q4", "2021Q1", "2021Q3");
    }

    @Test
    void constructorRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new Quarter(2021, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quarter(2021, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quarter(1899, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quarter.ofPeriodKey(20215)).isInstanceOf(IllegalArgumentException.class);
    }
}
