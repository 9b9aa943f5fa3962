package org.bankdata.bcb.banks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawBcbFiles.BankLine;
import org.bankdata.TestSpark;
import org.bankdata.errors.BadInputException;
import org.bankdata.source.ParsedRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BankListParserTest {
    private final SparkSession spark = TestSpark.session();
    private final BankListParser parser = new BankListParser();

    @TempDir
    static Path tmp;

    private ParsedRows parsed;
    private Map<Long, Row> validByLine;
    private List<BankLine> raw;

    @BeforeAll
    void parseBundledBankList() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("banks"));
        Files.copy(BundledData.bankList(), dir.resolve(BundledData.bankList().getFileName()));
        parsed = parser.parse(spark, dir);
        validByLine = parsed.valid().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<Long>getAs("source_line"), Function.identity()));
        raw = RawBcbFiles.bankLines();
    }

    @AfterAll
    void release() {
        parsed.close();
    }

    @Test
    void everyRowOfTheBundledListIsValid() {
        assertThat(raw).hasSize(1474);
        assertThat(validByLine).hasSize(1474);
        assertThat(parsed.quarantined().count()).isZero();
    }

    @Test
    void everyRowMatchesItsLineInTheFile() {
        for (BankLine line : raw) {
            Row row = validByLine.get(line.line());
            assertThat(row).as("line %d", line.line()).isNotNull();
            assertThat(row.<String>getAs("segment")).isEqualTo(line.segment());
            assertThat(row.<String>getAs("cnpj8")).isEqualTo(line.cnpj8()).hasSize(8);
            assertThat(row.<String>getAs("name")).isEqualTo(line.name());
            assertThat(row.<String>getAs("source_file")).isEqualTo("EnquadramentoInicia_v2.tsv");
        }
    }

    @Test
    void bancoDoBrasilCnpjZeroIsPaddedAndInS1() {
        List<Row> bb = validByLine.values().stream().filter(r -> "00000000".equals(r.getAs("cnpj8"))).toList();
        List<BankLine> rawBb = raw.stream().filter(l -> l.cnpj().equals("0")).toList();
        assertThat(rawBb).isNotEmpty();
        assertThat(bb).extracting(r -> r.<String>getAs("name"))
                .containsExactlyInAnyOrderElementsOf(rawBb.stream().map(BankLine::name).toList())
                .contains("BANCO DO BRASIL S/A");
        assertThat(bb).allSatisfy(r -> assertThat(r.<String>getAs("segment")).isEqualTo("S1"));
    }

    @Test
    void brokenCharactersInNamesAreKeptByteForByte() throws IOException {
        String text = Files.readString(BundledData.bankList(), StandardCharsets.UTF_8);
        long rawRowsWithFffd = text.lines().skip(1).filter(l -> l.indexOf('\uFFFD') >= 0).count();
        assertThat(rawRowsWithFffd).isEqualTo(950);
        List<Row> withFffd = validByLine.values().stream().filter(r -> r.<String>getAs("name").indexOf('\uFFFD') >= 0).toList();
        assertThat(withFffd).hasSize((int) rawRowsWithFffd);
        long rawOccurrences = text.chars().filter(c -> c == '\uFFFD').count();
        long parsedOccurrences = validByLine.values().stream().mapToLong(r -> r.<String>getAs("name").chars().filter(c -> c == '\uFFFD').count()).sum();
        assertThat(parsedOccurrences).isEqualTo(rawOccurrences).isEqualTo(3109);
    }

    @Test
    void checkHeaderAcceptsTheBankListAndRejectsAnotherFileNamingIt() throws IOException {
        assertThatCode(() -> BankListParser.checkHeader(BundledData.bankList())).doesNotThrowAnyException();

        Path wrong = Files.writeString(tmp.resolve("not-a-bank-list.tsv"), "Segmento\tNome\tCNPJ\nS1\tX\t1\n");
        assertThatThrownBy(() -> BankListParser.checkHeader(wrong))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(wrong.toString())
                .hasMessageContaining("Segmento<TAB>CNPJ<TAB>Nome");

        Path ranking = RawBcbFiles.rankingFiles().get(0);
        assertThatThrownBy(() -> BankListParser.checkHeader(ranking))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(ranking.toString());

        Path empty = Files.writeString(tmp.resolve("empty.tsv"), "");
        assertThatThrownBy(() -> BankListParser.checkHeader(empty))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(empty.toString());
    }

    @Test
    void badRowsAreQuarantinedWithLineNumbers() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("bad"));
        Files.writeString(dir.resolve("banks.tsv"), String.join("\n",
                "Segmento\tCNPJ\tNome",
                "s2\t4902979\tBANCO BOM S.A.", // 2 good (lower-case segment accepted)
                "S9\t123\tBANCO SEGMENTO S.A.", // 3
                "S1\tabc\tBANCO CNPJ S.A.",     // 4
                "S1\t123",                       // 5 two fields
                "",                              // 6 blank: skipped
                "S3\t123456789\tBANCO LONGO S.A.", // 7 nine digits
                ""), StandardCharsets.UTF_8);
        try (ParsedRows result = parser.parse(spark, dir)) {
            List<Row> good = result.valid().collectAsList();
            assertThat(good).hasSize(1);
            assertThat(good.get(0).<String>getAs("segment")).isEqualTo("S2");
            assertThat(good.get(0).<String>getAs("cnpj8")).isEqualTo("04902979");
            assertThat(good.get(0).<Long>getAs("source_line")).isEqualTo(2L);

            Map<Long, Row> bad = result.quarantined().collectAsList().stream()
                    .collect(Collectors.toMap(r -> r.<Long>getAs("line"), Function.identity()));
            assertThat(bad).containsOnlyKeys(3L, 4L, 5L, 7L);
            assertThat(bad.values()).allSatisfy(r -> {
                assertThat(r.<String>getAs("file")).isEqualTo("banks.tsv");
                assertThat(r.<String>getAs("source")).isEqualTo("banks");
            });
            assertThat(bad.get(3L).<String>getAs("reason")).contains("Segmento").contains("S9");
            assertThat(bad.get(4L).<String>getAs("reason")).contains("CNPJ").contains("abc");
            assertThat(bad.get(5L).<String>getAs("reason")).contains("3 tab-separated fields").contains("2");
            assertThat(bad.get(7L).<String>getAs("reason")).contains("CNPJ").contains("123456789");
            assertThat(bad.get(5L).<String>getAs("raw")).isEqualTo("S1\t123");
        }
    }
}
