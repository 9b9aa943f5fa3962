package org.bankdata.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.BankdataException;
import org.bankdata.errors.SourceUnavailableException;

/**
 * The files a run reads as input (ranking files, bank list, conglomerate alias file, recorded fee answers) where the
 * user keeps them, read only: a local path, or an object under {@code s3a://bucket/prefix}. Objects are read through
 * the lake's own S3A client ({@link S3LakeStorage}, one per bucket, opened on first use) with the S3 settings the lake
 * uses (endpoint, credentials, path style), so an input bucket needs nothing but read permissions: {@code s3:GetObject}
 * on the objects and {@code s3:ListBucket} on the bucket. On S3 a folder is a prefix that holds objects.
 *
 * <p>A local file that cannot be read is bad input naming it. A failed S3 request names the object, the endpoint and
 * what to check; it is a source that could not be reached (retried), unless it was refused (access denied: not
 * retried). Safe to use from several threads.
 */
public final class InputStorage implements AutoCloseable {
    private final S3Settings s3;
    private final Map<String, S3LakeStorage> buckets = new HashMap<>();

    private InputStorage(S3Settings s3) {
        this.s3 = s3;
    }

    /** Reads local inputs, and inputs on S3 with {@code s3} (the settings the lake would use). */
    public static InputStorage open(S3Settings s3) {
        return new InputStorage(s3);
    }

    /** Whether {@code location} is a folder (on S3: a prefix holding at least one object). */
    public boolean isFolder(LakeLocation location) {
        if (location.isLocal()) {
            return Files.isDirectory(location.localPath());
        }
        return status(location).map(FileStatus::isDirectory).orElse(false);
    }

    /** Whether {@code location} is a file (on S3: an object of that key). */
    public boolean isFile(LakeLocation location) {
        if (location.isLocal()) {
            return Files.isRegularFile(location.localPath());
        }
        return status(location).map(FileStatus::isFile).orElse(false);
    }

    /** The files directly in the folder {@code folder} (not in its sub-folders), sorted by name. */
    public List<LakeLocation> files(LakeLocation folder) {
        if (folder.isLocal()) {
            try (Stream<Path> list = Files.list(folder.localPath())) {
                return list.filter(Files::isRegularFile).sorted().map(LakeLocation::local).toList();
            } catch (IOException e) {
                throw new BadInputException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        try {
            FileStatus[] children = fileSystem(folder).listStatus(hadoopPath(folder));
            List<LakeLocation> files = new ArrayList<>();
            Arrays.stream(children).filter(FileStatus::isFile).map(c -> c.getPath().getName()).sorted()
                    .forEach(name -> files.add(folder.resolve(name)));
            return files;
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", folder, e);
        }
    }

    /** The size of the file in bytes. */
    public long size(LakeLocation file) {
        if (file.isLocal()) {
            try {
                return Files.size(file.localPath());
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }
        try {
            return fileSystem(file).getFileStatus(hadoopPath(file)).getLen();
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    /** The whole file. */
    public byte[] readAll(LakeLocation file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw file.isLocal() ? unreadable(file, e) : failure("read", file, e);
        }
    }

    /** The file's first {@code max} bytes (all of it when shorter): one ranged read on S3. */
    public byte[] head(LakeLocation file, int max) {
        try (InputStream in = open(file)) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw file.isLocal() ? unreadable(file, e) : failure("read", file, e);
        }
    }

    /** The file's last {@code max} bytes (all of it when shorter): one ranged read on S3. */
    public byte[] tail(LakeLocation file, int max) {
        long size = size(file);
        long from = Math.max(0, size - max);
        try (InputStream in = open(file)) {
            if (in instanceof FSDataInputStream seekable) {
                seekable.seek(from); // one ranged GET from there on S3
            } else {
                in.skipNBytes(from); // a local file skips by seeking
            }
            return in.readNBytes((int) (size - from));
        } catch (IOException e) {
            throw file.isLocal() ? unreadable(file, e) : failure("read", file, e);
        }
    }

    /** A stream of the file's bytes, for reading it through once without holding it whole. */
    public InputStream open(LakeLocation file) {
        if (file.isLocal()) {
            try {
                return Files.newInputStream(file.localPath());
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }
        try {
            return fileSystem(file).open(hadoopPath(file));
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    @Override
    public synchronized void close() {
        buckets.values().forEach(S3LakeStorage::close);
        buckets.clear();
    }

    private Optional<FileStatus> status(LakeLocation location) {
        try {
            return Optional.of(fileSystem(location).getFileStatus(hadoopPath(location)));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", location, e);
        }
    }

    /** The S3A client of the location's bucket, the one {@link S3LakeStorage} opens for a lake there. */
    private synchronized FileSystem fileSystem(LakeLocation location) {
        return buckets.computeIfAbsent(location.bucket(),
                bucket -> S3LakeStorage.open(new LakeLocation("s3a://" + bucket), s3)).fileSystem();
    }

    private static org.apache.hadoop.fs.Path hadoopPath(LakeLocation location) {
        return new org.apache.hadoop.fs.Path(location.uri());
    }

    private static BadInputException unreadable(LakeLocation file, IOException e) {
        return new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
    }

    /** One line naming the object, the endpoint and what to check; retried unless S3 refused the request. */
    private BankdataException failure(String what, LakeLocation where, IOException e) {
        String message = "cannot " + what + " " + where.uri() + " on S3 endpoint " + s3.endpoint() + " (bucket "
                + where.bucket() + ": " + S3LakeStorage.reason(e) + "); check the endpoint (AWS_ENDPOINT_URL_S3 or"
                + " fs.s3a.endpoint), the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and their"
                + " permission to read the inputs (s3:GetObject on the objects, s3:ListBucket on the bucket)";
        return S3LakeStorage.isAccessDenied(e) ? new BadInputException(message, e) : new SourceUnavailableException(message, e);
    }
}
