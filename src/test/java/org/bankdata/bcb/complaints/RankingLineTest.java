package org.bankdata.bcb.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link RankingLine} on lines written by hand, with the values and reasons worked out by hand. */
class RankingLineTest {
    private static final String FIELD_COUNT = "expected 14 fields (15 with a trailing ';'), found ";
    private static final String MAX = " is more than 1,000,000,000, the most a ranking count can be (docs/DATA.md, Bounds on counts)";

    @Test
    void aBankRowIsTyped() {
        RankingLine line = RankingLine.parse("2020;1º;Cat A;Banco/financeira;3532415;BANCO ÁGIL S.A.;1.234,56;1;2;3;6;1.100;500;600");
        assertThat(line.reason()).isEmpty();
        assertThat(line.isValid()).isTrue();
        assertThat(line.periodKey()).isEqualTo(20201);
        assertThat(line.year()).isEqualTo(2020);
        assertThat(line.quarter()).isEqualTo(1);
        assertThat(line.category()).isEqualTo("Cat A");
        assertThat(line.rankingType()).isEqualTo("Banco/financeira");
        assertThat(line.cnpj8()).isEqualTo("03532415");
        assertThat(line.institutionName()).isEqualTo("BANCO ÁGIL S.A.");
        assertThat(line.complaintIndex()).isEqualTo(new BigDecimal("1234.56"));
        assertThat(line.counts()).containsExactly(1L, 2L, 3L, 6L, 1_100L, 500L, 600L);
    }

    @Test
    void aConglomerateRowWithATrailingSeparatorHasNoCnpjAndNoIndex() {
        RankingLine line = RankingLine.parse("2021;4º;Cat B;Conglomerado; ; CAIXA (conglomerado) ; ;0;5;3;8;1.101.269;18.725;3.175;");
        assertThat(line.reason()).isEmpty();
        assertThat(line.periodKey()).isEqualTo(20214);
        assertThat(line.cnpj8()).isNull();
        assertThat(line.complaintIndex()).isNull();
        assertThat(line.institutionName()).isEqualTo("CAIXA (conglomerado)");
        assertThat(line.counts()).containsExactly(0L, 5L, 3L, 8L, 1_101_269L, 18_725L, 3_175L);
    }

    @Test
    void blankCountsAreAbsentButTheTotalIsRequired() {
        RankingLine line = RankingLine.parse("2020;2º;C;T;1;N;0,5; ; ;;8;;;");
        assertThat(line.reason()).isEmpty();
        assertThat(line.counts()).containsExactly(null, null, null, 8L, null, null, null);
        assertThat(RankingLine.parse("2020;2º;C;T;1;N;0,5;1;2;3; ;5;6;7").reason())
                .isEqualTo("Quantidade total de reclamações is empty");
    }

    @Test
    void quarterFormsAndYears() {
        assertThat(RankingLine.parse("2020;4ª;C;T;1;N;1;1;1;1;1;1;1;1").quarter()).isEqualTo(4);
        assertThat(RankingLine.parse("2020;2 °;C;T;1;N;1;1;1;1;1;1;1;1").quarter()).isEqualTo(2);
        assertThat(RankingLine.parse("2020; 3 ;C;T;1;N;1;1;1;1;1;1;1;1").quarter()).isEqualTo(3);
        assertThat(RankingLine.parse("2020;1ºº;C;T;1;N;1;1;1;1;1;1;1;1").reason()).isEqualTo("Trimestre '1ºº' is not 1º..4º");
        assertThat(RankingLine.parse("2020;0;C;T;1;N;1;1;1;1;1;1;1;1").reason()).isEqualTo("Trimestre '0' is not 1º..4º");
        assertThat(RankingLine.parse("202;1;C;T;1;N;1;1;1;1;1;1;1;1").reason()).isEqualTo("Ano '202' is not a year");
        assertThat(RankingLine.parse(" 2019 ;1;C;T;1;N;1;1;1;1;1;1;1;1").periodKey()).isEqualTo(20191);
    }

    @Test
    void fieldCounts() {
        assertThat(RankingLine.parse("2020;1º;Cat A;Banco/financeira;123;BANCO CURTO S.A.;1,0;1;2;3").reason())
                .isEqualTo(FIELD_COUNT + "10; Quantidade total de reclamações is empty");
        assertThat(RankingLine.parse("2020;1;C;T;1;N;1;1;1;1;1;1;1;1;x").reason()).isEqualTo(FIELD_COUNT + "15");
        assertThat(RankingLine.parse("2020;1;C;T;1;N;1;1;1;1;1;1;1;1; ").reason()).isEmpty();
        assertThat(RankingLine.parse("2020;1;C;T;1;N;1;1;1;1;1;1;1;1;;").reason()).isEqualTo(FIELD_COUNT + "16");
    }

