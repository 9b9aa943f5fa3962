package org.bankdata.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bankdata.bcb.complaints.RankingFiles;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.Identifying;
import org.bankdata.config.PersonType;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.InputStorage;
import org.bankdata.source.InputFingerprint;

/**
 * A run's parameters as they are stored with it ({@code runs.params_json}), so that a resume or a later job of the
 * run uses exactly them: the run's configuration serialised as it is, the quarters it processes and a digest of its
 * input files. The parts of the configuration marked {@link Identifying} (inputs, the fees service and what is asked
 * of it, the quarantine limit), the quarters and the digest make the {@link #hash()}, which is how a run finds an
 * identical earlier one to skip; where and how politely it runs (lake, Spark master, concurrency, timeouts, rate)
 * is stored too but does not count. Runs recorded by releases before this stored format are read by
 * {@link LegacyRunParameters}.
 *
 * @param format       the stored format: {@value #FORMAT}
 * @param config       the run's configuration; on a resume its lake, Spark master and replay folder are the
 *                     current process's (see {@link #config(LakeLocation, LakeLocation, String)})
 * @param from         first quarter (e.g. 2020Q1), or null for no lower bound
 * @param to           last quarter, or null for no upper bound
 * @param inputsSha256 digest of the ranking files, the bank list and the conglomerate alias file (names and bytes)
 */
public record RunParameters(int format, RunConfig config, String from, String to, String inputsSha256) {
    static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunParameters {
        Objects.requireNonNull(config, "config");
    }

    /** The parameters of a run over {@code config}'s local inputs. */
    public static RunParameters of(RunConfig config, QuarterRange quarters) {
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            return of(config, quarters, inputs);
        }
    }

    /** The parameters of a run over {@code config}'s inputs, local or read from S3 through {@code inputs}. */
    public static RunParameters of(RunConfig config, QuarterRange quarters, InputStorage inputs) {
        List<LakeLocation> files = new ArrayList<>(RankingFiles.in(inputs, config.complaintsDir()));
        files.add(config.bankList());
        if (config.conglomerateAliases() != null) {
            files.add(config.conglomerateAliases());
        }
        return new RunParameters(FORMAT, config, quarters.from() == null ? null : quarters.from().toString(),
                quarters.to() == null ? null : quarters.to().toString(), InputFingerprint.of(inputs, files));
    }

    /** Reads what {@link #json()} wrote, or the flat object of a release before this stored format. */
    public static RunParameters fromJson(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree.has("config")) {
                return JSON.treeToValue(tree, RunParameters.class);
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable run parameters " + json + ": " + e.getMessage(), e);
        }
        LegacyRunParameters legacy = LegacyRunParameters.read(json);
        // the lake, master and replay folder of an old run are not stored: the resuming process supplies its own
        RunConfig config = legacy.config(LakeLocation.local(Path.of("replay")), LakeLocation.local(Path.of("lake")),
                RunConfig.DEFAULT_MASTER);
        return new RunParameters(FORMAT, config, legacy.from(), legacy.to(), legacy.inputsSha256());
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an identical earlier run has the same output: not when recorded answers are fetched again. */
    public boolean repeatable() {
        return config.feesApi().refresh().equals(RefreshPolicy.MISSING);
    }

    /**
     * Digest of what identifies the run: the {@link Identifying} parts of its configuration in declaration order,
     * then the quarters and the input digest. A quarantine limit counts only when it is not the default (and then
     * last), so the hash of a run is the one releases before the limit existed computed for it.
     */
    public String hash() {
        List<String> identity = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        collectIdentity(config, identity, limits);
        identity.add(String.valueOf(from));
        identity.add(String.valueOf(to));
        identity.add(String.valueOf(inputsSha256));
        identity.addAll(limits);
        return digest(identity);
    }

    static String digest(List<String> identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", identity)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the configuration's parts that identify a run, in the order they make the hash. */
    public static List<String> identifying() {
        List<String> names = new ArrayList<>();
        collectNames(RunConfig.class, "", names);
        return names;
    }

    private static void collectNames(Class<?> type, String prefix, List<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (!component.isAnnotationPresent(Identifying.class)) {
                continue;
            }
            if (hasIdentifyingParts(component.getType())) {
                collectNames(component.getType(), prefix + component.getName() + ".", names);
            } else {
                names.add(prefix + component.getName());
            }
        }
    }

    /** A record whose own components are marked: it contributes those, not itself as a whole. */
    private static boolean hasIdentifyingParts(Class<?> type) {
        return type.isRecord() && java.util.Arrays.stream(type.getRecordComponents())
                .anyMatch(c -> c.isAnnotationPresent(Identifying.class));
    }

    private static void collectIdentity(Object record, List<String> identity, List<String> limits) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (!component.isAnnotationPresent(Identifying.class)) {
                continue;
            }
            Object value = value(record, component);
            if (value instanceof QuarantineLimit limit) {
                if (!limit.equals(QuarantineLimit.DEFAULT)) {
                    limits.add("max_quarantined=" + limit);
                }
            } else if (value != null && hasIdentifyingParts(value.getClass())) {
                collectIdentity(value, identity, limits);
            } else {
                identity.add(identityText(component.getName(), value));
            }
        }
    }

    /** How one identifying value reads in the hash (the text releases before this format hashed). */
    private static String identityText(String name, Object value) {
        if (name.equals("apiUrl")) {
            return value == null ? LegacyRunParameters.REPLAY : ((URI) value).toString();
        }
        if (value instanceof List<?> list && name.equals("personTypes")) {
            return list.size() > 1 ? "both" : ((PersonType) list.get(0)).name();
        }
        return String.valueOf(value);
    }

    private static Object value(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quarantine limit of the run. */
    @JsonIgnore
    public QuarantineLimit quarantineLimit() {
        return config.maxQuarantined();
    }

    @JsonIgnore
    public QuarterRange quarters() {
        return QuarterRange.of(from, to);
    }

    /** The configuration that reruns these parameters on {@code lake} with {@code master} (the current process's). */
    public RunConfig config(LakeLocation replayResponses, LakeLocation lake, String master) {
        return new RunConfig(config.complaintsDir(), config.bankList(), config.feesApi(), replayResponses, lake, master,
                config.maxQuarantined(), config.conglomerateAliases());
    }

    /** For the run summary and progress lines. */
    public Map<String, String> asMap() {
        FeesApiConfig api = config.feesApi();
        Map<String, String> map = new LinkedHashMap<>();
        map.put("complaints", config.complaintsDir().toString());
        map.put("banks", config.bankList().toString());
        map.put("conglomerate_aliases", String.valueOf(config.conglomerateAliases()));
        map.put("api_url", identityText("apiUrl", api.apiUrl()));
        map.put("api_page_size", Integer.toString(api.pageSize()));
        map.put("person_type", identityText("personTypes", api.personTypes()));
        map.put("refresh", api.refresh().toString());
        map.put("api_concurrency", Integer.toString(api.concurrency()));
        map.put("api_rate", api.http().requestsPerSecond() > 0 ? Double.toString(api.http().requestsPerSecond()) : "unlimited");
        map.put("quarters", quarters().toString());
        map.put("max_quarantined", quarantineLimit().toString());
        map.put("inputs_sha256", inputsSha256);
        return map;
    }
}
