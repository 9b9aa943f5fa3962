package org.bankdata.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawBcbFiles.RankingLine;
import org.bankdata.bcb.banks.ConglomerateAliases;
import org.bankdata.star.ConglomerateConformance.BankListEntry;
import org.bankdata.star.ConglomerateConformance.Conformed;
import org.bankdata.star.ConglomerateConformance.Ranked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance on the bundled files, read with plain Java (no Spark). */
class ConglomerateConformanceTest {
    private static Map<String, Conformed> byName;

    @BeforeAll
    static void conform() {
        Map<String, List<RankingLine>> lines = RawBcbFiles.allRankingLines().stream().filter(l -> l.cnpj8() == null)
                .collect(Collectors.groupingBy(RankingLine::name, TreeMap::new, Collectors.toList()));
        List<Ranked> ranked = new ArrayList<>();
        lines.forEach((name, ls) -> ranked.add(new Ranked(name, ls.size(),
                ls.stream().mapToInt(RankingLine::periodKey).min().orElseThrow(),
                ls.stream().mapToInt(RankingLine::periodKey).max().orElseThrow())));
        List<BankListEntry> bankList = RawBcbFiles.bankLines().stream()
                .map(b -> new BankListEntry(b.segment(), b.cnpj8(), b.name())).toList();
        List<Conformed> conformed = ConglomerateConformance.conform(ranked, bankList,
                ConglomerateAliases.read(BundledData.HOME.bundledConglomerateAliases()), "conglomerate-aliases.csv");
        byName = conformed.stream().collect(Collectors.toMap(c -> c.ranked().name(), Function.identity()));
    }

    @Test
    void matchRateOnTheBundledData() {
        // Computed with a separate script over the raw files (accents, case and punctuation stripped, U+FFFD as a
        // wildcard): 46 of the 87 ranking conglomerates have a "- PRUDENCIAL" row of the same name; the 11 rows of the
        // alias file match 10 more (ITAU's row only names its main bank). 56 of 87 = 64.4%.
        assertThat(byName).hasSize(87);
        assertThat(byName.values().stream().filter(c -> ConglomerateConformance.BY_NAME.equals(c.matchedBy()))).hasSize(46);
        assertThat(byName.values().stream().filter(c -> ConglomerateConformance.BY_ALIAS.equals(c.matchedBy()))).hasSize(10);
        assertThat(byName.values().stream().filter(c -> !c.matched()).map(c -> c.ranked().name().replace(" (conglomerado)", "")))
                .containsExactlyInAnyOrder("AGIBANK", "BARIGUI", "BBC", "BMW", "BNQI - FINANCEIRO", "BOCOM", "C6 BANK", "COBUCCIO",
                        "COLOMBO", "CRED-SYSTEM", "CREFISA", "FINAXIS", "GAZIN", "GERENCIANET", "GRUPO ZEMA", "HERVAL - HS",
                        "LECCA", "MASTER", "MERCADO CRÉDITO", "NUBANK", "OMNI", "PAGBANK-PAGSEGURO", "PAN", "PARANÁ BANCO",
                        "PORTO SEGURO", "SIMPALA", "SINOSSERRA", "SOROCRED", "STONE", "VOITER", "XP");
        assertThat(byName.values().stream().filter(c -> !c.matched()))
                .allSatisfy(c -> assertThat(c.unmatchedReason()).contains("- PRUDENCIAL"));
    }

    @Test
    void theLargestGetTheirSegments() {
        Map<String, String> segments = Map.of("CAIXA ECONÔMICA FEDERAL", "S1", "BB", "S1", "BRADESCO", "S1", "ITAU", "S1",
                "SANTANDER", "S1", "BTG PACTUAL", "S1", "SAFRA", "S2", "BANRISUL", "S2");
        segments.forEach((name, segment) -> assertThat(byName.get(name + " (conglomerado)").segment()).as(name).isEqualTo(segment));
        assertThat(byName.get("BB (conglomerado)").matchedBy()).isEqualTo("alias");
        assertThat(byName.get("CAIXA ECONÔMICA FEDERAL (conglomerado)").bankListName())
                .isEqualTo("CAIXA ECONOMICA FEDERAL - PRUDENCIAL");
    }

    @Test
    void itausFeeScheduleIsTheRetailBanksNotTheHoldings() {
        Conformed itau = byName.get("ITAU (conglomerado)");
        assertThat(itau.leaderCnpj8()).isEqualTo("60872504");
        assertThat(itau.feeCnpj8()).isEqualTo("60701190");
        assertThat(itau.feeSource()).contains("HOLDING");
        assertThat(byName.get("BRADESCO (conglomerado)").feeCnpj8()).isEqualTo("60746948");
    }

    @Test
    void renamedConglomeratesShareTheirPrudentialConglomerate() {
        assertThat(byName.get("BANCO SICOOB (conglomerado)").leaderCnpj8()).isEqualTo(byName.get("BANCOOB (conglomerado)").leaderCnpj8())
                .isEqualTo("02038232");
        assertThat(byName.get("GENIAL (conglomerado)").leaderCnpj8()).isEqualTo("45246410");
    }

    @Test
    void aDamagedBankListNameMatchesAndIsRepairedFromTheRankingsSpelling() {
        Conformed maxima = byName.get("MÁXIMA (conglomerado)");
        assertThat(maxima.matchedBy()).isEqualTo("name");
        assertThat(maxima.bankListNameOriginal()).isEqualTo("M\uFFFDXIMA - PRUDENCIAL");
        assertThat(maxima.bankListName()).isEqualTo("MÁXIMA - PRUDENCIAL");
        assertThat(maxima.segment()).isEqualTo("S4");
    }

    @Test
    void aBankNameIsRepairedOnlyFromAnExactSpelling() {
        List<BankListEntry> rows = List.of(new BankListEntry("S4", "00517645", "BANCO RIBEIR\uFFFDO PRETO S.A."));
        assertThat(ConglomerateConformance.bankName(rows, List.of("BANCO RIBEIRÃO PRETO S.A.")).orElseThrow())
                .containsExactly("BANCO RIBEIRÃO PRETO S.A.", "BANCO RIBEIR\uFFFDO PRETO S.A.");
        assertThat(ConglomerateConformance.bankName(rows, List.of("BANCO RIBEIRAO PRETO SA")).orElseThrow()[0])
                .isEqualTo("BANCO RIBEIR\uFFFDO PRETO S.A.");
        // real rows: 07679404's only bank-list row is its prudential conglomerate's, spelled "BANCO TOPÁZIO S.A." in the
        // ranking; 00517645's is "BANCO RIBEIR\uFFFDO PRETO - PRUDENCIAL", which the ranking's "BANCO RIBEIRAO PRETO S.A."
        // does not spell (no accent, and "S.A."): it stays broken
        assertThat(ConglomerateConformance.bankName(List.of(new BankListEntry("S4", "07679404", "BANCO TOP\uFFFDZIO S.A. - PRUDENCIAL")),
                List.of("BANCO TOPÁZIO S.A.")).orElseThrow()[0]).isEqualTo("BANCO TOPÁZIO S.A. - PRUDENCIAL");
        assertThat(ConglomerateConformance.bankName(List.of(new BankListEntry("S4", "00517645", "BANCO RIBEIR\uFFFDO PRETO - PRUDENCIAL")),
                List.of("BANCO RIBEIRAO PRETO S.A.")).orElseThrow()[0]).isEqualTo("BANCO RIBEIR\uFFFDO PRETO - PRUDENCIAL");
    }
}
