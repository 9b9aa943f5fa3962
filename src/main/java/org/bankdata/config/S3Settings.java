package org.bankdata.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bankdata.errors.UsageException;

/**
 * How bankdata reaches S3, read once: the standard AWS variables ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION},
 * {@code AWS_ENDPOINT_URL_S3}/{@code AWS_ENDPOINT_URL}, {@code AWS_PROFILE} through the SDK's default chain) under
 * any {@code fs.s3a.*} setting the user passes ({@code --conf}), which win. The same properties configure
 * bankdata's own S3A client and Spark's Hadoop configuration, so executors on other hosts get them too.
 *
 * @param properties the Hadoop {@code fs.s3a.*} properties, bounded retries and timeouts included
 */
public record S3Settings(Map<String, String> properties) {
    /**
     * Bounded retries and timeouts: an unreachable endpoint fails in seconds, not after S3A's default minutes of
     * retries. A user's {@code fs.s3a.*} settings override them.
     */
    static final Map<String, String> BOUNDED = Map.of(
            "fs.s3a.attempts.maximum", "2",
            "fs.s3a.retry.limit", "2",
            "fs.s3a.retry.interval", "250ms",
            "fs.s3a.retry.throttle.limit", "3",
            "fs.s3a.connection.establish.timeout", "5000",
            "fs.s3a.connection.timeout", "20000",
            // without it, a write hung in S3AFileSystem.finishedWrite against S3-compatible servers
            "fs.s3a.directory.marker.retention", "keep",
            // a read whose object is replaced between S3A's HEAD and GET fails (and is retried) instead of mixing the two
            "fs.s3a.change.detection.mode", "client");

    private static final String DEFAULT_CHAIN = "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    public S3Settings {
        properties = Map.copyOf(new TreeMap<>(properties));
    }

    /** From the process's environment and the user's {@code key=value} settings, for this process's Hadoop. */
    public static S3Settings read(Map<String, String> env, Map<String, String> conf) {
        return read(env, conf, org.apache.hadoop.util.VersionInfo.getVersion());
    }

    /**
     * From the process's environment and the user's {@code key=value} settings, for Hadoop {@code hadoopVersion}: with
     * no keys in the environment, Hadoop 3.3 gets the SDK v1 default chain (profiles, web identity, container and
     * instance roles); Hadoop 3.4 and later (the AWS SDK v2, as on EMR 7.4+) no provider at all, so S3A's own default
     * chain, or the one the platform configures, applies.
     */
    static S3Settings read(Map<String, String> env, Map<String, String> conf, String hadoopVersion) {
        Map<String, String> p = new TreeMap<>(BOUNDED);
        String key = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
        String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
        String token = blankToNull(env.get("AWS_SESSION_TOKEN"));
        if (key != null && secret != null) {
            p.put("fs.s3a.access.key", key);
            p.put("fs.s3a.secret.key", secret);
            if (token != null) {
                p.put("fs.s3a.session.token", token);
                p.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
            } else {
                p.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            }
        } else if (!hadoopVersion.startsWith("3.3") && !hadoopVersion.startsWith("3.2")) {
            // Hadoop 3.4 and later (EMR 7.4+, AWS SDK v2): S3A's own default chain, or whatever the platform configures;
            // the SDK v1 chain below is not mapped there
        } else {
            // Hadoop 3.3 (AWS SDK v1): profiles (AWS_PROFILE, ~/.aws), web identity, container and instance roles
            p.put("fs.s3a.aws.credentials.provider", DEFAULT_CHAIN);
        }
        String region = blankToNull(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")));
        if (region != null) {
            p.put("fs.s3a.endpoint.region", region);
        }
        String endpoint = blankToNull(env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL")));
        if (endpoint != null) {
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                uri = URI.create("invalid:/");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new UsageException("AWS endpoint " + endpoint + " is not a URL; write e.g. http://127.0.0.1:9000");
            }
            p.put("fs.s3a.endpoint", endpoint);
            p.put("fs.s3a.path.style.access", "true");
            p.put("fs.s3a.connection.ssl.enabled", String.valueOf(uri.getScheme().equalsIgnoreCase("https")));
            if (region == null) {
                // an S3-compatible server ignores the region, but the SDK needs one to sign
                p.put("fs.s3a.endpoint.region", "us-east-1");
            }
        }
        conf.forEach((k, v) -> {
            String name = k.startsWith("spark.hadoop.") ? k.substring("spark.hadoop.".length()) : k;
            if (!name.startsWith("fs.s3a.")) {
                throw new UsageException("--conf " + k + " is not an S3 setting; bankdata takes fs.s3a.* (or"
                        + " spark.hadoop.fs.s3a.*) settings there");
            }
            p.put(name, v);
        });
        return new S3Settings(p);
    }

    /** From this process's environment, with the user's {@code key=value} settings. */
    public static S3Settings fromEnvironment(Map<String, String> conf) {
        return read(System.getenv(), conf);
    }

    /** The endpoint requests go to, as a user reads it. */
    public String endpoint() {
        return properties.getOrDefault("fs.s3a.endpoint", "AWS S3 (default endpoint)");
    }

    /** The properties as Spark settings ({@code spark.hadoop.fs.s3a.*}) for Spark in this process. */
    public Map<String, String> sparkProperties() {
        return sparkProperties("local[*]");
    }

    /**
     * The properties as Spark settings ({@code spark.hadoop.fs.s3a.*}) for a session on {@code master}. No output
     * committer: tables are Iceberg tables, whose writers put each data file in place and commit the table once.
     */
    public Map<String, String> sparkProperties(String master) {
        Map<String, String> spark = new TreeMap<>();
        properties.forEach((k, v) -> spark.put("spark.hadoop." + k, v));
        return spark;
    }

    /** The settings without secrets, for logs and messages. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(properties);
        shown.replaceAll((k, v) -> k.toLowerCase(Locale.ROOT).matches(".*(secret|token|access\\.key).*") ? "***" : v);
        return "S3Settings" + shown;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** No S3 settings at all (a local lake). */
    public static S3Settings none() {
        return new S3Settings(Map.of());
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

}
