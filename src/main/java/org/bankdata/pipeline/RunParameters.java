package org.bankdata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.bankdata.config.PersonType;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.bankdata.bcb.complaints.RankingFiles;
import org.bankdata.source.InputFingerprint;
import org.bankdata.config.HttpPolicy;

/**
 * A run's parameters, stored as its {@code params_json} so that a resume or a later job of the run uses
 * exactly them. What decides the run's output (inputs and a digest of their contents, the fees service,
 * page size, person types, refresh policy, quarters, a quarantine limit other than the default), the parameters
 * marked {@link Identifying}, makes its {@link #hash()}, which is how a run finds
 * an earlier identical one to skip; how politely the service is asked (concurrency, rate, timeout,
 * retries) is kept but does not count. The Spark master is not a parameter: the same inputs give the same
 * tables on any master.
 *
 * @param apiUrl {@code replay} for the embedded replay of the bundled recordings
 * @param personType J, F or both
 * @param refresh    missing, always or older-than=N(d|h|m)
 * @param from   first quarter (e.g. 2020Q1), or null for no lower bound
 * @param to     last quarter, or null for no upper bound
 * @param inputsSha256 digest of the ranking files and the bank list (names and bytes)
 * @param maxQuarantined {@code --max-quarantined} (e.g. {@code 5,1%}); null in runs recorded before it existed, read as
 *                   the default. It counts in the hash only when not the default, so older runs' hashes stay valid.
 */
public record RunParameters(@Identifying String complaints, @Identifying String banks, @Identifying String apiUrl,
        @Identifying int apiPageSize, @Identifying String personType, @Identifying String refresh, int apiConcurrency,
        double apiRate, double apiTimeoutSeconds, int apiRetries, @Identifying String from, @Identifying String to,
        @Identifying String inputsSha256, @Identifying String maxQuarantined) {
    public static final String REPLAY = "replay";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Marks a parameter that identifies a run's output: the marked ones, in declaration order, make the
     * {@link #hash()}. The order is part of every recorded hash; a new identifying parameter goes last and counts only
     * when not its default (as {@code maxQuarantined} does), so the runs recorded before it keep their hash.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Identifying {
    }

    /** The names of the parameters that identify a run, in the order they make the hash. */
    public static List<String> identifying() {
        return Arrays.stream(RunParameters.class.getRecordComponents()).filter(c -> c.isAnnotationPresent(Identifying.class))
                .map(RecordComponent::getName).toList();
    }

    public static RunParameters of(RunConfig config, QuarterRange quarters) {
        List<Path> files = new ArrayList<>(RankingFiles.in(config.complaintsDir()));
        files.add(config.bankList());
        FeesApiConfig api = config.feesApi();
        HttpPolicy http = api.http();
        return new RunParameters(config.complaintsDir().toString(), config.bankList().toString(),
                config.usesReplay() ? REPLAY : config.apiUrl().toString(), api.pageSize(),
                api.personTypes().size() > 1 ? "both" : api.personTypes().get(0).name(), api.refresh().toString(),
                api.concurrency(), http.requestsPerSecond(), http.requestTimeout().toMillis() / 1000.0, http.maxRetries(),
                quarters.from() == null ? null : quarters.from().toString(),
                quarters.to() == null ? null : quarters.to().toString(), InputFingerprint.of(files),
                config.maxQuarantined().toString());
    }

    public static RunParameters fromJson(String json) {
        try {
            return JSON.readValue(json, RunParameters.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable run parameters " + json + ": " + e.getMessage(), e);
        }
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
        return RefreshPolicy.MISSING.toString().equals(refresh);
    }

    /** Digest of the {@link Identifying} parameters (see the class comment). */
    public String hash() {
        List<String> identity = new ArrayList<>();
        for (RecordComponent component : RunParameters.class.getRecordComponents()) {
            if (!component.isAnnotationPresent(Identifying.class)) {
                continue;
            }
            if (component.getName().equals("maxQuarantined")) {
                // counts only when not the default, so runs recorded before the option keep their hash
                if (!quarantineLimit().equals(QuarantineLimit.DEFAULT)) {
                    identity.add("max_quarantined=" + quarantineLimit());
                }
                continue;
            }
            identity.add(String.valueOf(value(component)));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", identity)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object value(RecordComponent component) {
        try {
            return component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The quarantine limit of the run (the default when it was recorded before the option existed). */
    public QuarantineLimit quarantineLimit() {
        return maxQuarantined == null ? QuarantineLimit.DEFAULT : QuarantineLimit.parse(maxQuarantined);
    }

    public QuarterRange quarters() {
        return QuarterRange.of(from, to);
    }

    /** The configuration that reruns these parameters on {@code lake} with {@code master}. */
    public RunConfig config(Path replayResponses, Path lake, String master) {
        HttpPolicy http = HttpPolicy.defaults()
                .withTimeout(Duration.ofMillis(Math.round(apiTimeoutSeconds * 1000)))
                .withRetries(apiRetries)
                .withRate(apiRate);
        FeesApiConfig api = new FeesApiConfig(REPLAY.equals(apiUrl) ? null : URI.create(apiUrl), apiPageSize, apiConcurrency,
                PersonType.parseChoice(personType), RefreshPolicy.parse(refresh), http);
        return new RunConfig(Path.of(complaints), Path.of(banks), api, replayResponses, lake, master, quarantineLimit());
    }

    /** For the run summary and progress lines. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("complaints", complaints);
        map.put("banks", banks);
        map.put("api_url", apiUrl);
        map.put("api_page_size", Integer.toString(apiPageSize));
        map.put("person_type", personType);
        map.put("refresh", refresh);
        map.put("api_concurrency", Integer.toString(apiConcurrency));
        map.put("api_rate", apiRate > 0 ? Double.toString(apiRate) : "unlimited");
        map.put("quarters", quarters().toString());
        map.put("max_quarantined", quarantineLimit().toString());
        map.put("inputs_sha256", inputsSha256);
        return map;
    }
}
