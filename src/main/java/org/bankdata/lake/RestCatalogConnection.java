package org.bankdata.lake;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.RestCatalogLogin;
import org.bankdata.errors.UsageException;

/**
 * Opens an Iceberg REST catalog with Iceberg's own client ({@link RESTCatalog}), which logs in as the catalog's
 * properties say (OAuth2 client credentials or a bearer token, SigV4 signing; {@link RestCatalogLogin}) and keeps an
 * OAuth2 token fresh itself (a new one is asked for before the current one expires). A catalog that refuses the login
 * (HTTP 401, or 403 on its configuration) is a usage error in one line naming the catalog and the variables to set:
 * the catalog answers, the login is what is wrong.
 */
final class RestCatalogConnection {
    private RestCatalogConnection() {
    }

    static RESTCatalog open(CatalogUri uri, Configuration hadoop, Map<String, String> properties) {
        RESTCatalog rest = new RESTCatalog();
        rest.setConf(hadoop);
        try {
            rest.initialize(LakeCatalog.NAME, properties);
            return rest;
        } catch (NotAuthorizedException | ForbiddenException refused) {
            closeQuietly(rest);
            throw refusal(uri, refused);
        }
    }

    /** The line a refused login becomes: the catalog, what it said, what bankdata sent, and what to set. */
    static UsageException refusal(CatalogUri uri, RuntimeException refused) {
        boolean forbidden = refused instanceof ForbiddenException;
        RestCatalogLogin login = uri.login();
        String said = refused.getMessage() == null ? "" : refused.getMessage().replaceFirst("^(Not authorized|Forbidden): ", "");
        String fix = login.usesOAuth2() || login.signs()
                ? "check " + (login.credential() != null ? RestCatalogLogin.CREDENTIAL + " (client_id:client_secret)"
                        : login.token() != null ? RestCatalogLogin.TOKEN : "the AWS credentials")
                        + (login.usesOAuth2() ? ", " + RestCatalogLogin.OAUTH2_URI + " and " + RestCatalogLogin.SCOPE : "")
                : "set " + RestCatalogLogin.CREDENTIAL + " (client_id:client_secret) or " + RestCatalogLogin.TOKEN
                        + " (a bearer token) in the environment, or " + RestCatalogLogin.SIGNING_NAME
                        + " for a catalog that takes AWS SigV4";
        return new UsageException("the REST catalog " + uri + (forbidden ? " refused access" : " refused the login")
                + " (HTTP " + (forbidden ? 403 : 401) + (said.isBlank() ? "" : ": " + said) + ") with "
                + login.describe() + ": " + fix);
    }

    private static void closeQuietly(RESTCatalog rest) {
        try {
            rest.close();
        } catch (java.io.IOException | RuntimeException ignored) {
            // nothing was opened that needs closing
        }
    }
}
