package org.bankdata.bcb.banks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BankListLine} on lines written by hand, with the values and reasons worked out by hand. */
class BankListLineTest {
    @Test
    void aRowIsTypedWithItsNameAsWritten() {
        assertThat(BankListLine.parse("s2\t4902979\t BANCO BOM S.A. ")).isEqualTo(new BankListLine("S2", "04902979", " BANCO BOM S.A. ", ""));
        assertThat(BankListLine.parse(" S1 \t0\tBANCO DO BRASIL S/A")).isEqualTo(new BankListLine("S1", "00000000", "BANCO DO BRASIL S/A", ""));
        assertThat(BankListLine.parse("S5\t12345678\tN\uFFFDO")).isEqualTo(new BankListLine("S5", "12345678", "N\uFFFDO", ""));
    }

    @Test
    void aRowWithoutThreeFieldsIsRejectedForThatAlone() {
        assertThat(BankListLine.parse("S1\t123").reason()).isEqualTo("expected 3 tab-separated fields, found 2");
        assertThat(BankListLine.parse("S9\t1\tA\tB").reason()).isEqualTo("expected 3 tab-separated fields, found 4");
        assertThat(BankListLine.parse("S1;123;NOME").reason()).isEqualTo("expected 3 tab-separated fields, found 1");
    }

    @Test
    void everyProblemOfARowIsGiven() {
        BankListLine line = BankListLine.parse("S9\tabc\t ");
        assertThat(line.isValid()).isFalse();
        assertThat(line.reason()).isEqualTo("Segmento 'S9' is not S1..S5; CNPJ 'abc' is not a CNPJ root of up to 8 digits; Nome is empty");
        assertThat(line.segment()).isNull();
        assertThat(BankListLine.parse(" \t123456789\tX").reason())
                .isEqualTo("Segmento ' ' is not S1..S5; CNPJ '123456789' is not a CNPJ root of up to 8 digits");
        assertThat(BankListLine.parse("S1\t \tX").reason()).isEqualTo("CNPJ ' ' is not a CNPJ root of up to 8 digits");
        assertThat(BankListLine.parse("S10\t1\tX").reason()).isEqualTo("Segmento 'S10' is not S1..S5");
    }
}
