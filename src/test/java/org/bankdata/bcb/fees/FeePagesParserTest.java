package org.bankdata.bcb.fees;

import org.bankdata.config.LakeLocation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.TestSpark;
import org.bankdata.source.ParsedRows;
import org.bankdata.spark.SparkJobCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.config.PersonType;

/** Parses three recorded fee responses (two with records, one empty) landed as pages, checked against Jackson. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeePagesParserTest {
    /** 16 records, one Percentual, fees of 800.00; 25 records with Percentual ones; an empty value array. */
    private static final List<String> CNPJS = List.of("05040481", "00122327", "01027058");
    private static final String LOAD_ID = "run-20240101T000000Z";
    private static final Instant FETCHED_AT = Instant.parse("2024-01-01T12:34:56.789Z");

    private final SparkSession spark = TestSpark.session();
    private final FeePagesParser parser = new FeePagesParser();

    @TempDir
    static Path tmp;

    private ParsedRows parsed;
    private List<Row> valid;
    /** Raw records by page file name. */
    private final Map<String, List<JsonNode>> raw = new LinkedHashMap<>();

    static String url(String cnpj8) {
        return "http://127.0.0.1:1/olinda/servico/fees?@CNPJ='" + cnpj8 + "'&$top=100&$skip=0&$format=json";
    }

    @BeforeAll
    void parsePages() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("fees"));
        List<FeePage> pages = new ArrayList<>();
        for (String cnpj8 : CNPJS) {
            Path response = BundledData.feeResponses().resolve("J_" + cnpj8 + ".json");
            String name = FeePage.fileName(PersonType.J, cnpj8, 0);
            Path page = Files.copy(response, dir.resolve(name));
            List<JsonNode> records = RawBcbFiles.feeRecords(response);
            raw.put(name, records);
            pages.add(new FeePage(PersonType.J, cnpj8, 0, url(cnpj8), FETCHED_AT, page.toString(), records.size(), 1, LOAD_ID));
        }
        assertThat(raw.values()).extracting(List::size).containsExactly(16, 25, 0);
        parsed = parser.parse(spark, pages, LakeLocation.local(dir));
        valid = parsed.valid().collectAsList();
    }

    @AfterAll
    void release() {
        parsed.close();
    }

    /**
     * Every bundled answer with records, each page a file of its own (more files than Spark's default bound of 32 for
     * checking them from the driver): the pages are checked without a Spark job, where Spark's default ran a job of one
     * task per file, and every record is read.
     */
    @Test
    void manyPagesAreReadWithoutAListingJobAndEveryRecordIsParsed() throws IOException, InterruptedException {
        Path dir = Files.createDirectory(tmp.resolve("many"));
        List<FeePage> pages = new ArrayList<>();
        long records = 0;
        try (var responses = Files.list(BundledData.feeResponses())) {
            for (Path response : responses.filter(f -> f.getFileName().toString().startsWith("J_")).sorted().toList()) {
                int n = RawBcbFiles.feeRecords(response).size();
                if (n > 0) {
                    String cnpj8 = RawBcbFiles.feeFileCnpj8(response);
                    Path page = Files.copy(response, dir.resolve(FeePage.fileName(PersonType.J, cnpj8, 0)));
                    pages.add(new FeePage(PersonType.J, cnpj8, 0, url(cnpj8), FETCHED_AT, page.toString(), n, 1, LOAD_ID));
                    records += n;
                }
            }
        }
        assertThat(pages).as("pages with records").hasSizeGreaterThan(32);

        String group = "fee-pages-" + System.nanoTime();
        ParsedRows many;
        try (SparkJobCounter jobs = SparkJobCounter.register(spark.sparkContext())) {
            spark.sparkContext().setJobGroup(group, "reading the fee pages", false);
            try {
                many = parser.parse(spark, pages, LakeLocation.local(dir));
            } finally {
                spark.sparkContext().clearJobGroup();
            }
            assertThat(jobsStartedIn(jobs, group)).as("Spark jobs started to plan the read").isZero();
        }
        try {
            assertThat(many.valid().count()).isEqualTo(records);
            assertThat(many.quarantined().count()).isZero();
        } finally {
            many.close();
        }
    }

    /**
     * The jobs {@code jobs} counted in {@code group}, once Spark has told it of every job started so far: Spark tells its
     * listeners in order, on a thread of its own, so a marker job started now is told last.
     */
    private int jobsStartedIn(SparkJobCounter jobs, String group) throws InterruptedException {
        String marker = group + "-marker";
        spark.sparkContext().setJobGroup(marker, "marker", false);
        try {
            spark.range(1).count();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!jobs.jobsByGroup().containsKey(marker)) {
            assertThat(System.nanoTime()).as("Spark told of the marker job").isLessThan(deadline);
            Thread.sleep(10);
        }
        return jobs.jobsByGroup().getOrDefault(group, 0);
    }

    /** ValorMaximo as written in the response (Jackson strips trailing zeros; the scale-2 form is exact, never rounded). */
    private static BigDecimal fee(JsonNode record) {
        return record.get("ValorMaximo").decimalValue().setScale(2);
    }

    private Row row(String cnpj8, int recordIndex) {
        return valid.stream().filter(r -> cnpj8.equals(r.getAs("cnpj8")) && r.<Long>getAs("record_index") == recordIndex)
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + cnpj8 + " #" + recordIndex));
    }

    /**
     * Each page's file name (the lineage column page_file, also the key its fetch metadata is joined on) is taken from
     * the path Spark read once per page, below the explode of its records: worked out above it, it was done again for
     * every record, a fifth of the step's time with 9,000 pages of about 20 records.
     */
    @Test
    void thePageFileNameIsWorkedOutOncePerPageNotOncePerRecord() {
        List<String> plan = parsed.valid().queryExecution().optimizedPlan().treeString().lines().toList();
        int explode = indexOf(plan, "Generate posexplode");
        int fileName = indexOf(plan, "input_file_name");
        assertThat(explode).as("the records' explode in%n%s", String.join("\n", plan)).isNotNegative();
        assertThat(fileName).as("where the file name is worked out in%n%s", String.join("\n", plan)).isGreaterThan(explode);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void oneRowPerRecordAndNothingQuarantined() {
        assertThat(valid).hasSize(raw.values().stream().mapToInt(List::size).sum());
        assertThat(parsed.quarantined().count()).isZero();
        Map<String, Long> perPage = valid.stream().collect(Collectors.groupingBy(r -> r.<String>getAs("page_file"), Collectors.counting()));
        assertThat(perPage).containsOnly(Map.entry("J_05040481_skip-000000.json", 16L), Map.entry("J_00122327_skip-000000.json", 25L));
    }

    @Test
    void everyRowMatchesItsRecordExactly() {
        for (Map.Entry<String, List<JsonNode>> page : raw.entrySet()) {
            String cnpj8 = page.getKey().substring(2, 10);
            for (int i = 0; i < page.getValue().size(); i++) {
                JsonNode record = page.getValue().get(i);
                Row row = row(cnpj8, i);
                String at = page.getKey() + " #" + i;
                assertThat(row.<String>getAs("person_type")).isEqualTo("J");
                assertThat(row.<String>getAs("service_code")).as(at).isEqualTo(record.get("CodigoServico").asText());
                assertThat(row.<String>getAs("service_name")).as(at).isEqualTo(record.get("Servico").asText());
                assertThat(row.<String>getAs("unit")).as(at).isEqualTo(record.get("Unidade").asText());
                assertThat(row.<String>getAs("periodicity")).as(at).isEqualTo(record.get("Periodicidade").asText());
                assertThat(row.<Date>getAs("valid_from")).as(at).isNotNull();
                assertThat(row.<Date>getAs("valid_from").toLocalDate()).as(at).isEqualTo(LocalDate.parse(record.get("DataVigencia").asText()));
                assertThat(row.<BigDecimal>getAs("max_fee")).as(at).isEqualTo(fee(record));
                assertThat(row.<String>getAs("fee_type")).as(at).isEqualTo(record.get("TipoValor").asText());
            }
        }
    }

    @Test
    void maxFeeIsAnExactDecimal() {
        List<Row> eightHundred = valid.stream().filter(r -> "J_05040481_skip-000000.json".equals(r.getAs("page_file"))
                && new BigDecimal("800.00").equals(r.getAs("max_fee"))).toList();
        long rawEightHundred = raw.get("J_05040481_skip-000000.json").stream()
                .filter(n -> n.get("ValorMaximo").decimalValue().compareTo(new BigDecimal("800")) == 0).count();
        assertThat(rawEightHundred).isPositive();
        assertThat(eightHundred).hasSize((int) rawEightHundred);
        assertThat(eightHundred.get(0).<BigDecimal>getAs("max_fee").scale()).isEqualTo(2);
    }

    @Test
    void percentualFeesKeepTheirTypeAndValue() {
        List<JsonNode> rawPercentual = raw.values().stream().flatMap(List::stream)
                .filter(n -> n.get("TipoValor").asText().equals("Percentual")).toList();
        assertThat(rawPercentual).isNotEmpty();
        assertThat(rawPercentual).anyMatch(n -> n.get("ValorMaximo").decimalValue().signum() > 0);
        List<Row> percentual = valid.stream().filter(r -> "Percentual".equals(r.getAs("fee_type"))).toList();
        assertThat(percentual).hasSize(rawPercentual.size());
        assertThat(percentual.stream().map(r -> r.<BigDecimal>getAs("max_fee")).toList())
                .containsExactlyInAnyOrderElementsOf(rawPercentual.stream().map(FeePagesParserTest::fee).toList());
    }

    @Test
    void lineageColumnsComeFromThePageAndTheRun() {
        assertThat(valid).allSatisfy(r -> {
            assertThat(r.<String>getAs("load_id")).isEqualTo(LOAD_ID);
            assertThat(r.<Timestamp>getAs("fetched_at").toInstant()).isEqualTo(FETCHED_AT);
            assertThat(r.<String>getAs("source_url")).isEqualTo(url(r.getAs("cnpj8")));
            assertThat(r.<String>getAs("page_file")).isEqualTo(FeePage.fileName(PersonType.J, r.getAs("cnpj8"), 0));
        });
        assertThat(parsed.valid().schema().fieldNames()).containsExactly(FeePagesParser.CURATED_SCHEMA.fieldNames());
    }

    @Test
    void badRecordsAreQuarantinedWithTheirReason() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("bad"));
        String cnpj8 = "12345678";
        String name = FeePage.fileName(PersonType.J, cnpj8, 100);
        Files.writeString(dir.resolve(name), """
                {"@odata.context":"x","value":[
                {"CodigoServico":"0101","Servico":"Ficha","Unidade":"por cliente","DataVigencia":"2020-02-29","ValorMaximo":12.5,"TipoValor":"REAL","Periodicidade":"Por evento"},
                {"CodigoServico":"0102","Servico":"Data","Unidade":"por cliente","DataVigencia":"2021/13/45","ValorMaximo":1.00,"TipoValor":"Real","Periodicidade":"Por evento"},
                {"CodigoServico":"0103","Servico":"Valor","Unidade":"por cliente","DataVigencia":"2021-01-01","ValorMaximo":"abc","TipoValor":"Real","Periodicidade":"Por evento"},
                {"CodigoServico":"0104","Servico":"Moeda","Unidade":"por cliente","DataVigencia":"2021-01-01","ValorMaximo":3.00,"TipoValor":"Euro","Periodicidade":"Por evento"},
                {"CodigoServico":"0105","Servico":"Taxa","Unidade":"por cliente","DataVigencia":"2021-01-01","ValorMaximo":"0.75","TipoValor":"percentual","Periodicidade":"Mensal"},
                {"CodigoServico":"0106","Servico":"Centavos","Unidade":"por cliente","DataVigencia":"2021-01-01","ValorMaximo":1.005,"TipoValor":"Real","Periodicidade":"Por evento"}
                ]}
                """, StandardCharsets.UTF_8);
        FeePage page = new FeePage(PersonType.J, cnpj8, 100, url(cnpj8), FETCHED_AT, dir.resolve(name).toString(), 6, 1, LOAD_ID);

        try (ParsedRows result = parser.parse(spark, List.of(page), LakeLocation.local(dir))) {
            Map<String, Row> good = result.valid().collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<String>getAs("service_code"), Function.identity()));
            assertThat(good).containsOnlyKeys("0101", "0105");
            assertThat(good.get("0101").<String>getAs("fee_type")).isEqualTo("Real");
            assertThat(good.get("0101").<BigDecimal>getAs("max_fee")).isEqualTo(new BigDecimal("12.50"));
            assertThat(good.get("0101").<Date>getAs("valid_from").toLocalDate()).isEqualTo(LocalDate.of(2020, 2, 29));
            assertThat(good.get("0105").<String>getAs("fee_type")).isEqualTo("Percentual");
            assertThat(good.get("0105").<BigDecimal>getAs("max_fee")).isEqualTo(new BigDecimal("0.75"));

            Map<Long, Row> bad = result.quarantined().collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<Long>getAs("line"), Function.identity()));
            assertThat(bad).containsOnlyKeys(2L, 3L, 4L, 6L);
            assertThat(bad.values()).allSatisfy(r -> {
                assertThat(r.<String>getAs("file")).isEqualTo(name);
                assertThat(r.<String>getAs("source")).isEqualTo("fees");
            });
            assertThat(bad.get(2L).<String>getAs("reason")).contains("DataVigencia").contains("2021/13/45");
            assertThat(bad.get(3L).<String>getAs("reason")).contains("ValorMaximo").contains("abc");
            assertThat(bad.get(4L).<String>getAs("reason")).contains("TipoValor").contains("Euro");
            assertThat(bad.get(4L).<String>getAs("raw")).contains("\"CodigoServico\":\"0104\"");
            // rounding 1.005 to a 2-decimal column would change the fee silently
            assertThat(bad.get(6L).<String>getAs("reason")).contains("ValorMaximo").contains("more than 2 decimal places");
        }
    }

    @Test
    void pagesWithoutRecordsGiveAnEmptyResult() {
        FeePage empty = new FeePage(PersonType.J, "01027058", 0, url("01027058"), FETCHED_AT,
                tmp.resolve("fees").resolve(FeePage.fileName(PersonType.J, "01027058", 0)).toString(), 0, 1, LOAD_ID);
        try (ParsedRows result = parser.parse(spark, List.of(empty), LakeLocation.local(tmp.resolve("fees")))) {
            assertThat(result.valid().count()).isZero();
            assertThat(result.quarantined().count()).isZero();
            assertThat(result.valid().schema()).isEqualTo(FeePagesParser.CURATED_SCHEMA);
        }
    }
}
