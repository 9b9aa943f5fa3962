package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.rest.RESTCatalog;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.RestCatalogLogin;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SigV4 signing of a REST catalog's requests, as Glue's Iceberg endpoint and S3 Tables take them, against a catalog
 * endpoint on 127.0.0.1 that answers its configuration only to a request signed with AWS4-HMAC-SHA256 and refuses
 * others with 403: the signing settings {@link RestCatalogLogin} makes reach Iceberg's signer (the AWS SDK v2 classes
 * are on the class path), the credential scope names the key, day, region and service, and an unsigned request is
 * refused in one line. It does not check the signature's value: only AWS can.
 */
class RestCatalogSigningTest {
    @TempDir
    Path work;

    private HttpServer endpoint;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(authorization));
                boolean signed = authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 ");
                byte[] body = (signed ? "{\"defaults\":{},\"overrides\":{}}"
                        : "{\"error\":{\"message\":\"Missing Authentication Token\",\"type\":\"ForbiddenException\","
                                + "\"code\":403}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(signed ? 200 : 403, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private String uri() {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/iceberg";
    }

    @Test
    void requestsAreSignedForTheServiceAndRegionOfTheEnvironment() throws Exception {
        RestCatalogLogin login = RestCatalogLogin.fromEnvironment(Map.of("BANKDATA_CATALOG_SIGNING_NAME", "glue",
                "AWS_REGION", "eu-west-1", "BANKDATA_CATALOG_WAREHOUSE", "123456789012"));
        CatalogUri catalog = CatalogUri.rest(uri(), login);
        Map<String, String> properties = new java.util.HashMap<>(LakeCatalog.properties(catalog,
                LakeLocation.parse(work.resolve("lake").toString()), false));
        assertThat(properties).containsEntry("rest.auth.type", "sigv4").containsEntry("rest.signing-name", "glue")
                .containsEntry("rest.signing-region", "eu-west-1").containsEntry("warehouse", "123456789012")
                .containsEntry("rest.auth.sigv4.delegate-auth-type", "none");
        // the process's AWS credentials come from the standard chain (AWS_ACCESS_KEY_ID, a profile, a role); a test
        // JVM's environment cannot be set, so these two name the key the same chain would have found
        properties.put("rest.access-key-id", "AKIDEXAMPLE");
        properties.put("rest.secret-access-key", "wJalrXUtnFEMI-example-secret");
        try (RESTCatalog rest = RestCatalogConnection.open(catalog, new Configuration(), properties)) {
            assertThat(rest.name()).isEqualTo("bankdata");
        }
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).matches(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/glue/aws4_request, SignedHeaders=[a-z0-9;-]+,"
                        + " Signature=[0-9a-f]{64}").doesNotContain("wJalrXUtnFEMI"));
    }

    @Test
    void anUnsignedRequestIsRefusedInOneLineSayingWhatToSet() {
        CatalogUri catalog = CatalogUri.rest(uri(), RestCatalogLogin.NONE);
        Map<String, String> properties = LakeCatalog.properties(catalog, LakeLocation.parse(work.resolve("lake").toString()),
                false);
        assertThatThrownBy(() -> RestCatalogConnection.open(catalog, new Configuration(), properties))
                .isInstanceOf(UsageException.class)
                .hasMessage("the REST catalog " + uri() + " refused access (HTTP 403: Missing Authentication Token) with no"
                        + " login: set BANKDATA_CATALOG_CREDENTIAL (client_id:client_secret) or BANKDATA_CATALOG_TOKEN (a"
                        + " bearer token) in the environment, or BANKDATA_CATALOG_SIGNING_NAME for a catalog that takes AWS"
                        + " SigV4");
    }
}