    @Test
    void aQuotedFieldMayHoldTheSeparator() {
        RankingLine line = RankingLine.parse("2020;1;\"Cat; A\";T;1;N;1;1;1;1;1;1;1;1");
        assertThat(line.reason()).isEmpty();
        assertThat(line.category()).isEqualTo("Cat; A");
    }

    @Test
    void everyProblemOfARowIsGivenInColumnOrder() {
        assertThat(RankingLine.parse("20x0;5º; ;Tipo;12a; ;abc;1;2;3;6;10;5;6").reason()).isEqualTo(String.join("; ",
                "Ano '20x0' is not a year", "Trimestre '5º' is not 1º..4º", "Categoria is empty",
                "Instituição financeira is empty", "CNPJ IF '12a' is not a CNPJ root of up to 8 digits",
                "Índice 'abc' is not a number like 16.699,13"));
        assertThat(RankingLine.parse(";;C;T;123456789;N;1;1;1;1;1;1;1;1").reason()).isEqualTo(String.join("; ",
                "Ano '' is not a year", "Trimestre '' is not 1º..4º",
                "CNPJ IF '123456789' is not a CNPJ root of up to 8 digits"));
    }

    @Test
    void countsOutOfBoundsNegativeOrNotWhole() {
        assertThat(reasonWithCount(" 1.000.000.000 ")).isEmpty();
        assertThat(RankingLine.parse(withCount("1.000.000.000")).counts().get(3)).isEqualTo(1_000_000_000L);
        assertThat(reasonWithCount("1.000.000.001")).isEqualTo("Quantidade total de reclamações '1.000.000.001'" + MAX);
        assertThat(reasonWithCount("99999999999999999999")).isEqualTo("Quantidade total de reclamações '99999999999999999999'" + MAX);
        assertThat(reasonWithCount("-5.000")).isEqualTo("Quantidade total de reclamações '-5.000' is negative; a count cannot be negative");
        assertThat(reasonWithCount("- 7")).isEqualTo("Quantidade total de reclamações '- 7' is negative; a count cannot be negative");
        assertThat(reasonWithCount("1,5")).isEqualTo("Quantidade total de reclamações '1,5' is not a whole number");
        assertThat(reasonWithCount("1.00")).isEqualTo("Quantidade total de reclamações '1.00' is not a whole number");
        assertThat(reasonWithCount("1.0000")).isEqualTo("Quantidade total de reclamações '1.0000' is not a whole number");
        assertThat(reasonWithCount("+5")).isEqualTo("Quantidade total de reclamações '+5' is not a whole number");
    }

    @Test
    void indexRoundsHalfUpToCentsAndFitsTenDigits() {
        assertThat(indexOf("1,005")).isEqualTo(new BigDecimal("1.01"));
        assertThat(indexOf("1,004")).isEqualTo(new BigDecimal("1.00"));
        assertThat(indexOf("-0,5")).isEqualTo(new BigDecimal("-0.50"));
        assertThat(indexOf("16.699,13")).isEqualTo(new BigDecimal("16699.13"));
        assertThat(indexOf("9.999.999.999,99")).isEqualTo(new BigDecimal("9999999999.99"));
        assertThat(RankingLine.parse(withIndex("9999999999,995")).reason())
                .isEqualTo("Índice '9999999999,995' is too large (at most 10 digits before the comma)");
        assertThat(RankingLine.parse(withIndex("1.23")).reason()).isEqualTo("Índice '1.23' is not a number like 16.699,13");
        assertThat(RankingLine.parse(withIndex("1,")).reason()).isEqualTo("Índice '1,' is not a number like 16.699,13");
    }

    private static String withCount(String total) {
        return "2020;1;C;T;1;N;1;1;1;1;" + total + ";1;1;1";
    }

    private static String reasonWithCount(String total) {
        return RankingLine.parse(withCount(total)).reason();
    }

    private static String withIndex(String index) {
        String[] fields = "2020;1;C;T;1;N;1;1;1;1;1;1;1;1".split(";");
        fields[6] = index;
        return String.join(";", Arrays.asList(fields));
    }

    private static BigDecimal indexOf(String index) {
        RankingLine line = RankingLine.parse(withIndex(index));
        assertThat(line.reason()).isEmpty();
        return line.complaintIndex();
    }
}
