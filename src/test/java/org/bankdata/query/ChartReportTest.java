package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartReportTest {
    private static final List<String> COLUMNS = List.of("institution_key", "institution_name", "services", "total_complaints");

    private static QueryResult scatter(long[] services, long[] complaints) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < services.length; i++) {
            rows.add(Arrays.asList((long) i, "bank " + i, services[i], complaints[i]));
        }
        return new QueryResult(COLUMNS, rows);
    }

    @Test
    void rhoWithTiesInBothVariablesMatchesTheHandComputedValue() {
        // services   x = 5, 3, 3, 8, 1   -> average ranks rx = 4, 2.5, 2.5, 5, 1   (mean 3)
        // complaints y = 10, 40, 20, 20, 50 -> average ranks ry = 1, 4, 2.5, 2.5, 5 (mean 3)
        // dx = 1, -0.5, -0.5, 2, -2 ; dy = -2, 1, -0.5, -0.5, 2
        // sum dx*dy = -2 - 0.5 + 0.25 - 1 - 4 = -7.25 ; sum dx^2 = 9.5 ; sum dy^2 = 9.5
        // rho = Pearson of the ranks = -7.25 / sqrt(9.5 * 9.5) = -29/38 = -0.763157...
        QueryResult result = scatter(new long[] {5, 3, 3, 8, 1}, new long[] {10, 40, 20, 20, 50});

        assertThat(ChartReport.spearman(result)).isCloseTo(-29.0 / 38.0, within(1e-12));
    }

    @Test
    void rhoWithATieInOneVariable() {
        // x = 10, 20, 20, 40 -> rx = 1, 2.5, 2.5, 4 ; y = 100, 300, 200, 400 -> ry = 1, 3, 2, 4 (both means 2.5)
        // dx = -1.5, 0, 0, 1.5 ; dy = -1.5, 0.5, -0.5, 1.5
        // sum dx*dy = 4.5 ; sum dx^2 = 4.5 ; sum dy^2 = 5 -> rho = 4.5 / sqrt(22.5) = sqrt(0.9) = 0.948683...
        QueryResult result = scatter(new long[] {10, 20, 20, 40}, new long[] {100, 300, 200, 400});

        assertThat(ChartReport.spearman(result)).isCloseTo(Math.sqrt(0.9), within(1e-12));
    }

    @Test
    void perfectlyOppositeOrderIsMinusOne() {
        QueryResult result = scatter(new long[] {1, 2, 3, 4}, new long[] {400, 30, 20, 1});

        assertThat(ChartReport.spearman(result)).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void findsTheColumnsByNameWhateverTheirPositionAndNumberType() {
        QueryResult result = new QueryResult(List.of("total_complaints", "services"), List.of(
                Arrays.asList(10L, 5), Arrays.asList(40L, 3), Arrays.asList(20L, 3), Arrays.asList(20L, 8),
                Arrays.asList(50L, 1)));

        assertThat(ChartReport.spearman(result)).isCloseTo(-29.0 / 38.0, within(1e-12));
    }

    @Test
    void fewerThanThreeInstitutionsGiveNoCoefficient() {
        assertThat(ChartReport.spearman(scatter(new long[] {}, new long[] {}))).isNull();
        assertThat(ChartReport.spearman(scatter(new long[] {1}, new long[] {5}))).isNull();
        assertThat(ChartReport.spearman(scatter(new long[] {1, 2}, new long[] {5, 9}))).isNull();
    }

    @Test
    void constantVariableGivesNoCoefficient() {
        // Every institution offers 7 services: the ranks have no variance, rho is undefined.
        assertThat(ChartReport.spearman(scatter(new long[] {7, 7, 7, 7}, new long[] {1, 2, 3, 4}))).isNull();
    }
}
