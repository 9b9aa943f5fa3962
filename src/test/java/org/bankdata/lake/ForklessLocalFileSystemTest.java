package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
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

    /**
     * A listing of located files (what an expiry walks) gives each file's mode, owner and group as the system has them,
     * in a status that holds them already: Hadoop's own local status would run {@code ls -ld} for each when asked.
     */
    @Test
    void listedFilesCarryTheirModesOwnerAndGroup() throws Exception {
        try (FileSystem fs = fileSystem("022")) {
            java.nio.file.Path folder = Files.createDirectories(dir.resolve("t/data"));
            java.nio.file.Path open = Files.writeString(folder.resolve("a.parquet"), "a");
            java.nio.file.Path closed = Files.writeString(folder.resolve("b.parquet"), "bb");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x--x"));
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("r---w----"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x---"));

            List<LocatedFileStatus> listed = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(dir.resolve("t").toUri()), true);
            while (files.hasNext()) {
                listed.add(files.next());
            }

            assertThat(listed).extracting(s -> s.getPath().getName()).containsExactlyInAnyOrder("a.parquet", "b.parquet");
            for (LocatedFileStatus status : listed) {
                java.nio.file.Path file = folder.resolve(status.getPath().getName());
                PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
                assertThat(status.getPermission().toString())
                        .isEqualTo(PosixFilePermissions.toString(attributes.permissions()));
                assertThat(status.getOwner()).isEqualTo(attributes.owner().getName());
                assertThat(status.getGroup()).isEqualTo(attributes.group().getName());
                assertThat(status.getLen()).isEqualTo(Files.size(file));
            }
            assertThat(listed).filteredOn(s -> s.getPath().getName().equals("a.parquet")).singleElement()
                    .extracting(s -> s.getPermission().toShort()).isEqualTo((short) 0751);
            assertThat(listed).filteredOn(s -> s.getPath().getName().equals("b.parquet")).singleElement()
                    .extracting(s -> s.getPermission().toShort()).isEqualTo((short) 0420);

            FileStatus folderStatus = fs.getFileStatus(new Path(folder.toUri()));
            assertThat(folderStatus.isDirectory()).isTrue();
            assertThat(folderStatus.getPermission().toShort()).isEqualTo((short) 0710);
            // a status that holds its modes (Hadoop's lazy local status is a subclass that shells out for them)
            assertThat(folderStatus).isExactlyInstanceOf(FileStatus.class);
            assertThatThrownBy(() -> fs.getFileStatus(new Path(dir.resolve("gone").toUri())))
                    .isInstanceOf(FileNotFoundException.class).hasMessageContaining("gone");
        }
    }

    private static String mode(java.nio.file.Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
