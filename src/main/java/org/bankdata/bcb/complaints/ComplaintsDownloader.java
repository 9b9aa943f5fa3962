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
import java.nio.charset.Charset;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.LocalLakeStorage;
import org.bankdata.source.rest.HttpAnswer;
import org.bankdata.config.HttpPolicy;
import org.bankdata.source.rest.ResilientHttp;

/**
 * Downloads quarterly complaints-ranking files from the BCB with the same retry policy as the fees API, one
 * quarter after another, into a folder the pipeline reads ({@code --complaints}). An empty answer means the
 * quarter is not published yet: reported, nothing stored. A non-empty answer must be a ranking file for the
 * quarter asked (header checked, first row's Ano/Trimestre compared); it is written atomically under the
 * BCB's own file name, and a file already holding the same bytes is left alone. The folder is local or on S3
 * ({@code s3a://bucket/prefix}), written through the lake's storage: a local file is replaced by an atomic rename,
 * an object by one PUT, so a reader sees the old file or the new one, never part of it.
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

    /** As {@link #download(List, LakeStorage, Consumer)} into the local folder {@code into} (made when missing). */
    public List<QuarterDownload> download(List<Quarter> quarters, Path into, Consumer<QuarterDownload> onEach) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new LakeException("cannot create " + into + " (" + ErrorMessages.describe(e) + "); check --into", e);
        }
        return download(quarters, new LocalLakeStorage(into), onEach);
    }

    /**
     * Downloads {@code quarters} in order into the folder of {@code into} (local or on S3), telling {@code onEach} as
     * each is done. A failure stops at its quarter; its message then names the quarters already stored, which stay (a
     * rerun finds them unchanged).
     */
    public List<QuarterDownload> download(List<Quarter> quarters, LakeStorage into, Consumer<QuarterDownload> onEach) {
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

    private QuarterDownload downloadOne(Quarter quarter, LakeStorage into) {
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
        String name = ComplaintsRankingApi.fileName(quarter);
        LakeLocation target = into.location(name);
        check(body, quarter, url.toString());
        if (into.read(name).filter(stored -> Arrays.equals(stored, body)).isPresent()) {
            return new QuarterDownload(quarter, url, QuarterDownload.Outcome.UNCHANGED, target, body.length, answer.attempts());
        }
        try {
            into.write(name, body);
        } catch (LakeException e) {
            if (target.isS3()) {
                throw e; // it names the object, the endpoint, and the credentials and permissions to check
            }
            throw new LakeException("cannot write " + target + " (" + ErrorMessages.describe(e.getCause() != null ? e.getCause() : e)
                    + "); check --into is writable", e);
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
    private static void check(byte[] body, Quarter quarter, String url) {
        Charset charset = inspect(body, url);
        List<String> lines = new String(body, charset).lines().limit(2).toList();
        if (lines.size() < 2) {
            return;
        }
        Matcher m = FIRST_CELLS.matcher(lines.get(1));
        if (m.find() && (Integer.parseInt(m.group(1)) != quarter.year() || Integer.parseInt(m.group(2)) != quarter.quarter())) {
            throw new BadInputException("the server answered " + url + " (" + quarter + ") with the ranking of "
                    + m.group(1) + "Q" + m.group(2) + "; check --complaints-url");
        }
    }

    private static Charset inspect(byte[] body, String url) {
        try {
            return RankingFileHeader.inspect(ANSWER, body);
        } catch (BadInputException e) {
            throw new BadInputException("the server answered " + url + " with something that is not a BCB ranking file ("
                    + e.getMessage().replace(". Move it out of the --complaints folder", "") + "); check " + HINT, e);
        }
    }

    /** What messages call an answer being checked. */
    private static final String ANSWER = "the answer";
}
