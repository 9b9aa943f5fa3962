package org.bankdata.bcb.banks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;

class ConglomerateAliasesTest {
    private static final String HEADER = "conglomerate,bank_list_name,fee_cnpj8,source\n";

    private static List<ConglomerateAlias> parse(String text) {
        return ConglomerateAliases.parse("aliases.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheBundledFile() {
        List<ConglomerateAlias> aliases = ConglomerateAliases.read(BundledData.HOME.bundledConglomerateAliases());
        assertThat(aliases).hasSize(11);
        ConglomerateAlias itau = aliases.stream().filter(a -> a.conglomerate().equals("ITAU")).findFirst().orElseThrow();
        assertThat(itau.bankListName()).isNull();
        assertThat(itau.feeCnpj8()).isEqualTo("60701190");
        assertThat(aliases.get(0).line()).isEqualTo(2);
        assertThat(aliases).allSatisfy(a -> assertThat(a.source()).isNotBlank());
    }

    @Test
    void aRowWithACommaInQuotesIsOneField() {
        List<ConglomerateAlias> aliases = parse(HEADER + "X,Y,123,\"a, b\"\nZ,,1,c\n");
        assertThat(aliases).extracting(ConglomerateAlias::source).containsExactly("a, b", "c");
        assertThat(aliases.get(0).feeCnpj8()).isEqualTo("00000123");
        assertThat(aliases).extracting(ConglomerateAlias::line).containsExactly(2L, 3L);
    }

    @Test
    void aBadRowNamesFileAndLine() {
        assertThatThrownBy(() -> parse(HEADER + "X,Y,,ok\nZ,W,12A,src\n")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("aliases.csv:3: fee_cnpj8 '12A' is not a CNPJ root");
        assertThatThrownBy(() -> parse(HEADER + "X,Y,,ok\nX,W,,again\n")).hasMessageStartingWith("aliases.csv:3: conglomerate 'X'");
        assertThatThrownBy(() -> parse(HEADER + "X,,,src\n")).hasMessageStartingWith("aliases.csv:2: the row for 'X' gives neither");
        assertThatThrownBy(() -> parse(HEADER + "X,Y\n")).hasMessageStartingWith("aliases.csv:2: expected 4 comma-separated fields");
        assertThatThrownBy(() -> parse("name,alias\n")).hasMessageStartingWith("aliases.csv:1: the header is");
    }
}
