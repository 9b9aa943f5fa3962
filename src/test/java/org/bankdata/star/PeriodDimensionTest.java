package org.bankdata.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.bankdata.RawBcbFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeriodDimensionTest {
    private static Map<Integer, Row> periods;

    @BeforeAll
    static void build() {
        List<Row> rows = PeriodDimension.build(CuratedInputs.complaints()).collectAsList();
        assertThat(rows).hasSize(8);
        periods = rows.stream().collect(Collectors.toMap(r -> r.<Integer>getAs("period_key"), r -> r, (a, b) -> a, TreeMap::new));
    }

    @Test
    void oneRowPerQuarterOfTheFiles() {
        assertThat(periods.keySet()).containsExactlyElementsOf(
                RawBcbFiles.allRankingLines().stream().map(RawBcbFiles.RankingLine::periodKey).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void firstAndLastDayOfEachQuarter() {
        // Hand-written calendar: quarter -> first day, last day.
        Map<Integer, List<String>> expected = Map.of(
                20201, List.of("2020-01-01", "2020-03-31", "2020Q1"),
                20202, List.of("2020-04-01", "2020-06-30", "2020Q2"),
                20203, List.of("2020-07-01", "2020-09-30", "2020Q3"),
                20204, List.of("2020-10-01", "2020-12-31", "2020Q4"),
                20211, List.of("2021-01-01", "2021-03-31", "2021Q1"),
                20212, List.of("2021-04-01", "2021-06-30", "2021Q2"),
                20213, List.of("2021-07-01", "2021-09-30", "2021Q3"),
                20214, List.of("2021-10-01", "2021-12-31", "2021Q4"));
        assertThat(periods).hasSameSizeAs(expected);
        expected.forEach((key, days) -> {
            Row row = periods.get(key);
            assertThat(row.<Integer>getAs("year")).isEqualTo(key / 10);
            assertThat(row.<Integer>getAs("quarter")).isEqualTo(key % 10);
            assertThat(row.<Date>getAs("first_day").toLocalDate()).as("%s first_day", key).isEqualTo(LocalDate.parse(days.get(0)));
            assertThat(row.<Date>getAs("last_day").toLocalDate()).as("%s last_day", key).isEqualTo(LocalDate.parse(days.get(1)));
            assertThat(row.<String>getAs("label")).isEqualTo(days.get(2));
        });
    }

    @Test
    void leapYearFebruaryEndsAQuarterOnlyInMarch() {
        Row q = PeriodDimension.build(CuratedInputs.complaints(
                CuratedInputs.complaint(20241, "C", null, "X (conglomerado)", 1, "f.csv", 2),
                CuratedInputs.complaint(20241, "C", null, "Y (conglomerado)", 1, "f.csv", 3))).collectAsList().get(0);
        assertThat(q.<Date>getAs("first_day").toLocalDate()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(q.<Date>getAs("last_day").toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 31));
    }
}
