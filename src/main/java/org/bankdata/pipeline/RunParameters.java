package org.bankdata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.pipeline.tasks.ExtractComplaintsTask;
import org.bankdata.pipeline.tasks.InputFingerprint;

/**
 * What decides a run's output: its inputs (paths and a digest of their contents), the fees service and
 * the quarters. Stored as the run's {@code params_json}; equal parameters have equal {@link #hash()}, which
 * is how a run finds an earlier identical one to skip. The Spark master is not a parameter: the same
 * inputs give the same tables on any master.
 *
 * @param apiUrl {@code replay} for the embedded replay of the bundled recordings
 * @param from   first quarter (e.g. 2020Q1), or null for no lower bound
 * @param to     last quarter, or null for no upper bound
 * @param inputsSha256 digest of the ranking files and the bank list (names and bytes)
 */
public record RunParameters(String complaints, String banks, String apiUrl, int apiPageSize, String from, String to,
        String inputsSha256) {
    public static final String REPLAY = "replay";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunParameters of(RunConfig config, QuarterRange quarters) {
        List<Path> files = new ArrayList<>(ExtractComplaintsTask.rankingFiles(config.complaintsDir()));
        files.add(config.bankList());
        return new RunParameters(config.complaintsDir().toString(), config.bankList().toString(),
                config.usesReplay() ? REPLAY : config.apiUrl().toString(), config.apiPageSize(),
                quarters.from() == null ? null : quarters.from().toString(),
                quarters.to() == null ? null : quarters.to().toString(), InputFingerprint.of(files));
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

    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public QuarterRange quarters() {
        return QuarterRange.of(from, to);
    }

    /** The configuration that reruns these parameters on {@code lake} with {@code master}. */
    public RunConfig config(Path replayResponses, Path lake, String master) {
        return new RunConfig(Path.of(complaints), Path.of(banks), REPLAY.equals(apiUrl) ? null : URI.create(apiUrl),
                replayResponses, apiPageSize, lake, master);
    }

    /** For the run summary and progress lines. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("complaints", complaints);
        map.put("banks", banks);
        map.put("api_url", apiUrl);
        map.put("api_page_size", Integer.toString(apiPageSize));
        map.put("quarters", quarters().toString());
        map.put("inputs_sha256", inputsSha256);
        return map;
    }
}
