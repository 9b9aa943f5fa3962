package org.bankdata.star;

import org.bankdata.config.LakeLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.TestSpark;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.bcb.banks.ConglomerateAliases;
import org.bankdata.bcb.complaints.ComplaintsRankingParser;
import org.bankdata.bcb.fees.FeePage;
import org.bankdata.bcb.fees.FeePagesParser;
import org.bankdata.config.PersonType;
import org.bankdata.bcb.complaints.RankingFileHeader;
import org.bankdata.source.ParsedRows;

/**
 * The curated tables the star transforms read, produced once per test JVM by running the parsers on all
 * the bundled files. Each is held in memory (a local relation), so no temporary file outlives its parse.
 */
final class CuratedInputs {
    static final String LOAD_ID = "star-test";

    private static Dataset<Row> complaints;
    private static Dataset<Row> bankList;
    private static Dataset<Row> fees;
    private static Dataset<Row> conformed;

    private CuratedInputs() {
    }

    static synchronized Dataset<Row> complaints() {
        if (complaints == null) {
            complaints = inTempDir(dir -> {
                Map<String, Charset> charsets = new HashMap<>();
                for (Path file : RawBcbFiles.rankingFiles()) {
                    Path copy = copy(file, dir.resolve(file.getFileName()));
                    charsets.put(copy.getFileName().toString(), RankingFileHeader.inspect(copy));
                }
                return materialize(new ComplaintsRankingParser().parse(spark(), dir, charsets));
            });
        }
        return complaints;
    }

    static synchronized Dataset<Row> bankList() {
        if (bankList == null) {
            bankList = inTempDir(dir -> {
                copy(BundledData.bankList(), dir.resolve(BundledData.bankList().getFileName()));
                return materialize(new BankListParser().parse(spark(), dir));
            });
        }
        return bankList;
    }

    /** conform_conglomerates of the bundled ranking, bank list and conglomerate alias file. */
    static synchronized Dataset<Row> conformed() {
        if (conformed == null) {
            conformed = ConformedConglomerates.build(complaints(), bankList(),
                    ConglomerateAliases.read(BundledData.HOME.bundledConglomerateAliases()), "conglomerate-aliases.csv").table().cache();
        }
        return conformed;
    }

    /** Every bundled response landed as the first (and only) page of its CNPJ. */
    static synchronized Dataset<Row> fees() {
        if (fees == null) {
            fees = inTempDir(dir -> {
                List<FeePage> pages = new ArrayList<>();
                for (Path response : RawBcbFiles.feeResponseFiles()) {
                    String cnpj8 = RawBcbFiles.feeFileCnpj8(response);
                    Path page = copy(response, dir.resolve(FeePage.fileName(PersonType.J, cnpj8, 0)));
                    pages.add(new FeePage(PersonType.J, cnpj8, 0, "http://127.0.0.1/fees/" + cnpj8, Instant.EPOCH,
                            page.toString(), RawBcbFiles.feeRecords(response).size(), 1, LOAD_ID));
                }
                return materialize(new FeePagesParser().parse(spark(), pages, LakeLocation.local(dir)));
            });
        }
        return fees;
    }

    /** A curated complaints row, for small hand-written cases; measures not named are null. */
    static Row complaint(int periodKey, String category, String cnpj8, String name, long total, String file, long line) {
        return RowFactory.create(periodKey, periodKey / 10, periodKey % 10, category, "Banco/financeira", cnpj8, name,
                null, null, null, null, total, null, null, null, file, line);
    }

    static Dataset<Row> complaints(Row... rows) {
        return spark().createDataFrame(List.of(rows), ComplaintsRankingParser.CURATED_SCHEMA);
    }

    private static SparkSession spark() {
        return TestSpark.session();
    }

    /** The valid rows, collected into a local relation; fails if any row was quarantined. */
    private static Dataset<Row> materialize(ParsedRows parsed) {
        try (parsed) {
            List<Row> quarantined = parsed.quarantined().collectAsList();
            if (!quarantined.isEmpty()) {
                throw new IllegalStateException("bundled data had quarantined rows: " + quarantined);
            }
            return spark().createDataFrame(parsed.valid().collectAsList(), parsed.valid().schema());
        }
    }

    private static Dataset<Row> inTempDir(Function<Path, Dataset<Row>> work) {
        Path dir;
        try {
            dir = Files.createTempDirectory("bankdata-star-inputs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return work.apply(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path copy(Path from, Path to) {
        try {
            return Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
