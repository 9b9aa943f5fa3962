package org.bankdata.lake;

import org.junit.jupiter.api.BeforeAll;

/** The {@link LakeStorage} contract on S3 (S3Proxy on 127.0.0.1), each test in a new bucket. */
class S3LakeStorageIT extends LakeStorageContract {
    private static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.shared();
    }

    @Override
    LakeStorage storage() throws Exception {
        return S3LakeStorage.open(server.newLake("lake"), server.settings());
    }
}
