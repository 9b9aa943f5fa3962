package org.bankdata.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.UsageException;

/**
 * Where a lake lives: a local folder or an S3 prefix ({@code s3a://bucket/prefix}), as the URI string Spark and
 * Hadoop are given. A location of a file or folder inside the lake is a location too ({@link #resolve}), and so is
 * an input a run reads ({@code --complaints}, {@code --banks}, ...: {@link #parseInput}), local or on S3 alike.
 *
 * @param uri {@code file:/abs/path} for a local folder (absolute, normalized), {@code s3a://bucket/prefix} (no
 *            trailing slash) for S3
 */
public record LakeLocation(@JsonValue String uri) {
    /** The schemes a lake may have, as told to a user who gave another one. */
    public static final String SUPPORTED = "a local path (./lake, /data/lake), a file: URL, or s3a://bucket/prefix";

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    public LakeLocation {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith("file:/") && !uri.startsWith("s3a://")) {
            throw new IllegalArgumentException("not a lake location: " + uri);
        }
        if (uri.startsWith("s3a://") && uri.endsWith("/")) {
            uri = uri.replaceAll("/+$", "");
        }
    }

    /** A local folder (made absolute). */
    public static LakeLocation local(Path dir) {
        return new LakeLocation(dir.toAbsolutePath().normalize().toUri().toString().replaceAll("(?<!^file:)/+$", ""));
    }

    /**
     * Reads what a user wrote for {@code --lake}: a path, a {@code file:} URL or an {@code s3a://} URL. Any other
     * scheme is refused in one line naming the supported ones, before anything is written.
     */
    @JsonCreator
    public static LakeLocation parse(String value) {
        return parse(value, "--lake must not be empty; use " + SUPPORTED, "lake " + value, SUPPORTED);
    }

    /** The forms an input may take, as told to a user who gave another one. */
    public static final String SUPPORTED_INPUT = "a local path (./in/complaints, /data/in/banks.tsv), a file: URL, or"
            + " s3a://bucket/prefix";

    /**
     * Reads what a user wrote for an input option ({@code option}: {@code --complaints}, {@code --banks}, ...): a path,
     * a {@code file:} URL or an {@code s3a://} URL, refused in one line naming the option otherwise.
     */
    public static LakeLocation parseInput(String option, String value) {
        Objects.requireNonNull(value, "value");
        return parse(value, option + " must not be empty; use " + SUPPORTED_INPUT, option + " " + value, SUPPORTED_INPUT);
    }

    private static LakeLocation parse(String value, String whenEmpty, String named, String supported) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new UsageException(whenEmpty);
        }
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.find() || scheme.group(1).length() == 1) { // C:\lake on Windows is a path
            return local(Path.of(value));
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (name.equals("file")) {
            return local(Path.of(URI.create(value)));
        }
        if (name.equals("s3a")) {
            URI uri = URI.create(value);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new UsageException(value + " names no bucket; write s3a://bucket/prefix");
            }
            String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+", "/").replaceAll("/$", "");
            return new LakeLocation("s3a://" + uri.getHost() + prefix);
        }
        throw new UsageException(named + " has scheme " + name + ":, which bankdata does not support; use " + supported);
    }

    public boolean isS3() {
        return uri.startsWith("s3a://");
    }

    public boolean isLocal() {
        return !isS3();
    }

    /** The local folder or file; fails for an S3 location. */
    public Path localPath() {
        if (isS3()) {
            throw new IllegalStateException(uri + " is not a local path");
        }
        return Path.of(URI.create(uri));
    }

    /** The bucket of an S3 location. */
    public String bucket() {
        return URI.create(uri).getHost();
    }

    /** The key prefix of an S3 location inside its bucket, without leading or trailing slash ("" at the bucket's root). */
    public String prefix() {
        String path = URI.create(uri).getPath();
        return path == null ? "" : path.replaceAll("^/+", "");
    }

    /** The last part of the path: a file's or folder's name ("" for a bucket's root). */
    public String name() {
        if (isLocal()) {
            Path name = localPath().getFileName();
            return name == null ? "" : name.toString();
        }
        String prefix = prefix();
        return prefix.substring(prefix.lastIndexOf('/') + 1);
    }

    /**
     * The file or folder {@code relative} (forward slashes) below this one; for a local location, an absolute path
     * stays itself, as with {@link Path#resolve(String)}.
     */
    public LakeLocation resolve(String relative) {
        if (isLocal()) {
            return local(localPath().resolve(relative));
        }
        String tail = relative.replaceAll("^/+", "");
        return tail.isEmpty() ? this : new LakeLocation(uri + "/" + tail);
    }

    /** What a user reads: the folder for a local lake, the URL for S3. */
    @Override
    public String toString() {
        return isLocal() ? localPath().toString() : uri;
    }
}
