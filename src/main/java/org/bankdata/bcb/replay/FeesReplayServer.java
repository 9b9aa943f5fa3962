package org.bankdata.bcb.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.PersonType;
import org.bankdata.lake.InputStorage;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.LakeException;
import org.bankdata.bcb.fees.OlindaFeesApi;

/**
 * Serves recorded Olinda fee responses over real HTTP on 127.0.0.1, with the service's semantics:
 * {@code $top}, {@code $skip} and {@code $select}; padded and unpadded CNPJ roots name the same
 * institution; an unknown CNPJ gets an empty {@code value}. Serves {@code J_<cnpj>.json} for person type J and
 * {@code F_<cnpj>.json} for F. Lets the pipeline run offline through its real HTTP client and pagination.
 * For tests and benchmarks it can add a fixed latency to every answer and inject {@link ReplayFaults}
 * (500, 503, 429 with Retry-After, connection resets, truncated bodies, slow answers, bodies that stall half way
 * and requests never answered), and it counts requests. Stalled connections hold no thread and are dropped when
 * the replay stops.
 */
public final class FeesReplayServer implements AutoCloseable {
    public static final String BASE_PATH = "/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata";
    private static final Pattern RECORDING = Pattern.compile("([JF])_([0-9]{1,8})\\.json");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final String DEFAULT_CONTEXT = "https://olinda.bcb.gov.br" + BASE_PATH
            + "$metadata#_ListaTarifasPorInstituicaoFinanceira";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each small answer waits
        // for the client's delayed ACK (about 40 ms). Read once, when the server classes first load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JsonNode> recordings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService releases;
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private final Map<ReplayFaults.Kind, AtomicLong> faultsByKind = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final Duration latency;
    private final ReplayFaults faultSettings;
    private final ReplayFaults.Plan faultPlan;

