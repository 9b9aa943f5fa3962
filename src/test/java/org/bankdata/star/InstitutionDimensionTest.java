package org.bankdata.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawBcbFiles.BankLine;
import org.bankdata.RawBcbFiles.RankingLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InstitutionDimensionTest {
    private static List<Row> rows;
    private static List<RankingLine> raw;
    /** Segment of each CNPJ root of the bank list, read with plain Java. */
    private static Map<String, String> rawSegments;

    @BeforeAll
    static void build() {
        rows = InstitutionDimension.build(CuratedInputs.complaints(), CuratedInputs.bankList(), CuratedInputs.conformed()).collectAsList();
        raw = RawBcbFiles.allRankingLines();
        rawSegments = new HashMap<>();
        for (BankLine line : RawBcbFiles.bankLines()) {
            String previous = rawSegments.put(line.cnpj8(), line.segment());
            assertThat(previous).as("bank list gives %s one segment", line.cnpj8()).isIn(null, line.segment());
        }
    }

    private static List<Row> banks() {
        return rows.stream().filter(r -> "bank".equals(r.getAs("institution_type"))).toList();
    }

    private static List<Row> conglomerates() {
        return rows.stream().filter(r -> "conglomerate".equals(r.getAs("institution_type"))).toList();
    }

    @Test
    void oneRowPerInstitution() {
        Set<String> rawCnpjs = raw.stream().map(RankingLine::cnpj8).filter(c -> c != null).collect(Collectors.toSet());
        Set<String> rawConglomerates = raw.stream().filter(l -> l.cnpj8() == null).map(RankingLine::name).collect(Collectors.toSet());
        assertThat(rawCnpjs).hasSize(90);
        assertThat(rawConglomerates).hasSize(87);

        assertThat(rows).hasSize(177);
        assertThat(banks()).extracting(r -> r.<String>getAs("cnpj8")).containsExactlyInAnyOrderElementsOf(rawCnpjs);
        assertThat(conglomerates()).extracting(r -> r.<String>getAs("name")).containsExactlyInAnyOrderElementsOf(rawConglomerates);
        assertThat(conglomerates()).allSatisfy(r -> assertThat(r.<String>getAs("cnpj8")).isNull());
        assertThat(rows.stream().map(r -> r.<Long>getAs("institution_key")).collect(Collectors.toSet())).hasSize(177);
    }

    @Test
    void nameIsTheOneOfTheLatestQuarter() {
        Map<String, RankingLine> latest = raw.stream().filter(l -> l.cnpj8() != null)
                .collect(Collectors.toMap(RankingLine::cnpj8, Function.identity(),
                        (a, b) -> a.periodKey() >= b.periodKey() ? a : b));
        Map<String, String> names = banks().stream().collect(Collectors.toMap(r -> r.getAs("cnpj8"), r -> r.getAs("name")));
        latest.forEach((cnpj8, line) -> assertThat(names.get(cnpj8)).as(cnpj8).isEqualTo(line.name()));

        // 92874270 was renamed: A.J. Renner in 2020Q1 only, Digimais from 2020Q2 to 2021Q4.
        Map<Integer, String> renner = raw.stream().filter(l -> "92874270".equals(l.cnpj8()))
                .collect(Collectors.toMap(RankingLine::periodKey, RankingLine::name));
        assertThat(renner).containsEntry(20201, "BANCO A.J. RENNER S.A.").containsEntry(20214, "BANCO DIGIMAIS S.A.");
        assertThat(renner.keySet().stream().max(Comparator.naturalOrder())).contains(20214);
        assertThat(names.get("92874270")).isEqualTo("BANCO DIGIMAIS S.A.");
    }

    @Test
    void segmentComesFromTheBankListByCnpj() {
        for (Row bank : banks()) {
            assertThat(bank.<String>getAs("segment")).as(bank.<String>getAs("cnpj8"))
                    .isEqualTo(rawSegments.get(bank.<String>getAs("cnpj8")));
        }
        assertThat(banks().stream().filter(r -> r.getAs("segment") != null).count())
                .isEqualTo(banks().stream().filter(r -> rawSegments.containsKey(r.<String>getAs("cnpj8"))).count())
                .isPositive();
        assertThat(banks().stream().filter(r -> "92874270".equals(r.getAs("cnpj8"))).findFirst().orElseThrow()
                .<String>getAs("segment")).isEqualTo("S4");
        // a conglomerate's segment is its prudential conglomerate's (ConglomerateConformanceTest); before conformance none had one
        assertThat(conglomerates()).allSatisfy(r -> assertThat(r.<String>getAs("segment"))
                .isEqualTo(r.<String>getAs("leader_cnpj8") == null ? null : rawSegments.get(r.<String>getAs("leader_cnpj8"))));
    }

    @Test
    void theLargestConglomeratesHaveTheirSegmentLeaderAndMainBank() {
        Map<String, Row> byName = conglomerates().stream().collect(Collectors.toMap(r -> r.getAs("name"), Function.identity()));
        // segments and leaders read off the bank list's "- PRUDENCIAL" rows by hand
        Map<String, List<String>> expected = Map.of(
                "CAIXA ECONÔMICA FEDERAL (conglomerado)", List.of("S1", "00360305", "00360305"),
                "BB (conglomerado)", List.of("S1", "00000000", "00000000"),
                "BRADESCO (conglomerado)", List.of("S1", "60746948", "60746948"),
                "ITAU (conglomerado)", List.of("S1", "60872504", "60701190"),
                "SANTANDER (conglomerado)", List.of("S1", "90400888", "90400888"),
                "BTG PACTUAL (conglomerado)", List.of("S1", "30306294", "30306294"),
                "SAFRA (conglomerado)", List.of("S2", "58160789", "58160789"),
                "BANRISUL (conglomerado)", List.of("S2", "92702067", "92702067"));
        expected.forEach((name, values) -> {
            Row row = byName.get(name);
            assertThat(row).as(name).isNotNull();
            assertThat(List.of(row.<String>getAs("segment"), row.<String>getAs("leader_cnpj8"), row.<String>getAs("fee_cnpj8")))
                    .as(name).isEqualTo(values);
        });
        assertThat(banks()).allSatisfy(r -> assertThat(r.<String>getAs("fee_cnpj8")).isEqualTo(r.<String>getAs("cnpj8")));
        assertThat(banks()).allSatisfy(r -> assertThat(r.<String>getAs("leader_cnpj8")).isNull());
    }

    @Test
    void nameHistoryKeepsEveryQuarterUnderOneKey() {
        List<Row> history = InstitutionDimension.names(CuratedInputs.complaints()).collectAsList();
        assertThat(history).hasSize(raw.size());
        Row digimais = banks().stream().filter(r -> "92874270".equals(r.getAs("cnpj8"))).findFirst().orElseThrow();
        Map<Integer, String> names = history.stream().filter(r -> r.<Long>getAs("institution_key").equals(digimais.getAs("institution_key")))
                .collect(Collectors.toMap(r -> r.<Integer>getAs("period_key"), r -> r.<String>getAs("name")));
        Map<Integer, String> rawNames = raw.stream().filter(l -> "92874270".equals(l.cnpj8()))
                .collect(Collectors.toMap(RankingLine::periodKey, RankingLine::name));
        assertThat(names).isEqualTo(rawNames).containsEntry(20201, "BANCO A.J. RENNER S.A.").containsEntry(20202, "BANCO DIGIMAIS S.A.");
        // the bank list still has the old name, undamaged: nothing to repair
        assertThat(digimais.<String>getAs("bank_list_name")).isEqualTo("BANCO A.J. RENNER S.A. - PRUDENCIAL")
                .isEqualTo(digimais.<String>getAs("bank_list_name_original"));
    }

    @Test
    void bankListNamesAreRepairedOnlyWhereTheRankingSpellsThemExactly() {
        Map<String, Row> byName = conglomerates().stream().collect(Collectors.toMap(r -> r.getAs("name"), Function.identity()));
        Row maxima = byName.get("MÁXIMA (conglomerado)");
        assertThat(maxima.<String>getAs("bank_list_name_original")).isEqualTo("M\uFFFDXIMA - PRUDENCIAL");
        assertThat(maxima.<String>getAs("bank_list_name")).isEqualTo("MÁXIMA - PRUDENCIAL");
        Map<String, Row> byCnpj = banks().stream().collect(Collectors.toMap(r -> r.getAs("cnpj8"), Function.identity()));
        assertThat(byCnpj.get("07679404").<String>getAs("bank_list_name")).isEqualTo("BANCO TOPÁZIO S.A. - PRUDENCIAL");
        assertThat(byCnpj.get("00517645").<String>getAs("bank_list_name")).isEqualTo("BANCO RIBEIR\uFFFDO PRETO - PRUDENCIAL");
        // a name the ranking does not spell the same way stays as it is
        for (Row r : rows) {
            String original = r.getAs("bank_list_name_original");
            String repaired = r.getAs("bank_list_name");
            if (original != null && !original.equals(repaired)) {
                assertThat(original).contains("\uFFFD");
                assertThat(repaired).doesNotContain("\uFFFD").hasSameSizeAs(original);
            }
        }
    }

    @Test
    void bancoDoBrasilCnpjZeroGetsItsSegment() {
        // Banco do Brasil is "0" in the bank list; the bundled ranking lists it only as a conglomerate.
        assertThat(rawSegments).containsEntry("00000000", "S1");
        List<Row> dim = InstitutionDimension.build(CuratedInputs.complaints(
                        CuratedInputs.complaint(20211, "C", "00000000", "BANCO DO BRASIL S.A.", 10, "f.csv", 2),
                        CuratedInputs.complaint(20211, "C", "99999998", "BANCO FORA DA LISTA S.A.", 10, "f.csv", 3)),
                CuratedInputs.bankList(), CuratedInputs.conformed()).collectAsList();
        Map<String, Row> byCnpj = dim.stream().collect(Collectors.toMap(r -> r.getAs("cnpj8"), Function.identity()));
        assertThat(byCnpj.get("00000000").<String>getAs("segment")).isEqualTo("S1");
        assertThat(byCnpj.get("00000000").<String>getAs("institution_type")).isEqualTo("bank");
        assertThat(byCnpj.get("99999998").<String>getAs("segment")).isNull();
    }

    @Test
    void conglomerateSpelledDifferentlyOverTimeIsOneRowWithTheLatestName() {
        List<Row> dim = InstitutionDimension.build(CuratedInputs.complaints(
                        CuratedInputs.complaint(20213, "C", null, "banco  exemplo (Conglomerado)", 3, "c.csv", 9),
                        CuratedInputs.complaint(20211, "C", null, "BANCO EXEMPLO (conglomerado)", 1, "a.csv", 2),
                        CuratedInputs.complaint(20212, "C", null, "Banco Exemplo", 2, "b.csv", 5),
                        CuratedInputs.complaint(20212, "C", "12345678", "NOVO NOME S.A.", 2, "b.csv", 6),
                        CuratedInputs.complaint(20211, "C", "12345678", "NOME ANTIGO S.A.", 2, "a.csv", 3)),
                CuratedInputs.bankList(), CuratedInputs.conformed()).collectAsList();
        assertThat(dim).hasSize(2);
        Map<String, String> names = dim.stream().collect(Collectors.toMap(r -> r.getAs("institution_type"), r -> r.getAs("name")));
        assertThat(names).containsEntry("conglomerate", "banco  exemplo (Conglomerado)").containsEntry("bank", "NOVO NOME S.A.");
    }
}
