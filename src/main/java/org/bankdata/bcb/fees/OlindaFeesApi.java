package org.bankdata.bcb.fees;

import java.net.URI;
import java.util.Objects;
import org.bankdata.config.PersonType;

/**
 * Addresses of the BCB Olinda service that lists the maximum fee each institution charges per service.
 * The service is an OData function taking the person type and the 8-digit CNPJ root; it pages with
 * {@code $top}/{@code $skip} and sends no next link.
 */
public record OlindaFeesApi(URI base) {
    public static final String LIVE_BASE =
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata";
    public static final String FUNCTION =
            "ListaTarifasPorInstituicaoFinanceira(PessoaFisicaOuJuridica=@PessoaFisicaOuJuridica,CNPJ=@CNPJ)";

    public OlindaFeesApi {
        Objects.requireNonNull(base, "base");
    }

    /** The URL of one page: {@code $top} records from {@code $skip}, as JSON. */
    public URI pageUri(PersonType personType, String cnpj8, int top, int skip) {
        if (!cnpj8.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("CNPJ root must be 8 digits: " + cnpj8);
        }
        String root = base.toString().replaceAll("/+$", "");
        return URI.create(root + "/" + FUNCTION
                + "?@PessoaFisicaOuJuridica='" + personType + "'"
                + "&@CNPJ='" + cnpj8 + "'"
                + "&$format=json&$top=" + top + "&$skip=" + skip);
    }
}
