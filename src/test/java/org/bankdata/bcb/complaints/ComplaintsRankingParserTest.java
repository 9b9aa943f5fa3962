package org.bankdata.bcb.complaints;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.summingLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawBcbFiles.RankingLine;
import org.bankdata.TestSpark;
import org.bankdata.source.ParsedRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses the real bundled ranking files once (one of them under a misleading name) and checks every row
 * against the files read with plain Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplaintsRankingParserTest {
    /** 2020_tri_02.csv is copied under this name: its rows must still be 2020Q2. */
    private static final String MISLEADING_NAME = "2099_tri_04.csv";
    private static final String RENAMED_ORIGINAL = "2020_tri_02.csv";

    private final SparkSession spark = TestSpark.session();
    private final ComplaintsRankingParser parser = new ComplaintsRankingParser();

    @TempDir
    static Path tmp;

    private ParsedRows parsed;
    private List<Row> valid;
    private List<Row> quarantined;
    /** Raw lines of the copied files, keyed by "file:line" (file = name in the temp dir). */
    private final Map<String, RankingLine> raw = new LinkedHashMap<>();

    @BeforeAll
    void parseBundledFiles() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("complaints"));
        Map<String, Charset> charsets = new HashMap<>();
        for (Path file : RawBcbFiles.rankingFiles()) {
            String name = file.getFileName().toString().equals(RENAMED_ORIGINAL) ? MISLEADING_NAME : file.getFileName().toString();
            Path copy = Files.copy(file, dir.resolve(name));
            charsets.put(name, RankingFileHeader.inspect(copy));
            RawBcbFiles.rankingLines(copy, name).forEach(line -> raw.put(line.file() + ":" + line.line(), line));
        }
        parsed = parser.parse(spark, dir, charsets);
        valid = parsed.valid().collectAsList();
        quarantined = parsed.quarantined().collectAsList();
    }

    @AfterAll
    void release() {
        parsed.close();
    }

    private static String key(Row row) {
        return row.<String>getAs("source_file") + ":" + row.<Long>getAs("source_line");
    }

    @Test
    void everyRowOfTheBundledFilesIsValid() {
        assertThat(raw).hasSize(892);
        assertThat(valid).hasSize(892);
        assertThat(quarantined).isEmpty();
        assertThat(valid.stream().map(ComplaintsRankingParserTest::key)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(raw.keySet());
    }

    @Test
    void rowCountsPerFileAndPerQuarterMatchTheFiles() {
        Map<String, Long> perFile = valid.stream().collect(groupingBy(r -> r.<String>getAs("source_file"), counting()));
        assertThat(perFile).isEqualTo(raw.values().stream().collect(groupingBy(RankingLine::file, counting())));

        Map<Integer, Long> perQuarter = valid.stream().collect(groupingBy(r -> r.<Integer>getAs("period_key"), counting()));
        assertThat(perQuarter).isEqualTo(raw.values().stream().collect(groupingBy(RankingLine::periodKey, counting())));
        // The counts published with the data (data/bcb/complaints/PROVENANCE.md).
        assertThat(perQuarter).containsExactlyInAnyOrderEntriesOf(Map.of(20201, 104L, 20202, 111L, 20203, 112L, 20204, 101L,
                20211, 105L, 20212, 111L, 20213, 113L, 20214, 135L));
    }

    @Test
    void totalComplaintsPerQuarterMatchTheFiles() {
        Map<Integer, Long> sums = valid.stream().collect(groupingBy(r -> r.<Integer>getAs("period_key"),
                summingLong(r -> r.<Long>getAs("total_complaints"))));
        Map<Integer, Long> expected = raw.values().stream().collect(groupingBy(RankingLine::periodKey, summingLong(RankingLine::total)));
        assertThat(expected).hasSize(8);
        assertThat(sums).isEqualTo(expected);
    }

    @Test
    void caixaConglomerateTotalsOverAllQuarters() {
        long total = valid.stream().filter(r -> "CAIXA ECONÔMICA FEDERAL (conglomerado)".equals(r.getAs("institution_name")))
                .mapToLong(r -> r.<Long>getAs("total_complaints")).sum();
        assertThat(total).isEqualTo(138_458L);
    }

    @Test
    void everyRowMatchesItsLineInTheFile() {
        for (Row row : valid) {
            RankingLine line = raw.get(key(row));
            assertThat(line).as(key(row)).isNotNull();
            assertThat(row.<Integer>getAs("period_key")).as(key(row)).isEqualTo(line.periodKey());
            assertThat(row.<Integer>getAs("year") * 10 + row.<Integer>getAs("quarter")).isEqualTo(line.periodKey());
            assertThat(row.<String>getAs("category")).as(key(row)).isEqualTo(line.category());
            assertThat(row.<String>getAs("cnpj8")).as(key(row)).isEqualTo(line.cnpj8());
            assertThat(row.<String>getAs("institution_name")).as(key(row)).isEqualTo(line.name());
            assertThat(row.<BigDecimal>getAs("complaint_index")).as(key(row)).isEqualTo(line.complaintIndex());
            assertThat(row.<Long>getAs("total_complaints")).as(key(row)).isEqualTo(line.total());
            List<String> counts = List.of("regulated_upheld", "regulated_other", "unregulated", "total_complaints",
                    "clients_total", "clients_ccs", "clients_scr");
            for (int i = 0; i < counts.size(); i++) {
                assertThat(row.<Long>getAs(counts.get(i))).as(key(row) + " " + counts.get(i)).isEqualTo(line.count(7 + i));
            }
        }
    }

    @Test
    void unpaddedCnpjOfAbnAmroIn2020Q1IsPadded() {
        RankingLine abn = raw.values().stream()
                .filter(l -> l.periodKey() == 20201 && l.name().equals("BANCO ABN AMRO S.A.")).findFirst().orElseThrow();
        assertThat(abn.cells()[4]).isEqualTo("3532415");
        Row row = valid.stream().filter(r -> key(r).equals(abn.file() + ":" + abn.line())).findFirst().orElseThrow();
        assertThat(row.<String>getAs("cnpj8")).isEqualTo("03532415");
    }

    @Test
    void conglomeratesHaveNoCnpj() {
        List<Row> conglomerates = valid.stream().filter(r -> r.<String>getAs("institution_name").endsWith("(conglomerado)")).toList();
        long rawConglomerates = raw.values().stream().filter(l -> l.cells()[4].isBlank()).count();
        assertThat(conglomerates).hasSize((int) rawConglomerates).isNotEmpty();
        assertThat(conglomerates).allSatisfy(r -> assertThat(r.<String>getAs("cnpj8")).isNull());
        assertThat(valid.stream().filter(r -> r.getAs("cnpj8") == null).count()).isEqualTo(rawConglomerates);
    }

    @Test
    void indexWithThousandsDotIsExact() {
        List<Row> rows = valid.stream().filter(r -> raw.get(key(r)).cells()[6].equals("16.699,13")).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).<BigDecimal>getAs("complaint_index")).isEqualByComparingTo("16699.13");
        assertThat(rows.get(0).<String>getAs("institution_name")).isEqualTo("PARATI - CREDITO, FINANCIAMENTO E INVESTIMENTO S.A.");
    }

    @Test
    void blankIndexIsNull() {
        long blank = raw.values().stream().filter(l -> l.cells()[6].isBlank()).count();
        assertThat(blank).isPositive();
        assertThat(valid.stream().filter(r -> r.getAs("complaint_index") == null).count()).isEqualTo(blank);
    }

    @Test
    void quarterComesFromTheTrimestreColumnNotTheFileName() {
        List<Row> rows = valid.stream().filter(r -> MISLEADING_NAME.equals(r.getAs("source_file"))).toList();
        assertThat(rows).hasSize(111);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.<Integer>getAs("period_key")).isEqualTo(20202);
            assertThat(r.<Integer>getAs("year")).isEqualTo(2020);
            assertThat(r.<Integer>getAs("quarter")).isEqualTo(2);
        });
        assertThat(valid.stream().filter(r -> r.<Integer>getAs("year") == 2099)).isEmpty();
    }

    @Test
    void sourceLinePointsAtTheLineOfTheRow() throws IOException {
        // Line 3 of 2020_tri_01.csv, read by hand: AGIBANK (conglomerado), Índice 67,19, 360 complaints.
        Row agibank = valid.stream().filter(r -> r.getAs("source_file").equals("2020_tri_01.csv") && r.<Long>getAs("source_line") == 3)
                .findFirst().orElseThrow();
        assertThat(agibank.<String>getAs("institution_name")).isEqualTo("AGIBANK (conglomerado)");
        assertThat(agibank.<BigDecimal>getAs("complaint_index")).isEqualByComparingTo("67.19");
        assertThat(agibank.<Long>getAs("total_complaints")).isEqualTo(360L);
        assertThat(agibank.<Long>getAs("clients_total")).isEqualTo(1_101_269L);

        // The last line of each file: the row's line number is where its name is in the file.
        for (Map.Entry<String, List<String>> file : linesByFile().entrySet()) {
            List<String> lines = file.getValue();
            Row last = valid.stream().filter(r -> r.getAs("source_file").equals(file.getKey()))
                    .max((a, b) -> Long.compare(a.getAs("source_line"), b.getAs("source_line"))).orElseThrow();
            String text = lines.get((int) (long) last.<Long>getAs("source_line") - 1);
            assertThat(text).as(file.getKey()).contains(";" + last.<String>getAs("institution_name") + ";");
        }
    }

    private Map<String, List<String>> linesByFile() throws IOException {
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        try (var files = Files.list(tmp.resolve("complaints"))) {
            for (Path file : files.toList()) {
                byFile.put(file.getFileName().toString(), List.of(new String(Files.readAllBytes(file), RawBcbFiles.CP1252).split("\n")));
            }
        }
        return byFile;
    }

    @Test
    void utf8CopyParsesToTheSameRowsAsTheCp1252Original() throws IOException {
        String name = "2021_tri_04.csv";
        Path dir = Files.createDirectory(tmp.resolve("utf8"));
        Path original = tmp.resolve("complaints").resolve(name);
        Path utf8 = dir.resolve(name);
        Files.writeString(utf8, new String(Files.readAllBytes(original), RawBcbFiles.CP1252), StandardCharsets.UTF_8);
        assertThat(Files.readAllBytes(utf8)).isNotEqualTo(Files.readAllBytes(original));
        Charset charset = RankingFileHeader.inspect(utf8);
        assertThat(charset).isEqualTo(StandardCharsets.UTF_8);

        try (ParsedRows reparsed = parser.parse(spark, dir, Map.of(name, charset))) {
            List<Row> fromUtf8 = reparsed.valid().collectAsList();
            List<Row> fromCp1252 = valid.stream().filter(r -> name.equals(r.getAs("source_file"))).toList();
            assertThat(fromCp1252).hasSize(135);
            assertThat(fromUtf8).containsExactlyInAnyOrderElementsOf(fromCp1252);
            assertThat(reparsed.quarantined().count()).isZero();
            assertThat(fromUtf8.stream().map(r -> r.<String>getAs("institution_name")))
                    .anyMatch(n -> n.contains("É") || n.contains("Ô") || n.contains("Ã"));
        }
    }

    @Test
    void badRowsAreQuarantinedWithFileLineAndReason() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("bad"));
        byte[] header = RawBcbFiles.rankingHeaderBytes(RawBcbFiles.rankingFiles().get(0));
        String body = String.join("\n",
                "2020;1º;Cat A;Banco/financeira;3532415;BANCO ÁGIL S.A.;1.234,56;1;2;3;6;1.100;500;600", // 2 good
                "2020;1º;Cat A;Banco/financeira;123;BANCO CURTO S.A.;1,0;1;2;3",                       // 3 10 fields
                "20x0;1º;Cat A;Banco/financeira;124;BANCO ANO S.A.;1,0;1;2;3;6;10;5;6",                // 4 Ano
                "",                                                                                      // 5 blank: skipped
                "2020;5º;Cat A;Banco/financeira;125;BANCO TRI S.A.;1,0;1;2;3;6;10;5;6",                // 6 Trimestre
                "2020;2º;Cat A;Banco/financeira;126;BANCO IDX S.A.;abc;1;2;3;6;10;5;6;",               // 7 Índice
                "2020;2º;Cat A;Banco/financeira;127;BANCO CONTA S.A.;1,0;12a;2;3;6;10;5;6;",           // 8 count
                "2020;2º;Cat A;Conglomerado; ;BANCO TOTAL (conglomerado);1,0;1;2;3; ;10;5;6;",         // 9 empty total
                "2020;2º;Cat A;Conglomerado; ;BANCO BOM (conglomerado); ;0;5;3;8;20209;18725;3175;",   // 10 good
                // Well-formed but too large for decimal(12,2) / bigint: must not become a silent null.
                "2020;2º;Cat A;Banco/financeira;128;BANCO GRANDE S.A.;12.345.678.901,00;1;2;3;6;10;5;6;", // 11
                "2020;2º;Cat A;Banco/financeira;129;BANCO ENORME S.A.;1,0;1;2;3;99999999999999999999;10;5;6;", // 12
                "2020;2º;Cat A;Banco/financeira;130;BANCO NEGATIVO S.A.;1,0;1;2;3;6;-5000;5;6;",        // 13
                // fits a bigint, but two of them overflow a sum: above the bound (one billion), quarantined
                "2020;2º;Cat A;Banco/financeira;131;BANCO SOMA S.A.;1,0;1;2;3;9223372036854775000;10;5;6;", // 14
                "2020;2º;Cat A;Banco/financeira;132;BANCO LIMITE S.A.;1,0;1;2;3;6;1.000.000.000;5;6;", // 15 at the bound: good
                "2020;2º;Cat A;Banco/financeira;133;BANCO ALEM S.A.;1,0;1;2;3;6;10;5;1.000.000.001;", // 16 one over it
                "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(header);
        bytes.write('\n');
        bytes.write(body.getBytes(RawBcbFiles.CP1252));
        Path file = Files.write(dir.resolve("fixture.csv"), bytes.toByteArray());
        Charset charset = RankingFileHeader.inspect(file);
        assertThat(charset).isEqualTo(RawBcbFiles.CP1252);

        try (ParsedRows result = parser.parse(spark, dir, Map.of("fixture.csv", charset))) {
            List<Row> good = result.valid().collectAsList();
            assertThat(good).extracting(r -> r.getAs("source_line")).containsExactlyInAnyOrder(2L, 10L, 15L);
            Row agil = good.stream().filter(r -> r.<Long>getAs("source_line") == 2L).findFirst().orElseThrow();
            assertThat(agil.<String>getAs("institution_name")).isEqualTo("BANCO ÁGIL S.A.");
            assertThat(agil.<String>getAs("cnpj8")).isEqualTo("03532415");
            assertThat(agil.<BigDecimal>getAs("complaint_index")).isEqualByComparingTo("1234.56");
            assertThat(agil.<Long>getAs("clients_total")).isEqualTo(1100L);
            assertThat(agil.<Integer>getAs("period_key")).isEqualTo(20201);

            Map<Long, Row> bad = result.quarantined().collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<Long>getAs("line"), r -> r));
            assertThat(bad).containsOnlyKeys(3L, 4L, 6L, 7L, 8L, 9L, 11L, 12L, 13L, 14L, 16L);
            assertThat(bad.values()).allSatisfy(r -> {
                assertThat(r.<String>getAs("file")).isEqualTo("fixture.csv");
                assertThat(r.<String>getAs("source")).isEqualTo("complaints");
            });
            assertThat(reason(bad, 3)).contains("14 fields").contains("10");
            assertThat(reason(bad, 4)).contains("Ano").contains("20x0");
            assertThat(reason(bad, 6)).contains("Trimestre").contains("5º");
            assertThat(reason(bad, 7)).contains("Índice").contains("abc");
            assertThat(reason(bad, 8)).contains("Quantidade de reclamações reguladas procedentes").contains("12a");
            assertThat(reason(bad, 9)).contains("Quantidade total de reclamações");
            assertThat(reason(bad, 11)).contains("Índice").contains("12.345.678.901,00");
            assertThat(reason(bad, 8)).isEqualTo("Quantidade de reclamações reguladas procedentes '12a' is not a whole number");
            assertThat(reason(bad, 11)).isEqualTo("Índice '12.345.678.901,00' is too large (at most 10 digits before the comma)");
            // a count out of range or negative is said to be so, not "not a whole number"
            assertThat(reason(bad, 12)).isEqualTo("Quantidade total de reclamações '99999999999999999999' is more than"
                    + " 1,000,000,000, the most a ranking count can be (docs/DATA.md, Bounds on counts)");
            assertThat(reason(bad, 14)).isEqualTo("Quantidade total de reclamações '9223372036854775000' is more than"
                    + " 1,000,000,000, the most a ranking count can be (docs/DATA.md, Bounds on counts)");
            assertThat(reason(bad, 16)).startsWith("Quantidade de clientes – SCR '1.000.000.001' is more than 1,000,000,000");
            Row limit = good.stream().filter(r -> r.<Long>getAs("source_line") == 15L).findFirst().orElseThrow();
            assertThat(limit.<Long>getAs("clients_total")).isEqualTo(1_000_000_000L);
            assertThat(reason(bad, 13)).isEqualTo("Quantidade total de clientes – CCS e SCR '-5000' is negative; a count cannot"
                    + " be negative");
            assertThat(bad.get(7L).<String>getAs("raw")).isEqualTo("2020;2º;Cat A;Banco/financeira;126;BANCO IDX S.A.;abc;1;2;3;6;10;5;6;");
        }
    }

    private static String reason(Map<Long, Row> bad, long line) {
        return bad.get(line).getAs("reason");
    }
}
