package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bankdata.catalog.ChartTables;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class ChartParameterTest {
    @Test
    void eachNewQuestionHasItsSettingAndTheOldOnesNone() {
        assertThat(ChartQuery.COMPLAINTS_TREND.parameter()).get().extracting(ChartParameter::name, ChartParameter::defaultValue)
                .containsExactly("top", "5");
        assertThat(ChartQuery.COMPLAINT_INDEX.parameter()).get().extracting(ChartParameter::name, ChartParameter::defaultValue)
                .containsExactly("min-clients", "4000000");
        assertThat(ChartQuery.SERVICE_FEE.parameter()).get().extracting(ChartParameter::name).isEqualTo("service");
        assertThat(ChartQuery.TOP_COMPLAINTS.parameter()).isEmpty();
        assertThat(ChartTables.INDEX_MIN_CLIENTS).isEqualTo(4_000_000L);
    }

    @Test
    void numbersAreCheckedAgainstTheirBounds() {
        ChartParameter top = ChartQuery.COMPLAINTS_TREND.parameter().orElseThrow();
        assertThat(top.sql(null)).isEqualTo("5");
        assertThat(top.sql(" 12 ")).isEqualTo("12");
        assertThatThrownBy(() -> top.sql("0")).isInstanceOf(UsageException.class).hasMessage(
                "top '0' must be a whole number from 1 to 50");
        assertThatThrownBy(() -> top.sql("5; DROP")).isInstanceOf(UsageException.class);
    }

    @Test
    void aServiceCodeIsLettersAndDigitsOnly() {
        ChartParameter service = ChartQuery.SERVICE_FEE.parameter().orElseThrow();
        assertThat(service.sql(null)).isEqualTo("TRUE");
        assertThat(service.sql("0801")).isEqualTo("s.service_code = '0801'");
        assertThatThrownBy(() -> service.sql("08' OR '1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("is not a service code");
    }
}
