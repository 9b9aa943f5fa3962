package org.bankdata.lake;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link LakeStorage} contract on S3 (S3Proxy on 127.0.0.1), each test in a new bucket. */
class S3LakeStorageIT extends LakeStorageContract {
    private static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(Files.createTempDirectory("s3-storage-it"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    LakeStorage storage() throws Exception {
        return S3LakeStorage.open(server.newLake("lake"), server.settings());
    }
}
