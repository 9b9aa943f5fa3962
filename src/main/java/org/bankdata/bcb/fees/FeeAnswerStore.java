package org.bankdata.bcb.fees;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.AtomicFiles;
import org.bankdata.lake.LakeLayout;
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

    private final LakeLayout layout;
    private final String source;

    public FeeAnswerStore(LakeLayout layout, String source) {
        if (!SAFE.matcher(source).matches()) {
            throw new IllegalArgumentException("source key must be a plain name: " + source);
        }
        this.layout = layout;
        this.source = source;
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

    public Path root() {
        return layout.feeAnswersDir(FeesExtractor.SOURCE, source);
    }

    /** Folder for the pages of an answer fetched now by {@code runId}. */
    public Path answerDir(PersonType personType, String cnpj8, Instant fetchedAt, String runId) {
        return root().resolve(personType.name()).resolve(cnpj8)
                .resolve(fetchedAt.atZone(ZoneOffset.UTC).toLocalDate().toString()).resolve(runId);
    }

    /** The most recent whole answer of every person type and CNPJ root, keyed {@code J_00000000}. */
    public Map<String, FeeAnswer> latest() {
        Map<String, FeeAnswer> latest = new HashMap<>();
        if (!Files.isDirectory(root())) {
            return latest;
        }
        try (Stream<Path> files = Files.find(root(), 5, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(ANSWER_FILE))) {
            files.map(this::read).forEach(a -> latest.merge(key(a.personType(), a.cnpj8()), a,
                    (x, y) -> Comparator.comparing(FeeAnswer::fetchedAt).thenComparing(FeeAnswer::loadId).compare(x, y) >= 0 ? x : y));
        } catch (IOException | UncheckedIOException e) {
            throw new LakeException("cannot list recorded fee answers under " + root() + ": " + e.getMessage(), e);
        }
        return latest;
    }

    public boolean isEmpty() {
        return latest().isEmpty();
    }

    public static String key(PersonType personType, String cnpj8) {
        return personType + "_" + cnpj8;
    }

    /** Records {@code answer} as whole; its pages must already be landed in {@code dir}. */
    public void record(Path dir, FeeAnswer answer) {
        Path target = dir.resolve(ANSWER_FILE);
        try {
            AtomicFiles.write(target, JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new LakeException("cannot write " + target + ": " + e.getMessage() + "; check the lake folder is writable", e);
        }
    }

    private FeeAnswer read(Path file) {
        try {
            return JSON.readValue(file.toFile(), FeeAnswer.class);
        } catch (IOException e) {
            throw new LakeException("recorded fee answer " + file + " is unreadable (" + e.getMessage()
                    + "); delete its folder and the next run fetches it again", e);
        }
    }
}
