package org.bankdata.bcb.fees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.bankdata.config.PersonType;

class OlindaFeesApiTest {
    private static final String BASE =
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata";

    @Test
    void liveBaseIsTheOlindaFeesService() {
        assertThat(OlindaFeesApi.LIVE_BASE).isEqualTo(BASE);
    }

    @Test
    void pageUrlHasTheExactOlindaFormat() {
        URI uri = new OlindaFeesApi(URI.create(BASE)).pageUri(PersonType.J, "00000000", 100, 0);

        assertThat(uri.toString()).isEqualTo(BASE
                + "/ListaTarifasPorInstituicaoFinanceira(PessoaFisicaOuJuridica=@PessoaFisicaOuJuridica,CNPJ=@CNPJ)"
                + "?@PessoaFisicaOuJuridica='J'&@CNPJ='00000000'&$format=json&$top=100&$skip=0");
    }

    @Test
    void personTypeTopAndSkipGoWhereTheyBelong() {
        URI uri = new OlindaFeesApi(URI.create(BASE)).pageUri(PersonType.F, "09526594", 25, 75);

        assertThat(uri.getRawQuery())
                .isEqualTo("@PessoaFisicaOuJuridica='F'&@CNPJ='09526594'&$format=json&$top=25&$skip=75");
    }

    @Test
    void trailingSlashesInTheBaseAreDropped() {
        String expected = new OlindaFeesApi(URI.create(BASE)).pageUri(PersonType.J, "00000000", 100, 0).toString();

        assertThat(new OlindaFeesApi(URI.create(BASE + "/")).pageUri(PersonType.J, "00000000", 100, 0))
                .hasToString(expected);
        assertThat(new OlindaFeesApi(URI.create(BASE + "//")).pageUri(PersonType.J, "00000000", 100, 0))
                .hasToString(expected);
        assertThat(expected).doesNotContain("odata//");
    }

    @Test
    void localBaseKeepsHostAndPort() {
        URI uri = new OlindaFeesApi(URI.create("http://127.0.0.1:8089/o/odata")).pageUri(PersonType.J, "12345678", 10, 20);

        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isEqualTo(8089);
        assertThat(uri.getPath()).isEqualTo("/o/odata/ListaTarifasPorInstituicaoFinanceira"
                + "(PessoaFisicaOuJuridica=@PessoaFisicaOuJuridica,CNPJ=@CNPJ)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9526594", "123456789", "", "1234567a", "12.345.678", "0952659 "})
    void cnpjRootThatIsNotEightDigitsIsRejected(String cnpj) {
        OlindaFeesApi api = new OlindaFeesApi(URI.create(BASE));

        assertThatThrownBy(() -> api.pageUri(PersonType.J, cnpj, 100, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 digits");
    }

    @Test
    void baseIsRequired() {
        assertThatThrownBy(() -> new OlindaFeesApi(null)).isInstanceOf(NullPointerException.class);
    }
}
