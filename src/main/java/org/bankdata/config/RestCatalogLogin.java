package org.bankdata.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How bankdata logs in to an Iceberg REST catalog, read from the environment only (a secret never goes on a command
 * line, where {@code ps} and shell histories show it):
 * <ul>
 *   <li>OAuth2, as Polaris, Nessie, Lakekeeper and Unity take it: {@code BANKDATA_CATALOG_CREDENTIAL}
 *   ({@code client_id:client_secret}, exchanged for a token at the catalog's token endpoint with the client-credentials
 *   grant) or {@code BANKDATA_CATALOG_TOKEN} (a bearer token used as it is), with {@code BANKDATA_CATALOG_OAUTH2_URI}
 *   (the token endpoint; default: the catalog's own {@code v1/oauth/tokens}) and {@code BANKDATA_CATALOG_SCOPE}
 *   (default {@code catalog});</li>
 *   <li>AWS SigV4 request signing, as Glue's Iceberg endpoint ({@code glue}) and S3 Tables ({@code s3tables}) take it:
 *   {@code BANKDATA_CATALOG_SIGNING_NAME}, with {@code BANKDATA_CATALOG_SIGNING_REGION} (default {@code AWS_REGION});
 *   the AWS credentials are the standard ones ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY},
 *   {@code AWS_PROFILE}, an instance role);</li>
 *   <li>{@code BANKDATA_CATALOG_WAREHOUSE}: the warehouse the catalog serves (Polaris: the catalog's name; Glue: the
 *   account id; S3 Tables: the table bucket's ARN).</li>
 * </ul>
 * The values become Iceberg's REST client properties ({@link #properties()}), for bankdata's own catalog and Spark's.
 * {@link #toString()} names what is set, never a secret.
 */
public record RestCatalogLogin(String credential, String token, String oauth2Uri, String scope, String signingName,
        String signingRegion, String warehouse) {
    /** No login: a catalog on a private network that asks for none. */
    public static final RestCatalogLogin NONE = new RestCatalogLogin(null, null, null, null, null, null, null);

    public static final String CREDENTIAL = "BANKDATA_CATALOG_CREDENTIAL";
    public static final String TOKEN = "BANKDATA_CATALOG_TOKEN";
    public static final String OAUTH2_URI = "BANKDATA_CATALOG_OAUTH2_URI";
    public static final String SCOPE = "BANKDATA_CATALOG_SCOPE";
    public static final String SIGNING_NAME = "BANKDATA_CATALOG_SIGNING_NAME";
    public static final String SIGNING_REGION = "BANKDATA_CATALOG_SIGNING_REGION";
    public static final String WAREHOUSE = "BANKDATA_CATALOG_WAREHOUSE";


    private static final Pattern SIGNING_NAME_FORM = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern REGION_FORM = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public RestCatalogLogin {
        credential = blankToNull(credential);
        token = blankToNull(token);
        oauth2Uri = blankToNull(oauth2Uri);
        scope = blankToNull(scope);
        signingName = blankToNull(signingName);
        signingRegion = blankToNull(signingRegion);
        warehouse = blankToNull(warehouse);
        if (oauth2Uri != null && !oauth2Uri.startsWith("http://") && !oauth2Uri.startsWith("https://")) {
            throw new IllegalArgumentException(OAUTH2_URI + " is not an http(s) address; give the catalog's OAuth2 token"
                    + " endpoint, e.g. https://idp.example/oauth2/token");
        }
        if ((oauth2Uri != null || scope != null) && credential == null && token == null) {
            throw new IllegalArgumentException((oauth2Uri != null ? OAUTH2_URI : SCOPE) + " is set but neither "
                    + CREDENTIAL + " (client_id:client_secret) nor " + TOKEN + " is: set one of them");
        }
        if (signingName != null && !SIGNING_NAME_FORM.matcher(signingName).matches()) {
            throw new IllegalArgumentException(SIGNING_NAME + " " + signingName + " is not an AWS service name; use glue"
                    + " (Glue's Iceberg endpoint) or s3tables (S3 Tables)");
        }
        if (signingRegion != null && !REGION_FORM.matcher(signingRegion).matches()) {
            throw new IllegalArgumentException(SIGNING_REGION + " " + signingRegion + " is not an AWS region, e.g. eu-west-1");
        }
        if (signingName != null && signingRegion == null) {
            throw new IllegalArgumentException(SIGNING_NAME + " is set but the region is not: set " + SIGNING_REGION
                    + " or AWS_REGION");
        }
    }

    /** The login the environment {@code env} gives (the variables above); {@link #NONE} when it gives none. */
    public static RestCatalogLogin fromEnvironment(Map<String, String> env) {
        String region = env.get(SIGNING_REGION);
        if ((region == null || region.isBlank()) && env.get(SIGNING_NAME) != null) {
            region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        }
        return new RestCatalogLogin(env.get(CREDENTIAL), env.get(TOKEN), env.get(OAUTH2_URI), env.get(SCOPE),
                env.get(SIGNING_NAME), region, env.get(WAREHOUSE));
    }

    /** Whether the catalog is reached with OAuth2 (a credential or a token). */
    public boolean usesOAuth2() {
        return credential != null || token != null;
    }

    /** Whether requests are signed with AWS SigV4. */
    public boolean signs() {
        return signingName != null;
    }

    /**
     * Iceberg's REST client properties for this login over the catalog at {@code catalogUri}: {@code rest.auth.type}
     * ({@code oauth2}, or {@code sigv4} delegating to OAuth2 or to none; not set without a login), the OAuth2 ones and the
     * SigV4 ones.
     * The token endpoint is always given (Iceberg's fallback to the catalog's own endpoint is deprecated).
     */
    public Map<String, String> properties(String catalogUri) {
        Map<String, String> p = new LinkedHashMap<>();
        String oauth = usesOAuth2() ? "oauth2" : "none";
        if (signs()) {
            p.put("rest.auth.type", "sigv4");
            p.put("rest.sigv4-enabled", "true"); // how Iceberg 1.7 (Glue 5, EMR 7) is told; 1.10 takes either
            p.put("rest.auth.sigv4.delegate-auth-type", oauth);
            p.put("rest.signing-name", signingName);
            p.put("rest.signing-region", signingRegion);
        } else if (usesOAuth2()) {
            p.put("rest.auth.type", oauth);
        }
        if (usesOAuth2()) {
            p.put("oauth2-server-uri", oauth2Uri != null ? oauth2Uri
                    : (catalogUri.endsWith("/") ? catalogUri : catalogUri + "/") + "v1/oauth/tokens");
            if (credential != null) {
                p.put("credential", credential);
            }
            if (token != null) {
                p.put("token", token);
            }
            if (scope != null) {
                p.put("scope", scope);
            }
        }
        if (warehouse != null) {
            p.put("warehouse", warehouse);
        }
        return p;
    }

    /** What the login is made of, for messages: the variables set, never a value that is a secret. */
    public String describe() {
        if (!usesOAuth2() && !signs()) {
            return "no login";
        }
        StringBuilder text = new StringBuilder();
        if (credential != null) {
            text.append("OAuth2 client credentials (").append(CREDENTIAL).append(")");
        } else if (token != null) {
            text.append("an OAuth2 bearer token (").append(TOKEN).append(")");
        }
        if (signs()) {
            text.append(text.isEmpty() ? "" : " and ").append("SigV4 signing for ").append(signingName).append(" in ")
                    .append(signingRegion);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
