package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.CatalogOwner;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata run} on a lake on S3 owned by another catalog (its {@code tables/_catalog.json} names the SQLite
 * catalog of another state folder): refused in one line, exit 2, before anything is written.
 */
class CatalogOwnerCliIT {
    @TempDir
    Path work;

    @Test
    void aRunNamingAnotherCatalogIsRefusedInOneLine() throws Exception {
        S3TestServer server = S3TestServer.shared();
        LakeLocation lake = server.newLake("owned");
        Path ownerState = work.resolve("owner-host");
        try (LakeSite owner = LakeSite.open(lake, server.settings(), ownerState)) {
            CatalogOwner.claim(owner);
        }
        List<String> args = new ArrayList<>(List.of("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lake.uri(), "--lake-state", work.resolve("state").toString(),
                "--catalog", "http://127.0.0.1:1/catalog", "--quiet"));
        args.addAll(server.confArguments());

        InProcessCli.Result refused = InProcessCli.bankdata(args.toArray(String[]::new));

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).hasLineCount(1).startsWith("error: lake " + lake + " belongs to catalog jdbc:sqlite:"
                + LakeSite.stateDir(ownerState, lake).resolve("catalog.db") + " namespace bankdata on host ")
                .contains("not http://127.0.0.1:1/catalog namespace bankdata on host ")
                .contains("give --catalog and --namespace as recorded");
        assertThat(server.hasObject(lake.resolve("tables/_snapshot.json"))).as("nothing published").isFalse();
    }
}
