package org.bankdata.cli;

import java.util.List;
import java.util.Map;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.PostgresLogin;
import org.bankdata.config.PostgresUrl;
import org.bankdata.config.RestCatalogLogin;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeSite;
import picocli.CommandLine.Option;

/**
 * The {@code --catalog} and {@code --namespace} options of every verb that takes {@code --lake} (part of
 * {@link LakeOption}): where the lake's Iceberg tables are listed. Without {@code --catalog}, the lake's own SQLite
 * file (or, with {@code --history jdbc:postgresql://…}, that database); with it, the catalog it names, whatever the
 * history.
 */
public final class CatalogOption {
    /** The forms {@code --catalog} accepts, as a user reads them in an error. */
    static final String ACCEPTED = "jdbc:postgresql://HOST[:PORT]/DATABASE, http(s)://HOST[:PORT]/PATH (an Iceberg REST"
            + " catalog) or jdbc:sqlite:FILE";

    @Option(names = "--catalog", paramLabel = "URI", defaultValue = "${env:BANKDATA_CATALOG}",
            description = "The lake's Iceberg catalog, named bankdata for every engine: jdbc:postgresql://HOST[:PORT]/DATABASE"
                    + " (Iceberg's JDBC catalog, shared by every host; login as for --history: the URL's, else"
                    + " BANKDATA_HISTORY_USER/BANKDATA_HISTORY_PASSWORD, PGUSER/PGPASSWORD, ~/.pgpass),"
                    + " http(s)://HOST[:PORT]/PATH (an Iceberg REST catalog; its login from the environment:"
                    + " BANKDATA_CATALOG_CREDENTIAL=client_id:client_secret or BANKDATA_CATALOG_TOKEN, optionally"
                    + " BANKDATA_CATALOG_OAUTH2_URI, BANKDATA_CATALOG_SCOPE, BANKDATA_CATALOG_WAREHOUSE; SigV4 with"
                    + " BANKDATA_CATALOG_SIGNING_NAME=glue|s3tables and the AWS variables) or jdbc:sqlite:FILE."
                    + " Default: the lake's catalog.db (a lake on S3: the one in its --lake-state folder), or the"
                    + " --history database when that is Postgres; env BANKDATA_CATALOG.")
    String catalog;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "${env:BANKDATA_NAMESPACE:-bankdata}",
            description = "The Iceberg namespace of the lake's tables, bankdata.NAME.<table> (default: ${DEFAULT-VALUE};"
                    + " env BANKDATA_NAMESPACE).")
    String namespace = CatalogUri.DEFAULT_NAMESPACE;

    /** {@code site} with the catalog and namespace asked for. */
    LakeSite apply(LakeSite site) {
        CatalogUri chosen = catalog == null || catalog.isBlank() ? site.catalog() : parse(catalog.strip(), System.getenv());
        try {
            return site.withCatalog(chosen.withNamespace(namespace));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--namespace " + namespace + ": " + e.getMessage());
        }
    }

    /**
     * The catalog a {@code --catalog} value names, its Postgres login found in {@code env} when the URL has none, a REST
     * catalog's login in {@code env} only ({@link RestCatalogLogin}: a secret never goes on the command line).
     */
    static CatalogUri parse(String value, Map<String, String> env) {
        if (PostgresUrl.isPostgres(value)) {
            PostgresUrl url = PostgresUrl.parse(value);
            if (url == null) {
                throw new UsageException("--catalog " + Redaction.redact(value) + " is not a Postgres URL bankdata can use;"
                        + " give " + ACCEPTED);
            }
            PostgresLogin login = PostgresLogin.resolve(url, new PostgresLogin.Sources(null, null, null,
                    List.of("BANKDATA_HISTORY_USER", "PGUSER"), List.of("BANKDATA_HISTORY_PASSWORD", "PGPASSWORD")), env,
                    warning -> org.slf4j.LoggerFactory.getLogger(CatalogOption.class).warn(warning));
            return CatalogUri.postgres(url.url(), login.user(), login.password());
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            RestCatalogLogin login;
            try {
                login = RestCatalogLogin.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--catalog " + Redaction.redact(value) + ": " + e.getMessage());
            }
            return CatalogUri.rest(value, login);
        }
        try {
            return new CatalogUri(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--catalog " + Redaction.redact(value) + " is not a catalog bankdata can open; give "
                    + ACCEPTED);
        }
    }
}
