package org.bankdata.lake;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;

/**
 * An S3-compatible server on 127.0.0.1 for tests: S3Proxy 2.6.0 with its in-memory blob store, started as a child JVM
 * from its self-contained jar (its bundled Jackson, Netty and Guava would clash with Spark's on the test classpath).
 * One server per test JVM ({@link #shared}), a bucket per test.
 * <p>
 * In memory, keys are flat as in S3. S3Proxy's file-system store maps a directory marker ({@code a/}) to a folder and,
 * asked to delete one that still holds objects, retries for 10 seconds before giving up; S3A's bulk delete of the
 * magic committer's job folder lists that folder's marker before its children's, so every Spark write on a cluster
 * waited 10 seconds for it (S3 itself deletes each key on its own).
 * <p>
 * The jar is resolved by Maven into {@code target/s3proxy/} (see the pom's {@code copy-s3proxy} execution).
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "bankdata-test";
    public static final String SECRET_KEY = "bankdata-test-secret";

    private static S3TestServer shared;

    private final int port;
    private final Process process;
    private final AmazonS3 client;

    private S3TestServer(int port, Process process) {
        this.port = port;
        this.process = process;
        this.client = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY))).build();
    }

    /**
     * The server of this test JVM, started on first use and stopped when the JVM exits; each test class makes buckets
     * of its own ({@link #newLake}).
     */
    public static synchronized S3TestServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            S3TestServer server = start(Files.createTempDirectory("s3-test-server"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            shared = server;
        }
        return shared;
    }

    /** Starts a server keeping its configuration and log under {@code dir}; returns once it accepts connections. */
    public static S3TestServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort());
    }

    /** Starts a server on {@code port}. */
    public static S3TestServer start(Path dir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        p.setProperty("jclouds.provider", "transient");
        p.setProperty("jclouds.identity", ACCESS_KEY);
        p.setProperty("jclouds.credential", SECRET_KEY);
        Path properties = dir.resolve("s3proxy.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            p.store(out, "S3TestServer");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", jar().toString(), "org.gaul.s3proxy.Main", "--properties",
                properties.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3TestServer server = new S3TestServer(port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log") + ":\n"
                        + Files.readString(dir.resolve("s3proxy.log")));
            }
            Thread.sleep(100);
        }
        return server;
    }

    /** The S3Proxy jar with its dependencies. */
    static Path jar() {
        Path jar = Path.of("target/s3proxy/s3proxy-jar-with-dependencies.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run `mvn process-test-resources` once (it copies S3Proxy there)");
        }
        return jar;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Makes a new, empty bucket and returns its name. */
    public String createBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 12);
        client.createBucket(bucket);
        return bucket;
    }

    /** The lake {@code s3a://<new bucket>/<prefix>}. */
    public LakeLocation newLake(String prefix) {
        return LakeLocation.parse("s3a://" + createBucket() + "/" + prefix);
    }

    /** The AWS variables a user would set for this server (for child JVMs and {@link #settings()}). */
    public Map<String, String> awsEnvironment() {
        return awsEnvironment(endpoint());
    }

    /** The AWS variables for a server at {@code endpoint} with this server's credentials. */
    public static Map<String, String> awsEnvironment(String endpoint) {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_ENDPOINT_URL_S3", endpoint,
                "AWS_REGION", "us-east-1");
    }

    /** The settings bankdata reads from {@link #awsEnvironment()}. */
    public S3Settings settings() {
        return S3Settings.read(awsEnvironment(), Map.of());
    }

    /** The same settings as {@code --conf} arguments, for an in-process CLI that cannot set environment variables. */
    public List<String> confArguments() {
        List<String> args = new ArrayList<>();
        settings().properties().forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Stores {@code bytes} as the object at {@code location}, straight through the server's own client. */
    public void putObject(LakeLocation location, byte[] bytes) {
        com.amazonaws.services.s3.model.ObjectMetadata metadata = new com.amazonaws.services.s3.model.ObjectMetadata();
        metadata.setContentLength(bytes.length);
        client.putObject(location.bucket(), location.prefix(), new java.io.ByteArrayInputStream(bytes), metadata);
    }

    /** Copies every file directly in the local folder {@code dir} to an object under {@code location} of the same name. */
    public void upload(Path dir, LakeLocation location) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                putObject(location.resolve(file.getFileName().toString()), Files.readAllBytes(file));
            }
        }
    }

    /** The bytes of an object, read straight from the server. */
    public byte[] objectBytes(LakeLocation location) throws IOException {
        try (var object = client.getObject(location.bucket(), location.prefix()).getObjectContent()) {
            return object.readAllBytes();
        }
    }

    /** Whether an object is stored under {@code location} (a key of its own, not a prefix). */
    public boolean hasObject(LakeLocation location) {
        return client.doesObjectExist(location.bucket(), location.prefix());
    }

    /** How many objects are stored under the prefix {@code location/}. */
    public int objectsUnder(LakeLocation location) {
        return client.listObjectsV2(location.bucket(), location.prefix() + "/").getKeyCount();
    }

    /** Deletes every object stored under the prefix {@code location/}, as emptying a bucket by hand would. */
    public void deleteUnder(LakeLocation location) {
        var listing = client.listObjectsV2(location.bucket(), location.prefix() + "/");
        while (true) {
            listing.getObjectSummaries().forEach(o -> client.deleteObject(location.bucket(), o.getKey()));
            if (!listing.isTruncated()) {
                return;
            }
            listing = client.listObjectsV2(new ListObjectsV2Request()
                    .withBucketName(location.bucket()).withPrefix(location.prefix() + "/")
                    .withContinuationToken(listing.getNextContinuationToken()));
        }
    }

    /** Stops the server (its objects are gone with it). */
    @Override
    public void close() {
        client.shutdown();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
