package org.bankdata.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@link BrazilianValues} on values worked out by hand. */
class BrazilianValuesTest {
    @Test
    void blankIsSpacesOnly() {
        assertThat(BrazilianValues.blankToNull(null)).isNull();
        assertThat(BrazilianValues.blankToNull("   ")).isNull();
        assertThat(BrazilianValues.blankToNull(" a b ")).isEqualTo("a b");
        assertThat(BrazilianValues.blankToNull("\t5")).isEqualTo("\t5");
        assertThat(BrazilianValues.hasNonWhitespace(" \t\r\f")).isFalse();
        assertThat(BrazilianValues.hasNonWhitespace(" \u00a0")).isTrue();
    }

    @Test
    void wholeCounts() {
        assertThat(BrazilianValues.brazilianInteger("1101269")).isEqualTo(1_101_269L);
        assertThat(BrazilianValues.brazilianInteger("1.101.269")).isEqualTo(1_101_269L);
        assertThat(BrazilianValues.brazilianInteger("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(BrazilianValues.brazilianInteger("9223372036854775808")).isNull();
        assertThat(BrazilianValues.brazilianInteger("5\r")).isEqualTo(5L);
        assertThat(BrazilianValues.isBrazilianInteger("5\u0085")).isTrue();
        assertThat(BrazilianValues.brazilianInteger("5\u0085")).isNull();
        for (String notACount : new String[] {"1.10", "1101.269", ".5", "1.", "1..234", "-5", "1,0", "", "١"}) {
            assertThat(BrazilianValues.isBrazilianInteger(notACount)).as(notACount).isFalse();
        }
    }

    @Test
    void decimals() {
        assertThat(BrazilianValues.brazilianDecimal12x2("67,19")).isEqualTo(new BigDecimal("67.19"));
        assertThat(BrazilianValues.brazilianDecimal12x2("5")).isEqualTo(new BigDecimal("5.00"));
        assertThat(BrazilianValues.brazilianDecimal12x2("-1.000,125")).isEqualTo(new BigDecimal("-1000.13"));
        assertThat(BrazilianValues.brazilianDecimal12x2("12.345.678.901,00")).isNull();
        assertThat(BrazilianValues.isBrazilianDecimal("12.345.678.901,00")).isTrue();
        for (String notANumber : new String[] {"1,2,3", ",5", "1,", "--1", "1.23", "abc", "1 ,0"}) {
            assertThat(BrazilianValues.isBrazilianDecimal(notANumber)).as(notANumber).isFalse();
        }
    }

    @Test
    void cnpjRoots() {
        assertThat(BrazilianValues.cnpj8("3532415")).isEqualTo("03532415");
        assertThat(BrazilianValues.cnpj8(" 0 ")).isEqualTo("00000000");
        assertThat(BrazilianValues.cnpj8(" ")).isNull();
        assertThat(BrazilianValues.cnpj8("123456789")).isNull();
        assertThat(BrazilianValues.isInvalidCnpj(" ")).isFalse();
        assertThat(BrazilianValues.isInvalidCnpj("12a")).isTrue();
    }
}
