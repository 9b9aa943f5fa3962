package org.bankdata.lake;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.RunsBesideSpark;

/** The {@link LakeStorage} contract on a local folder. */
@RunsBesideSpark
class LocalLakeStorageTest extends LakeStorageContract {
    @TempDir
    Path dir;

    @Override
    LakeStorage storage() {
        return new LocalLakeStorage(dir.resolve("lake"));
    }
}
