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
import java.util.List;
import java.time.Duration;
import org.bankdata.config.PersonType;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.bankdata.config.HttpPolicy;

/**
 * {@code runs.params_json} as releases before the stored format 2 wrote it: a flat object of strings and numbers.
 * Read only, so that runs recorded then can still be resumed and still find an identical earlier run; new runs are
 * stored as {@link RunParameters}. Its hash is the one those releases computed (pinned by a test).
 */
record LegacyRunParameters(@Identifying String complaints, @Identifying String banks, @Identifying String apiUrl,
        @Identifying int apiPageSize, @Identifying String personType, @Identifying String refresh, int apiConcurrency,
        double apiRate, double apiTimeoutSeconds, int apiRetries, @Identifying String from, @Identifying String to,
        @Identifying String inputsSha256, @Identifying String maxQuarantined) {
    static final String REPLAY = "replay";
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
        return Arrays.stream(LegacyRunParameters.class.getRecordComponents()).filter(c -> c.isAnnotationPresent(Identifying.class))
                .map(RecordComponent::getName).toList();
    }

    static LegacyRunParameters read(String json) {
        try {
            return JSON.readValue(json, LegacyRunParameters.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable run parameters " + json + ": " + e.getMessage(), e);
        }
    }

    /** Digest of the {@link Identifying} parameters (see the class comment). */
    public String hash() {
        List<String> identity = new ArrayList<>();
        for (RecordComponent component : LegacyRunParameters.class.getRecordComponents()) {
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
    public RunConfig config(LakeLocation replayResponses, LakeLocation lake, String master) {
        HttpPolicy http = HttpPolicy.defaults()
                .withTimeout(Duration.ofMillis(Math.round(apiTimeoutSeconds * 1000)))
                .withRetries(apiRetries)
                .withRate(apiRate);
        FeesApiConfig api = new FeesApiConfig(REPLAY.equals(apiUrl) ? null : URI.create(apiUrl), apiPageSize, apiConcurrency,
                PersonType.parseChoice(personType), RefreshPolicy.parse(refresh), http);
        return new RunConfig(LakeLocation.local(Path.of(complaints)), LakeLocation.local(Path.of(banks)), api, replayResponses,
                lake, master, quarantineLimit(), null);
    }

}
