package org.bankdata.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.bankdata.RawBcbFiles;
import org.bankdata.TestSpark;
import org.bankdata.bcb.fees.FeePagesParser;
import org.junit.jupiter.api.Test;

class ServiceDimensionTest {
    @Test
    void oneRowPerServiceCodeOfTheBundledFees() {
        Map<String, Set<String>> rawNames = RawBcbFiles.feeResponseFiles().stream().flatMap(f -> RawBcbFiles.feeRecords(f).stream())
                .collect(Collectors.groupingBy(n -> n.get("CodigoServico").asText(),
                        Collectors.mapping(n -> n.get("Servico").asText(), Collectors.toSet())));
        assertThat(rawNames).hasSize(82);

        List<Row> rows = ServiceDimension.build(CuratedInputs.fees()).collectAsList();
        assertThat(rows).hasSize(82);
        assertThat(rows).extracting(r -> r.<String>getAs("service_code")).containsExactlyInAnyOrderElementsOf(rawNames.keySet());
        assertThat(rows.stream().map(r -> r.<Long>getAs("service_key")).collect(Collectors.toSet())).hasSize(82);
        // Every code has one name in the bundled data; that name is kept.
        assertThat(rows).allSatisfy(r -> assertThat(rawNames.get(r.<String>getAs("service_code"))).containsExactly(r.<String>getAs("service_name")));
    }

    @Test
    void nameOfTheMostRecentScheduleWinsThenTheGreatestName() {
        List<Row> fees = List.of(
                fee("0101", "Cadastro (antigo)", "2014-10-22"),
                fee("0101", "Confecção de cadastro", "2019-05-01"),
                fee("0101", "Cadastro de 2008", "2008-04-10"),
                fee("0202", "Beta", "2020-01-01"),
                fee("0202", "Alfa", "2020-01-01"));
        Map<String, String> names = ServiceDimension.build(TestSpark.session().createDataFrame(fees, FeePagesParser.CURATED_SCHEMA))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("service_code"), r -> r.getAs("service_name")));
        assertThat(names).containsOnly(Map.entry("0101", "Confecção de cadastro"), Map.entry("0202", "Beta"));
    }

    private static Row fee(String code, String name, String validFrom) {
        return RowFactory.create("J", "12345678", code, name, "por evento", Date.valueOf(validFrom), new BigDecimal("1.00"), "Real",
                null, "test", new Timestamp(0), "http://127.0.0.1/", "J_12345678_skip-000000.json", 0L);
    }
}
