package org.bankdata.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bankdata.bcb.complaints.ComplaintsDownloader;
import org.bankdata.bcb.complaints.ComplaintsRankingApi;
import org.bankdata.bcb.complaints.QuarterDownload;
import org.bankdata.config.BankdataHome;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.S3LakeStorage;
import org.bankdata.config.Quarter;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.UsageException;
import org.bankdata.config.HttpPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata fetch-complaints}: downloads quarterly complaints-ranking files from the BCB. */
@Command(name = "fetch-complaints", mixinStandardHelpOptions = true,
        description = "Download BCB complaints-ranking files (one CSV per quarter) into a folder `bankdata run"
                + " --complaints` reads. A quarter the BCB has not published yet (empty answer) is reported, not stored.")
public final class FetchComplaintsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "QUARTER", description = "First quarter, e.g. 2022Q1.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "QUARTER", description = "Last quarter, e.g. 2022Q4.")
    String to;

    @Option(names = "--into", paramLabel = "DIR|URL",
            description = "Folder to store the files in, local or s3a://bucket/prefix (default: the bundled"
                    + " data/bcb/complaints, so the next `bankdata run` includes them).")
    String into;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "An S3A setting for an s3a:// --into (fs.s3a.* or spark.hadoop.fs.s3a.*), over the AWS_* variables;"
                    + " repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--complaints-url", paramLabel = "URL", defaultValue = ComplaintsRankingApi.LIVE_BASE,
            description = "Base of the ranking download (default: ${DEFAULT-VALUE}); ?ano=&periodicidade=TRIMESTRAL"
                    + "&periodo=&tipo= is appended.")
    URI complaintsUrl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Timeout of one request (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + HttpPolicy.DEFAULT_RETRIES,
            description = "Retries of a failed request, with backoff, honouring Retry-After (default: ${DEFAULT-VALUE}).")
    int retries;

    @Override
    public Integer call() {
        QuarterRange range = QuarterRange.of(from, to);
        String scheme = complaintsUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new UsageException("--complaints-url " + complaintsUrl + " must be an http(s) URL, e.g. "
                    + ComplaintsRankingApi.LIVE_BASE);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new UsageException("--timeout must be between 0 and 3600 seconds, got " + timeoutSeconds);
        }
        List<Quarter> quarters = ComplaintsDownloader.quarters(range.from(), range.to());
        if (quarters.size() > 200) {
            throw new UsageException("--from " + from + " --to " + to + " spans " + quarters.size() + " quarters; ask for 200 at most");
        }
        LakeLocation folder = into != null ? LakeLocation.parseInput("--into", into)
                : LakeLocation.local(BankdataHome.detect().bundledComplaints());
        HttpPolicy policy = HttpPolicy.defaults().withTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000))).withRetries(retries);
        PrintWriter out = spec.commandLine().getOut();
        ComplaintsDownloader downloader = new ComplaintsDownloader(new ComplaintsRankingApi(complaintsUrl), policy);
        Consumer<QuarterDownload> told = r -> {
            out.println(r.describe());
            out.flush();
        };
        List<QuarterDownload> results;
        if (folder.isLocal()) {
            results = downloader.download(quarters, folder.localPath(), told);
        } else {
            try (S3LakeStorage bucket = S3LakeStorage.open(folder, S3Settings.fromEnvironment(conf))) {
                results = downloader.download(quarters, bucket, told);
            }
        }
        long stored = results.stream().filter(r -> r.outcome() == QuarterDownload.Outcome.STORED).count();
        long missing = results.stream().filter(r -> r.outcome() == QuarterDownload.Outcome.NOT_PUBLISHED).count();
        spec.commandLine().getErr().printf("%d quarter(s): %d stored, %d unchanged, %d not published yet; folder %s%n",
                results.size(), stored, results.size() - stored - missing, missing, folder);
        return 0;
    }
}
