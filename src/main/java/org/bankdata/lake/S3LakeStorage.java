package org.bankdata.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.LakeException;

/**
 * A lake under an S3 prefix, through Hadoop's S3A file system (the client Spark's executors use too). A write is
 * one PUT of the final key, atomic for readers; nothing is renamed. S3 has no append: each append is an object of its
 * own beside the file ({@code <key>.parts/<millis>-<writer>-<seq>}, one PUT, no read), which {@link #readAppended}
 * reads after the file in name order (the order of appending, within a process) and {@link #compact} merges into the
 * file once, so landing N pages costs O(N) requests and bytes and the fetchers appending them never wait for each other. Failures become one line naming the bucket,
 * the endpoint and what to check.
 */
public final class S3LakeStorage implements LakeStorage {
    private final LakeLocation root;
    private final S3Settings settings;
    private final FileSystem fs;
    /** Names this writer's append parts apart from other processes' (see {@link #append}). */
    private final String writer = java.util.UUID.randomUUID().toString().substring(0, 8);
    private final java.util.concurrent.atomic.AtomicLong appends = new java.util.concurrent.atomic.AtomicLong();
    /** When this writer started: parts sort by it, then by their number (the order of appending within a process). */
    private final long started = System.currentTimeMillis();

    private S3LakeStorage(LakeLocation root, S3Settings settings, FileSystem fs) {
        this.root = root;
        this.settings = settings;
        this.fs = fs;
    }

    /** Connects to the lake's bucket (no request is sent until the first operation). */
    public static S3LakeStorage open(LakeLocation root, S3Settings settings) {
        if (!root.isS3()) {
            throw new IllegalArgumentException(root + " is not on S3");
        }
        try {
            return new S3LakeStorage(root, settings, FileSystem.newInstance(URI.create("s3a://" + root.bucket() + "/"),
                    hadoopConfiguration(settings)));
        } catch (IOException e) {
            throw failure("connect to", root, settings, e);
        }
    }

    /** A Hadoop configuration with {@code settings}' properties. */
    public static Configuration hadoopConfiguration(S3Settings settings) {
        Configuration conf = new Configuration();
        settings.properties().forEach(conf::set);
        return conf;
    }

    @Override
    public LakeLocation root() {
        return root;
    }

    private Path path(String key) {
        return new Path(location(key).uri());
    }

    /**
     * S3A reads an object at the version (ETag) it saw when opening it; when a writer replaces the object in between,
     * the read is refused rather than mixing two versions, and is made again on the new version.
     */
    private static final int READ_ATTEMPTS = 5;

