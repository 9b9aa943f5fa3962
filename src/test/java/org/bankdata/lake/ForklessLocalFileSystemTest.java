package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    private FileSystem fileSystem(String umask) throws Exception {
        Configuration conf = new Configuration(false);
        ForklessLocalFileSystem.SETTINGS.forEach(conf::set);
        conf.set("fs.permissions.umask-mode", umask);
        return FileSystem.newInstance(URI.create("file:///"), conf);
    }

    @Test
    void filesAndFoldersGetHadoopsModesUnderTheUmask() throws Exception {
        try (FileSystem fs = fileSystem("027")) {
            assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
            Path folder = new Path(dir.toUri().toString(), "a/b");
            assertThat(fs.mkdirs(folder)).isTrue();
            try (FSDataOutputStream out = fs.create(new Path(folder, "part.parquet"))) {
                out.write("bytes".getBytes(StandardCharsets.UTF_8));
            }
            // Hadoop's defaults, 0777 for folders and 0666 for files, less the umask 027
            assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwxr-x---");
            assertThat(mode(dir.resolve("a/b/part.parquet"))).isEqualTo("rw-r-----");
            assertThat(Files.readString(dir.resolve("a/b/part.parquet"))).isEqualTo("bytes");
            assertThat(dir.resolve("a/b/.part.parquet.crc")).exists(); // still Hadoop's checksummed local file system
        }
    }

    @Test
    void setPermissionSetsEveryBitItNames() throws Exception {
        try (FileSystem fs = fileSystem("022")) {
            java.nio.file.Path file = Files.writeString(dir.resolve("f.txt"), "x");
            fs.setPermission(new Path(file.toUri()), new FsPermission((short) 0751));
            assertThat(mode(file)).isEqualTo("rwxr-x--x");
            fs.setPermission(new Path(file.toUri()), new FsPermission((short) 0426));
            assertThat(mode(file)).isEqualTo("r---w-rw-");
        }
    }

    @Test
    void aMissingFileIsReportedAsMissing() throws Exception {
        try (FileSystem fs = fileSystem("022")) {
            assertThatThrownBy(() -> fs.setPermission(new Path(dir.resolve("gone").toUri()), new FsPermission((short) 0644)))
                    .isInstanceOf(FileNotFoundException.class).hasMessageContaining("gone");
        }
    }

    private static String mode(java.nio.file.Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
