package org.bankdata.bcb.fees;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.LocalLakeStorage;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.bankdata.config.PersonType;

/**
 * Fee answers kept in the lake's raw area, keyed by source, person type, CNPJ root and fetch date:
 * <pre>
 * raw/fees/&lt;source&gt;/&lt;J|F&gt;/&lt;cnpj8&gt;/&lt;yyyy-MM-dd&gt;/&lt;run-id&gt;/J_&lt;cnpj8&gt;_skip-000000.json ...
 *                                                    answer.json   (written last: the answer is whole)
 * </pre>
 * The source is {@code replay} for the embedded replay, else the service's host (and port), so answers of
 * different services never stand in for each other.
 */
public final class FeeAnswerStore {
    public static final String ANSWER_FILE = "answer.json";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final LakeStorage storage;
    private final String source;

    public FeeAnswerStore(LakeStorage storage, String source) {
        if (!SAFE.matcher(source).matches()) {
            throw new IllegalArgumentException("source key must be a plain name: " + source);
        }
        this.storage = storage;
        this.source = source;
    }

    /** The answers kept in a local lake folder. */
    public FeeAnswerStore(LakeLayout layout, String source) {
        this(new LocalLakeStorage(layout.root()), source);
    }

    /** {@code replay} for the embedded replay, else host (plus {@code _port} when the URL names one). */
    public static String sourceKey(java.net.URI apiUrl) {
        if (apiUrl == null) {
            return "replay";
        }
        String host = apiUrl.getHost() == null ? "unknown" : apiUrl.getHost().replaceAll("[^A-Za-z0-9.-]", "_");
        return apiUrl.getPort() < 0 ? host : host + "_" + apiUrl.getPort();
    }

    public String source() {
        return source;
    }

    /** The lake key of this source's answers: {@code raw/fees/<source>}. */
    public String root() {
        return LakeLayout.feeAnswersKey(FeesExtractor.SOURCE, source);
    }

    /** Folder (lake key) for the pages of an answer fetched now by {@code runId}. */
    public String answerDir(PersonType personType, String cnpj8, Instant fetchedAt, String runId) {
        return root() + "/" + personType.name() + "/" + cnpj8 + "/" + fetchedAt.atZone(ZoneOffset.UTC).toLocalDate() + "/" + runId;
    }

    /** The most recent whole answer of every person type and CNPJ root, keyed {@code J_00000000}. */
    public Map<String, FeeAnswer> latest() {
        Map<String, FeeAnswer> latest = new HashMap<>();
        for (String file : storage.files(root())) {
            if (file.endsWith("/" + ANSWER_FILE) && file.split("/").length == root().split("/").length + 5) {
                FeeAnswer a = read(file);
                latest.merge(key(a.personType(), a.cnpj8()), a,
                        (x, y) -> Comparator.comparing(FeeAnswer::fetchedAt).thenComparing(FeeAnswer::loadId).compare(x, y) >= 0 ? x : y);
            }
        }
        return latest;
    }

    public boolean isEmpty() {
        return latest().isEmpty();
    }

    public static String key(PersonType personType, String cnpj8) {
        return personType + "_" + cnpj8;
    }

    /**
     * What keeps a recorded answer from being used again, or null when every page is there with the bytes it was
     * landed with (their length and SHA-256, as recorded in the answer). Pages are landed without waiting for the disk
     * ({@link org.bankdata.lake.RawLanding#landAt}), so a machine crash can leave one missing or empty; a page removed
     * or changed by hand shows the same way.
     */
    public String damage(FeeAnswer answer) {
        for (RawFile page : answer.pages()) {
            String where = storage.location(page.storedAs()).toString();
            byte[] bytes = storage.read(page.storedAs()).orElse(null);
            if (bytes == null) {
                return where + " is missing";
            }
            if (bytes.length != page.bytes()) {
                return where + " has " + bytes.length + " bytes where " + page.bytes() + " were landed";
            }
            if (!RawLanding.sha256(bytes).equals(page.sha256())) {
                return where + " does not have the bytes that were landed (its SHA-256 differs)";
            }
        }
        return null;
    }

    /**
     * Records {@code answer} as whole; its pages must already be landed in {@code dir} (a lake key). The record names
     * every page with its digest; after a machine crash it is there whole or not at all
     * ({@link LakeStorage#writeWholeOrAbsent}), and an answer with no record is fetched again.
     */
    public void record(String dir, FeeAnswer answer) {
        try {
            storage.writeWholeOrAbsent(dir + "/" + ANSWER_FILE, JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new LakeException("cannot write " + storage.location(dir + "/" + ANSWER_FILE) + ": " + e.getMessage(), e);
        }
    }

    private FeeAnswer read(String file) {
        try {
            return JSON.readValue(storage.read(file).orElseThrow(() -> new IOException("gone")), FeeAnswer.class);
        } catch (IOException e) {
            throw new LakeException("recorded fee answer " + storage.location(file) + " is unreadable (" + e.getMessage()
                    + "); delete its folder and the next run fetches it again", e);
        }
    }
}
