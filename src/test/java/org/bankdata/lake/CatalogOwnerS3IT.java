package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake on S3 (an S3-compatible server on 127.0.0.1) records the catalog that owns it in {@code tables/_catalog.json}
 * and refuses a process naming another catalog, namespace or state folder; a local lake records nothing.
 */
class CatalogOwnerS3IT {
    private static S3TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.shared();
    }

    @Test
    void theFirstCatalogOwnsTheLakeAndAnotherIsRefusedInOneLine() throws Exception {
        LakeLocation lake = server.newLake("lake");
        try (LakeSite site = LakeSite.open(lake, server.settings(), work.resolve("state"))) {
            CatalogOwner.claim(site);
            String recorded = new String(server.objectBytes(lake.resolve(CatalogOwner.KEY)), StandardCharsets.UTF_8);
            assertThat(recorded).contains("\"catalog\" : \"jdbc:sqlite:" + work.resolve("state").toAbsolutePath())
                    .contains("\"namespace\" : \"bankdata\"").contains("\"host\" : \"");
            CatalogOwner.claim(site); // the same catalog again: accepted

            LakeSite rest = site.withCatalog(new CatalogUri("http://127.0.0.1:1/catalog"));
            assertThatThrownBy(() -> CatalogOwner.claim(rest)).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("lake " + lake + " belongs to catalog jdbc:sqlite:")
                    .hasMessageContaining("not http://127.0.0.1:1/catalog namespace bankdata")
                    .hasMessageContaining("give --catalog and --namespace as recorded")
                    .hasMessageNotContaining("\n");
            LakeSite otherNamespace = site.withCatalog(site.catalog().withNamespace("other"));
            assertThatThrownBy(() -> CatalogOwner.claim(otherNamespace)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("namespace other");
        }
        // another host's (or another state folder's) default catalog is another catalog
        try (LakeSite elsewhere = LakeSite.open(lake, server.settings(), work.resolve("other-state"))) {
            assertThatThrownBy(() -> CatalogOwner.claim(elsewhere)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("belongs to catalog jdbc:sqlite:" + work.resolve("state").toAbsolutePath());
        }
    }

    @Test
    void aSharedCatalogWithoutASharedLockNamesTheHostAndALocalLakeRecordsNothing() throws Exception {
        LakeLocation lake = server.newLake("lake");
        try (LakeSite site = LakeSite.open(lake, server.settings(), work.resolve("state"))
                .withCatalog(new CatalogUri("http://127.0.0.1:1/catalog").withNamespace("lake_one"))) {
            CatalogOwner.claim(site);
            CatalogOwner owner = CatalogOwner.read(site.storage()).orElseThrow();
            assertThat(owner.catalog()).isEqualTo("http://127.0.0.1:1/catalog");
            assertThat(owner.namespace()).isEqualTo("lake_one");
            assertThat(owner.host()).as("the publish lock is a file lock of this host").isNotBlank();
        }
        try (LakeSite local = LakeSite.local(work.resolve("local-lake"))) {
            CatalogOwner.claim(local);
            assertThat(work.resolve("local-lake").resolve(CatalogOwner.KEY)).doesNotExist();
        }
    }
}
