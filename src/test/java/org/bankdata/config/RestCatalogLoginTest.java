package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A REST catalog's login from the environment: Iceberg's properties for each form, the checks, and no secret shown. */
class RestCatalogLoginTest {
    private static final String URI = "https://catalog.example/api/catalog";

    @Test
    void noVariableIsNoLoginAndNoProperty() {
        RestCatalogLogin none = RestCatalogLogin.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(none).isEqualTo(RestCatalogLogin.NONE);
        assertThat(none.properties(URI)).isEmpty();
        assertThat(none.describe()).isEqualTo("no login");
    }

    @Test
    void clientCredentialsGoToTheCatalogsOwnTokenEndpointUnlessAnotherIsNamed() {
        RestCatalogLogin login = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_CREDENTIAL", "lake:s3cr3t-value",
                "BANKDATA_CATALOG_SCOPE", "PRINCIPAL_ROLE:ALL", "BANKDATA_CATALOG_WAREHOUSE", "lakes"));
        assertThat(login.properties(URI)).containsExactlyInAnyOrderEntriesOf(Map.of("rest.auth.type", "oauth2",
                "credential", "lake:s3cr3t-value", "scope", "PRINCIPAL_ROLE:ALL", "warehouse", "lakes",
                "oauth2-server-uri", URI + "/v1/oauth/tokens"));
        assertThat(login.properties(URI + "/")).containsEntry("oauth2-server-uri", URI + "/v1/oauth/tokens");

        RestCatalogLogin elsewhere = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_TOKEN", "tok-value",
                "BANKDATA_CATALOG_OAUTH2_URI", "https://idp.example/oauth2/token"));
        assertThat(elsewhere.properties(URI)).containsExactlyInAnyOrderEntriesOf(Map.of("rest.auth.type", "oauth2",
                "token", "tok-value", "oauth2-server-uri", "https://idp.example/oauth2/token"));
    }

    @Test
    void signingTakesTheRegionOfTheAwsVariablesAndDelegatesToOAuth2WhenACredentialIsSet() {
        RestCatalogLogin glue = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SIGNING_NAME", "glue",
                "AWS_REGION", "sa-east-1"));
        assertThat(glue.properties(URI)).containsExactlyInAnyOrderEntriesOf(Map.of("rest.auth.type", "sigv4",
                "rest.sigv4-enabled", "true", "rest.auth.sigv4.delegate-auth-type", "none", "rest.signing-name", "glue",
                "rest.signing-region", "sa-east-1"));
        RestCatalogLogin both = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SIGNING_NAME", "s3tables",
                "BANKDATA_CATALOG_SIGNING_REGION", "us-east-2", "AWS_REGION", "sa-east-1", "BANKDATA_CATALOG_CREDENTIAL",
                "id:secret-value"));
        assertThat(both.properties(URI)).containsEntry("rest.auth.sigv4.delegate-auth-type", "oauth2")
                .containsEntry("rest.signing-region", "us-east-2").containsEntry("credential", "id:secret-value");
        assertThat(both.describe()).isEqualTo("OAuth2 client credentials (BANKDATA_CATALOG_CREDENTIAL) and SigV4 signing"
                + " for s3tables in us-east-2");
    }

    @Test
    void settingsThatCannotWorkAreRefusedSayingWhatToSet() {
        assertThatThrownBy(() -> RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SCOPE", "catalog")))
                .hasMessage("BANKDATA_CATALOG_SCOPE is set but neither BANKDATA_CATALOG_CREDENTIAL (client_id:client_secret)"
                        + " nor BANKDATA_CATALOG_TOKEN is: set one of them");
        assertThatThrownBy(() -> RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_TOKEN", "t",
                "BANKDATA_CATALOG_OAUTH2_URI", "idp.example/token"))).hasMessageStartingWith(
                        "BANKDATA_CATALOG_OAUTH2_URI is not an http(s) address");
        assertThatThrownBy(() -> RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SIGNING_NAME", "glue")))
                .hasMessage("BANKDATA_CATALOG_SIGNING_NAME is set but the region is not: set"
                        + " BANKDATA_CATALOG_SIGNING_REGION or AWS_REGION");
        assertThatThrownBy(() -> RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SIGNING_NAME", "Glue Catalog",
                "AWS_REGION", "eu-west-1"))).hasMessageStartingWith("BANKDATA_CATALOG_SIGNING_NAME Glue Catalog is not");
    }

    @Test
    void neitherTheDescriptionNorTheCatalogsTextShowsASecret() {
        RestCatalogLogin login = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_CREDENTIAL", "lake:s3cr3t-value"));
        CatalogUri catalog = CatalogUri.rest(URI, login).withNamespace("lake_one");
        assertThat(catalog.login()).isEqualTo(login);
        assertThat(login.toString()).isEqualTo("OAuth2 client credentials (BANKDATA_CATALOG_CREDENTIAL)");
        assertThat(catalog.toString()).isEqualTo(URI);
        assertThatThrownBy(() -> new CatalogUri("jdbc:sqlite:/tmp/c.db", null, null, "bankdata", login))
                .hasMessageContaining("not one");
    }
}
