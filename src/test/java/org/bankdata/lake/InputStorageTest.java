package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local inputs read through {@link InputStorage} (the S3 side runs in S3LakeIT, against S3Proxy). */
class InputStorageTest {
    @TempDir
    Path dir;

    @Test
    void aFolderListsItsFilesByNameAndNotItsSubFolders() throws IOException {
        Files.writeString(dir.resolve("b.csv"), "b");
        Files.writeString(dir.resolve("a.csv"), "a");
        Files.createDirectories(dir.resolve("sub")).resolve("c.csv").toFile().createNewFile();
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            LakeLocation folder = LakeLocation.local(dir);

            assertThat(inputs.isFolder(folder)).isTrue();
            assertThat(inputs.isFile(folder)).isFalse();
            assertThat(inputs.files(folder)).extracting(LakeLocation::name).containsExactly("a.csv", "b.csv");
            assertThat(inputs.isFile(folder.resolve("a.csv"))).isTrue();
            assertThat(inputs.isFolder(folder.resolve("missing"))).isFalse();
            assertThat(inputs.isFile(folder.resolve("missing.csv"))).isFalse();
        }
    }

    @Test
    void headAndTailAreTheFirstAndLastBytesAndTheWholeFileWhenShorter() throws IOException {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        LakeLocation file = LakeLocation.local(Files.write(dir.resolve("f.csv"), bytes));
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            assertThat(inputs.size(file)).isEqualTo(10);
            assertThat(inputs.head(file, 3)).isEqualTo(Arrays.copyOfRange(bytes, 0, 3));
            assertThat(inputs.tail(file, 4)).isEqualTo(Arrays.copyOfRange(bytes, 6, 10));
            assertThat(inputs.head(file, 100)).isEqualTo(bytes);
            assertThat(inputs.tail(file, 100)).isEqualTo(bytes);
            assertThat(inputs.readAll(file)).isEqualTo(bytes);
            try (InputStream in = inputs.open(file)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
    }

    @Test
    void aMissingFileIsBadInputNamingIt() {
        LakeLocation missing = LakeLocation.local(dir.resolve("missing.tsv"));
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            assertThatThrownBy(() -> inputs.readAll(missing)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("cannot read " + dir.resolve("missing.tsv"));
        }
    }
}
