package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.bankdata.query.QueryResult;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {
    private static final QueryResult BANKS = new QueryResult(List.of("name", "total"), List.of(
            Arrays.asList("Banco A", 5L),
            Arrays.asList("B", 12345L)));

    private static final QueryResult EMPTY = new QueryResult(List.of("institution_key", "name"), List.of());

    private static String printed(QueryResult result, OutputFormat format) {
        StringWriter text = new StringWriter();
        ResultPrinter.print(result, format, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void tableAlignsTextLeftAndNumbersRight() {
        assertThat(ResultPrinter.table(BANKS)).isEqualTo(""
                + "name     total\n"
                + "-------  -----\n"
                + "Banco A      5\n"
                + "B        12345\n"
                + "(2 rows)\n");
    }

    @Test
    void tableShowsNullAsEmptyAndBigDecimalsPlainly() {
        QueryResult result = new QueryResult(List.of("fee", "label"), List.of(
                Arrays.asList(new BigDecimal("1E+2"), "x"),
                Arrays.asList(null, "y"),
                Arrays.asList(new BigDecimal("0.50"), null)));

        assertThat(ResultPrinter.table(result)).isEqualTo(""
                + " fee  label\n"
                + "----  -----\n"
                + " 100  x\n"
                + "      y\n"
                + "0.50  \n"
                + "(3 rows)\n");
    }

    @Test
    void tableSaysOneRowInTheSingular() {
        QueryResult one = new QueryResult(List.of("n"), List.of(List.of(1L)));

        assertThat(ResultPrinter.table(one)).endsWith("(1 row)\n");
    }

    @Test
    void csvQuotesAValueWithACommaAndDoublesItsQuotes() {
        QueryResult result = new QueryResult(List.of("name", "total"), List.of(
                Arrays.asList("Banco \"X\", S.A.", 7L),
                Arrays.asList("Plain", 8L)));

        // RFC 4180: a field holding a comma or a quote is enclosed in quotes, and each inner quote doubled.
        assertThat(ResultPrinter.csv(result)).isEqualTo(""
                + "name,total\n"
                + "\"Banco \"\"X\"\", S.A.\",7\n"
                + "Plain,8\n");
    }

    @Test
    void csvWritesNullAsAnEmptyField() {
        QueryResult result = new QueryResult(List.of("a", "b", "c"), List.of(Arrays.asList(1L, null, "z")));

        assertThat(ResultPrinter.csv(result)).isEqualTo("a,b,c\n1,,z\n");
    }

    @Test
    void jsonParsesBackToTheSameValues() throws Exception {
        QueryResult result = new QueryResult(List.of("name", "total", "fee", "day", "missing"), List.of(
                Arrays.asList("Banco \"X\", S.A.", 12345L, new BigDecimal("2.50"), LocalDate.of(2021, 12, 31), null),
                Arrays.asList("Ação", 0L, BigDecimal.ZERO, LocalDate.of(2020, 2, 29), null)));

        JsonNode json = new ObjectMapper().readTree(printed(result, OutputFormat.json));

        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(2);
        JsonNode first = json.get(0);
        assertThat(first.get("name").asText()).isEqualTo("Banco \"X\", S.A.");
        assertThat(first.get("total").asLong()).isEqualTo(12345L);
        assertThat(first.get("fee").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(first.get("day").asText()).isEqualTo("2021-12-31");
        assertThat(first.get("missing").isNull()).isTrue();
        assertThat(json.get(1).get("name").asText()).isEqualTo("Ação");
        assertThat(json.get(1).get("day").asText()).isEqualTo("2020-02-29");
    }

    @Test
    void jsonWritesKeysAndIntegersBeyondTwoToThe53AsStrings() throws Exception {
        QueryResult result = new QueryResult(List.of("institution_key", "institution_name", "total_complaints"), List.of(
                Arrays.asList(7510374909018285005L, "Banco A", 138_458L),
                Arrays.asList(-42L, "B", 3L)));

        JsonNode json = new ObjectMapper().readTree(printed(result, OutputFormat.json));

        // as numbers, jq and JavaScript would read 7510374909018285000
        assertThat(json.get(0).get("institution_key").isTextual()).isTrue();
        assertThat(json.get(0).get("institution_key").asText()).isEqualTo("7510374909018285005");
        assertThat(json.get(1).get("institution_key").asText()).isEqualTo("-42");
        assertThat(json.get(0).get("total_complaints").isNumber()).isTrue();
        assertThat(json.get(0).get("total_complaints").asLong()).isEqualTo(138_458L);
        // CSV and tables write the digits as they are
        assertThat(ResultPrinter.csv(result)).contains("7510374909018285005,\"Banco A\",138458");
    }

    @Test
    void emptyResultInEveryFormat() throws Exception {
        assertThat(ResultPrinter.table(EMPTY)).isEqualTo(""
                + "institution_key  name\n"
                + "---------------  ----\n"
                + "(0 rows)\n");
        assertThat(ResultPrinter.csv(EMPTY)).isEqualTo("institution_key,name\n");
        JsonNode json = new ObjectMapper().readTree(printed(EMPTY, OutputFormat.json));
        assertThat(json.isArray()).isTrue();
        assertThat(json).isEmpty();
    }

    @Test
    void printWritesTheChosenFormat() {
        assertThat(printed(BANKS, OutputFormat.table)).isEqualTo(ResultPrinter.table(BANKS));
        QueryResult plain = new QueryResult(List.of("code", "n"), List.of(Arrays.asList("0201", 3L)));
        assertThat(printed(plain, OutputFormat.csv)).isEqualTo("code,n\n0201,3\n");
    }
}
