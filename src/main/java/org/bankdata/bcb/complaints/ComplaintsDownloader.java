package org.bankdata.bcb.complaints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.config.Quarter;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.BankdataException;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.lake.AtomicFiles;
import org.bankdata.source.rest.HttpAnswer;
import org.bankdata.config.HttpPolicy;
import org.bankdata.source.rest.ResilientHttp;

/**
 * Downloads quarterly complaints-ranking files from the BCB with the same retry policy as the fees API, one
 * quarter after another, into a folder the pipeline reads ({@code --complaints}). An empty answer means the
 * quarter is not published yet: reported, nothing stored. A non-empty answer must be a ranking file for the
 * quarter asked (header checked, first row's Ano/Trimestre compared); it is written atomically under the
 * BCB's own file name, and a file already holding the same bytes is left alone.
 */
public final class ComplaintsDownloader {
    static final String HINT = "--complaints-url is right (the base of the ranking download, live: "
            + ComplaintsRankingApi.LIVE_BASE + ")";
    private static final Pattern FIRST_CELLS = Pattern.compile("^\\s*\"?(\\d{4})\"?;\"?\\s*([1-4])");

    private final ComplaintsRankingApi api;
    private final ResilientHttp http;

    public ComplaintsDownloader(ComplaintsRankingApi api, HttpPolicy policy) {
        this.api = api;
        this.http = new ResilientHttp(policy, HINT);
    }

    public List<QuarterDownload> download(List<Quarter> quarters, Path into) {
        return download(quarters, into, done -> { });
    }

    /**
     * Downloads {@code quarters} in order, telling {@code onEach} as each is done. A failure stops at its
     * quarter; its message then names the quarters already stored, which stay (a rerun finds them unchanged).
     */
    public List<QuarterDownload> download(List<Quarter> quarters, Path into, Consumer<QuarterDownload> onEach) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new LakeException("cannot create " + into + " (" + ErrorMessages.describe(e) + "); check --into", e);
        }
        List<QuarterDownload> results = new ArrayList<>();
        for (Quarter quarter : quarters) {
            QuarterDownload done;
            try {
                done = downloadOne(quarter, into);
            } catch (BankdataException e) {
                throw afterStored(e, results);
            }
            results.add(done);
            onEach.accept(done);
        }
        return results;
    }

    /** {@code failure}, saying which quarters were stored before it and that a rerun continues. */
    private static BankdataException afterStored(BankdataException failure, List<QuarterDownload> before) {
        List<String> stored = before.stream().filter(d -> d.outcome() != QuarterDownload.Outcome.NOT_PUBLISHED)
                .map(d -> d.quarter().toString()).toList();
        if (stored.isEmpty()) {
            return failure;
        }
        String message = failure.getMessage() + ". Stored " + String.join(", ", stored)
                + " before the failure; rerun to continue — stored quarters are kept";
        if (failure instanceof SourceUnavailableException) {
            return new SourceUnavailableException(message, failure);
        }
        if (failure instanceof BadInputException) {
            return new BadInputException(message, failure);
        }
        if (failure instanceof LakeException) {
            return new LakeException(message, failure);
        }
        return failure;
    }

    /** Every quarter from {@code from} to {@code to}, inclusive. */
    public static List<Quarter> quarters(Quarter from, Quarter to) {
        List<Quarter> all = new ArrayList<>();
        for (Quarter q = from; q.compareTo(to) <= 0; q = q.quarter() == 4 ? new Quarter(q.year() + 1, 1)
                : new Quarter(q.year(), q.quarter() + 1)) {
            all.add(q);
        }
        return all;
    }

    private QuarterDownload downloadOne(Quarter quarter, Path into) {
        var url = api.fileUri(quarter);
        HttpAnswer answer = http.get(url, "text/csv, */*", body -> { });
        byte[] body = answer.body();
        if (new String(body, StandardCharsets.ISO_8859_1).isBlank()) {
            return new QuarterDownload(quarter, url, QuarterDownload.Outcome.NOT_PUBLISHED, null, body.length, answer.attempts());
        }
        if (isHtml(answer, body)) {
            throw new SourceUnavailableException("the BCB answered an HTML page instead of a CSV for " + url + " (" + quarter
                    + "); the download service may be down or the quarter not published — try again later or download it"
                    + " in a browser", null);
        }
        Path target = into.resolve(ComplaintsRankingApi.fileName(quarter));
        Path tmp = into.resolve("." + target.getFileName() + ".part");
        try {
            Files.write(tmp, body);
            check(tmp, quarter, url.toString());
            if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), body)) {
                Files.delete(tmp);
                return new QuarterDownload(quarter, url, QuarterDownload.Outcome.UNCHANGED, target, body.length, answer.attempts());
            }
            AtomicFiles.replace(tmp, target);
        } catch (IOException e) {
            throw new LakeException("cannot write " + target + " (" + ErrorMessages.describe(e) + "); check --into is writable", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover .part file is hidden and ignored by the pipeline (*.csv only)
            }
        }
        return new QuarterDownload(quarter, url, QuarterDownload.Outcome.STORED, target, body.length, answer.attempts());
    }

    /** A portal's error or maintenance page: said so by its content type, or by its first non-blank character. */
    static boolean isHtml(HttpAnswer answer, byte[] body) {
        String type = answer.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1)
                .replace("\u00EF\u00BB\u00BF", "").stripLeading().toLowerCase(java.util.Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")
                || start.startsWith("<head") || start.startsWith("<body");
    }

    /** The answer must be a ranking file, and for the quarter asked. */
    private static void check(Path file, Quarter quarter, String url) throws IOException {
        var charset = inspect(file, url);
        List<String> lines = Files.readAllLines(file, charset);
        if (lines.size() < 2) {
            return;
        }
        Matcher m = FIRST_CELLS.matcher(lines.get(1));
        if (m.find() && (Integer.parseInt(m.group(1)) != quarter.year() || Integer.parseInt(m.group(2)) != quarter.quarter())) {
            throw new BadInputException("the server answered " + url + " (" + quarter + ") with the ranking of "
                    + m.group(1) + "Q" + m.group(2) + "; check --complaints-url");
        }
    }

    private static java.nio.charset.Charset inspect(Path file, String url) {
        try {
            return RankingFileHeader.inspect(file);
        } catch (BadInputException e) {
            throw new BadInputException("the server answered " + url + " with something that is not a BCB ranking file ("
                    + e.getMessage().replace(file.toString(), "the answer").replace(". Move it out of the --complaints folder", "")
                    + "); check " + HINT, e);
        }
    }
}