    @Override
    public Optional<byte[]> read(String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                FileStatus status = fs.getFileStatus(path(key));
                byte[] bytes;
                try (FSDataInputStream in = fs.open(path(key))) {
                    bytes = in.readAllBytes();
                }
                // one object, whole: the length S3 gave for it, and no newer object since (S3Proxy, unlike S3, may
                // answer a GET with the next object's bytes when it is replaced mid-read)
                if (bytes.length == status.getLen() && sameObject(status, fs.getFileStatus(path(key)))) {
                    return Optional.of(bytes);
                }
                if (attempt == READ_ATTEMPTS) {
                    throw failure("read", location(key), settings, new IOException("the object kept changing while read"));
                }
            } catch (FileNotFoundException e) {
                return Optional.empty();
            } catch (RemoteFileChangedException replaced) {
                if (attempt == READ_ATTEMPTS) {
                    throw failure("read", location(key), settings, replaced);
                }
            } catch (IOException e) {
                throw failure("read", location(key), settings, e);
            }
        }
    }

    private static boolean sameObject(FileStatus before, FileStatus after) {
        if (before instanceof org.apache.hadoop.fs.s3a.S3AFileStatus a && after instanceof org.apache.hadoop.fs.s3a.S3AFileStatus b
                && a.getEtag() != null) {
            return a.getEtag().equals(b.getEtag());
        }
        return before.getLen() == after.getLen() && before.getModificationTime() == after.getModificationTime();
    }

    @Override
    public boolean exists(String key) {
        try {
            return fs.exists(path(key));
        } catch (IOException e) {
            throw failure("read", location(key), settings, e);
        }
    }

    @Override
    public void write(String key, byte[] bytes) {
        try (FSDataOutputStream out = fs.create(path(key), true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw failure("write", location(key), settings, e);
        }
    }

    @Override
    public void append(String key, byte[] bytes) {
        write(partsKey(key) + "/" + String.format(java.util.Locale.ROOT, "%013d-%s-%010d", started, writer,
                appends.incrementAndGet()), bytes);
    }

    @Override
    public Optional<byte[]> readAppended(String key) {
        Optional<byte[]> whole = read(key);
        List<FileStatus> parts = parts(key);
        if (parts.isEmpty()) {
            return whole;
        }
        return Optional.of(merged(whole, parts));
    }

    /** Writes the file with its parts merged in, then deletes the parts it merged (a part appended meanwhile stays a part). */
    @Override
    public void compact(String key) {
        List<FileStatus> parts = parts(key);
        if (parts.isEmpty()) {
            return;
        }
        write(key, merged(read(key), parts));
        for (FileStatus part : parts) {
            try {
                fs.delete(part.getPath(), false);
            } catch (IOException e) {
                throw failure("delete", root.resolve(key + ".parts/" + part.getPath().getName()), settings, e);
            }
        }
    }

    /** The file's bytes (if any) followed by its parts' bytes, in order. */
    private byte[] merged(Optional<byte[]> file, List<FileStatus> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        file.ifPresent(out::writeBytes);
        parts.forEach(part -> out.writeBytes(readPart(part)));
        return out.toByteArray();
    }

    /** The parts appended to {@code key}, in the order of appending (one LIST). */
    private List<FileStatus> parts(String key) {
        try {
            return Arrays.stream(fs.listStatus(path(partsKey(key)))).filter(FileStatus::isFile)
                    .sorted(java.util.Comparator.comparing(status -> status.getPath().getName())).toList();
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", location(partsKey(key)), settings, e);
        }
    }

    /** A part, never replaced once written: one GET, its length known from the listing (no HEAD). */
    private byte[] readPart(FileStatus part) {
        try (FSDataInputStream in = fs.openFile(part.getPath()).withFileStatus(part).build().get()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("read", root.resolve(part.getPath().toUri().getPath().replaceFirst("^/+", "")), settings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException("interrupted while reading " + part.getPath(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw failure("read", root.resolve(part.getPath().toUri().getPath().replaceFirst("^/+", "")), settings,
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
    }

    /** S3A's counters of the HTTP requests it sends, one per kind (its other counters count some of these again). */
    private static final java.util.Set<String> REQUEST_KINDS = java.util.Set.of("action_http_head_request",
            "action_http_get_request", "object_list_request", "object_put_request", "object_delete_request",
            "object_bulk_delete_request", "object_copy_requests", "object_multipart_initiated", "object_multipart_aborted");

    /**
     * The HTTP requests this storage has sent to S3 so far, by kind (S3A's own counters: {@code object_put_request},
     * {@code action_http_get_request}, {@code action_http_head_request}, {@code object_list_request},
     * {@code object_delete_request}, ...), for measurements.
     */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        org.apache.hadoop.fs.statistics.IOStatistics statistics = org.apache.hadoop.fs.statistics.IOStatisticsSupport
                .retrieveIOStatistics(fs);
        if (statistics != null) {
            statistics.counters().forEach((name, count) -> {
                if (REQUEST_KINDS.contains(name) && count > 0) {
                    counts.put(name, count);
                }
            });
        }
        return counts;
    }

    private static String partsKey(String key) {
        return key + ".parts";
    }

    @Override
    public List<String> list(String key) {
        try {
            return Arrays.stream(fs.listStatus(path(key))).map(FileStatus::getPath).map(Path::getName).sorted().toList();
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", location(key), settings, e);
        }
    }

    @Override
    public List<String> files(String key) {
        List<String> keys = new java.util.ArrayList<>();
        String rootPath = new Path(root.uri()).toUri().getPath();
        try {
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(path(key), true);
            while (it.hasNext()) {
                String full = it.next().getPath().toUri().getPath();
                keys.add(full.substring(rootPath.length()).replaceAll("^/+", ""));
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", location(key), settings, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void download(String key, java.nio.file.Path target) {
        try (FSDataInputStream in = fs.open(path(key))) {
            java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
            java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("read", location(key), settings, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            fs.delete(path(key), true);
        } catch (IOException e) {
            throw failure("delete", location(key), settings, e);
        }
    }

    /** The Hadoop file system, for code that streams (the query cache). */
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException ignored) {
            // nothing is buffered: every write was closed (and so sent) before it returned
        }
    }

    /** One line naming the object, the bucket's endpoint and what to check. */
    static LakeException failure(String what, LakeLocation where, S3Settings settings, IOException e) {
        Optional<S3Failures.FailedRequest> request = S3Failures.request(e).filter(S3Failures.FailedRequest::serverError);
        if (request.isPresent()) {
            return serverFailure(what, where, settings, request.get(), e);
        }
        String reason = reason(e);
        return new LakeException("cannot " + what + " " + where.uri() + " on S3 endpoint " + settings.endpoint() + " (bucket "
                + where.bucket() + ": " + reason + "); check the endpoint (AWS_ENDPOINT_URL_S3 or fs.s3a.endpoint), the"
                + " credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and their permissions to read, write and"
                + " list the bucket", e);
    }

    /**
     * The server failed a request (5xx, e.g. the completion of a multipart upload): one line naming the object, the
     * request and the server's answer. Endpoint and credentials were fine, the server is what to check.
     */
    private static LakeException serverFailure(String what, LakeLocation where, S3Settings settings,
            S3Failures.FailedRequest request, IOException e) {
        String object = request.object(where.bucket());
        String failed = object.equals(where.uri()) ? request.operation() : request.operation() + " of " + object;
        return new LakeException("cannot " + what + " " + where.uri() + " on S3 endpoint " + settings.endpoint() + ": S3 "
                + failed + " failed with " + request.answer() + "; check the S3 server (its log, its free space) and run"
                + " again", e);
    }

    /** What went wrong with an S3 request, in a user's words: access denied, no answer in time, or the cause's first line. */
    static String reason(IOException e) {
        if (isAccessDenied(e)) {
            return ACCESS_DENIED;
        }
        if (e instanceof InterruptedIOException || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")) {
            return "no answer in time";
        }
        return firstLine(e);
    }

    static final String ACCESS_DENIED = "access denied";

    static boolean isAccessDenied(IOException e) {
        return e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("403");
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.net.ConnectException || m.contains("Connection refused")) {
            return "connection refused";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + m;
        }
        m = m.lines().findFirst().orElse(m).replaceAll("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*(Exception|Error)?:?\\s*", "");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}