    private FeesReplayServer(Map<String, JsonNode> recordings, String host, int port, Duration latency, ReplayFaults faults)
            throws IOException {
        this.recordings = recordings;
        this.latency = latency;
        this.faultSettings = faults;
        this.faultPlan = faults.plan();
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        // threads mostly sleep (latency, slow answers): enough of them that the server never limits the client
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "fees-replay");
            t.setDaemon(true);
            return t;
        });
        this.releases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fees-replay-stall");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Loads every {@code J_<cnpj>.json} / {@code F_<cnpj>.json} in {@code responses} and starts serving. */
    public static FeesReplayServer start(Path responses, String host, int port) {
        return start(responses, host, port, Duration.ZERO, ReplayFaults.NONE);
    }

    /** Like {@link #start(Path, String, int)}, answering each request after {@code latency}, with {@code faults}. */
    public static FeesReplayServer start(Path responses, String host, int port, Duration latency, ReplayFaults faults) {
        return start(load(responses), host, port, latency, faults);
    }

    private static FeesReplayServer start(Map<String, JsonNode> recordings, String host, int port, Duration latency,
            ReplayFaults faults) {
        try {
            return new FeesReplayServer(recordings, host, port, latency, faults);
        } catch (IOException e) {
            throw new LakeException("cannot start the fees replay on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts on 127.0.0.1 with a free port. */
    public static FeesReplayServer start(Path responses) {
        return start(responses, "127.0.0.1", 0);
    }

    /** Loads the recordings of the folder {@code responses}, local or on S3, and starts on 127.0.0.1 with a free port. */
    public static FeesReplayServer start(InputStorage inputs, LakeLocation responses) {
        return start(load(inputs, responses), "127.0.0.1", 0, Duration.ZERO, ReplayFaults.NONE);
    }

    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + BASE_PATH);
    }

    /** Requests received so far, faulty answers included. */
    public long requestCount() {
        return requests.get();
    }

    /** Requests answered with an injected fault so far. */
    public long faultCount() {
        return faults.get();
    }

    public int institutions() {
        return recordings.size();
    }

    /** The CNPJ roots (8 digits, sorted) the replay holds a recording of for {@code personType}. */
    public List<String> cnpjs(PersonType personType) {
        String prefix = personType + "_";
        return recordings.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .sorted().toList();
    }

    private static Map<String, JsonNode> load(Path responses) {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> recordings = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(responses, "*.json")) {
            for (Path file : files) {
                add(recordings, json, file.getFileName().toString(), file.toString(), () -> json.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read recorded fee responses in " + responses + ": " + e.getMessage(), e);
        }
        return recordings;
    }

    /** The recordings in the folder {@code responses}, local or on S3. */
    private static Map<String, JsonNode> load(InputStorage inputs, LakeLocation responses) {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> recordings = new HashMap<>();
        try {
            for (LakeLocation file : inputs.files(responses)) {
                add(recordings, json, file.name(), file.toString(), () -> json.readTree(inputs.readAll(file)));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read recorded fee responses in " + responses + ": " + e.getMessage(), e);
        }
        return recordings;
    }

    private interface Recording {
        JsonNode read() throws IOException;
    }

    /** Adds the recording named {@code name} (called {@code file} in messages) when its name is one of a recording. */
    private static void add(Map<String, JsonNode> recordings, ObjectMapper json, String name, String file, Recording recording)
            throws IOException {
        Matcher m = RECORDING.matcher(name);
        if (!m.matches()) {
            return;
        }
        JsonNode root = recording.read();
        if (root == null || !root.path("value").isArray()) {
            throw new BadInputException(file + " is not a recorded Olinda response: it has no 'value' array");
        }
        recordings.put(key(m.group(1), m.group(2)), root);
    }

    private static String key(String personType, String cnpj) {
        return personType + "_" + "0".repeat(Math.max(0, 8 - cnpj.length())) + cnpj;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        boolean held = false;
        try {
            held = answer(exchange);
        } finally {
            if (!held) {
                exchange.close();
            }
        }
    }

    /** Answers one request; true when the exchange was left open on purpose (a stall), held by {@link #hold}. */
    private boolean answer(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only GET is supported"));
                return false;
            }
            if (!path.equals(BASE_PATH + "/" + OlindaFeesApi.FUNCTION)) {
                send(exchange, 404, error("no such resource: " + path + "; this replay serves " + BASE_PATH + "/"
                        + OlindaFeesApi.FUNCTION));
                return false;
            }
            Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
            String personType = unquote(params.get("@PessoaFisicaOuJuridica"));
            String cnpj = unquote(params.get("@CNPJ"));
            if (personType == null || !personType.matches("[JF]")) {
                send(exchange, 400, error("@PessoaFisicaOuJuridica must be 'J' or 'F'"));
                return false;
            }
            if (cnpj == null || !cnpj.matches("[0-9]{1,8}")) {
                send(exchange, 400, error("@CNPJ must be a quoted CNPJ root of up to 8 digits, e.g. '00000000'"));
                return false;
            }
            int skip = nonNegative(params.get("$skip"), 0);
            int top = nonNegative(params.get("$top"), Integer.MAX_VALUE);
            if (skip < 0 || top < 0) {
                send(exchange, 400, error("$top and $skip must be non-negative integers"));
                return false;
            }
            Set<String> select = params.containsKey("$select")
                    ? new LinkedHashSet<>(Arrays.asList(params.get("$select").split(",")))
                    : null;
            byte[] body = page(recordings.get(key(personType, cnpj)), skip, top, select);
            ReplayFaults.Kind fault = faultPlan.next(exchange.getRequestURI().toString());
            pause(latency);
            if (fault == null) {
                send(exchange, 200, body);
                return false;
            }
            faults.incrementAndGet();
            faultsByKind.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
            return inject(exchange, fault, body);
        } catch (ConnectionDropped e) {
            throw e;
        } catch (RuntimeException e) {
            send(exchange, 500, error("replay failed: " + e.getMessage()));
            return false;
        }
    }

    /** Answers with {@code fault}; true when the exchange is held open (stalled body, no answer). */
    private boolean inject(HttpExchange exchange, ReplayFaults.Kind fault, byte[] body) throws IOException {
        switch (fault) {
            case HTTP_500 -> send(exchange, 500, error("injected fault: internal error"));
            case HTTP_503 -> send(exchange, 503, error("injected fault: service unavailable"));
            case HTTP_429 -> {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(faultSettings.retryAfter()));
                send(exchange, 429, error("injected fault: too many requests"));
            }
            case CONNECTION_RESET -> {
                // promise the whole body, send a third, drop the connection
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 3);
                out.flush();
                throw new ConnectionDropped();
            }
            case TRUNCATED_BODY -> {
                // a well-formed HTTP answer whose JSON stops half way
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body, 0, body.length / 2);
                }
            }
            case SLOW -> {
                pause(faultSettings.slow());
                send(exchange, 200, body);
            }
            case STALLED_BODY -> {
                // promise the whole body, send half of it, then nothing on an open connection
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                return hold(exchange);
            }
            case NO_ANSWER -> {
                // the connection is accepted and the request read; no status line ever comes
                return hold(exchange);
            }
        }
        return false;
    }

    /**
     * Keeps a stalled exchange open without a thread: it is closed (the connection dropped) after the fault's
     * stall time, or when the replay stops, whichever comes first.
     */
    private boolean hold(HttpExchange exchange) {
        held.add(exchange);
        try {
            releases.schedule(() -> release(exchange), faultSettings.stall().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            release(exchange); // the replay is stopping
        }
        return true;
    }

    private void release(HttpExchange exchange) {
        if (held.remove(exchange)) {
            try {
                exchange.close(); // a body short of its Content-Length: the JDK server drops the connection
            } catch (RuntimeException e) {
                // the client gave up first; the connection is gone either way
            }
        }
    }

    private static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown inside a handler to make the JDK server drop the connection. */
    private static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super("injected fault: connection dropped", null, false, false);
        }
    }

    private byte[] page(JsonNode recording, int skip, int top, Set<String> select) throws IOException {
        ObjectNode out = json.createObjectNode();
        out.put("@odata.context", recording == null ? DEFAULT_CONTEXT : recording.path("@odata.context").asText(DEFAULT_CONTEXT));
        ArrayNode value = out.putArray("value");
        if (recording != null) {
            JsonNode all = recording.get("value");
            long end = Math.min(all.size(), (long) skip + top);
            for (int i = skip; i < end; i++) {
                JsonNode record = all.get(i);
                if (select == null) {
                    value.add(record);
                } else {
                    ObjectNode projected = value.addObject();
                    for (String field : select) {
                        if (record.has(field.trim())) {
                            projected.set(field.trim(), record.get(field.trim()));
                        }
                    }
                }
            }
        }
        return json.writeValueAsBytes(out);
    }

    private byte[] error(String message) {
        ObjectNode out = json.createObjectNode();
        out.putObject("error").put("code", "").put("message", message);
        try {
            return json.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = QUOTED.matcher(value.trim());
        return m.matches() ? m.group(1) : null;
    }

    private static int nonNegative(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Requests answered with an injected fault so far, by kind. */
    public Map<ReplayFaults.Kind, Long> faultsByKind() {
        Map<ReplayFaults.Kind, Long> counts = new EnumMap<>(ReplayFaults.Kind.class);
        faultsByKind.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    /** Connections held open by a stalled-body or no-answer fault right now. */
    public int heldConnections() {
        return held.size();
    }

    /** Stops serving: drops held (stalled) connections, then every other one, and ends the server's threads. */
    @Override
    public void close() {
        releases.shutdownNow();
        for (HttpExchange exchange : List.copyOf(held)) {
            release(exchange);
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
