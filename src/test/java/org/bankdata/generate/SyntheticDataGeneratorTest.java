package org.bankdata.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.RunsBesideSpark;

/** The generator's output read back as plain files: formats, quirks, sizes, joins and determinism. */
@RunsBesideSpark
class SyntheticDataGeneratorTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path tmp;

    private GeneratedData generate(int scale, long seed, String dir) {
        return new SyntheticDataGenerator(BundledData.HOME).generate(new GenerateSpec(scale, seed, tmp.resolve(dir)));
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws Exception {
        generate(2, 7, "a");
        generate(2, 7, "b");
        generate(2, 8, "c");
        Map<String, String> a = digests(tmp.resolve("a"));
        assertThat(a).hasSizeGreaterThan(150);
        assertThat(digests(tmp.resolve("b"))).isEqualTo(a);
        Map<String, String> c = digests(tmp.resolve("c"));
        assertThat(c.get("complaints/2020_tri_01.csv")).isNotEqualTo(a.get("complaints/2020_tri_01.csv"));
    }

    @Test
    void scaleOneMatchesTheBundledSizes() throws IOException {
        GeneratedData data = generate(1, 1, "s1");
        assertThat(data.quarters()).isEqualTo(8);
        assertThat(data.rankingRows()).isEqualTo(bundledRankingRows());
        assertThat(dataLines(tmp.resolve("s1/banks/EnquadramentoInicia_v2.tsv"), StandardCharsets.ISO_8859_1))
                .hasSize(dataLines(BundledData.bankList(), StandardCharsets.ISO_8859_1).size());
        try (Stream<Path> files = Files.list(tmp.resolve("s1/fees-api/responses"))) {
            assertThat(files.count()).isEqualTo(88);
        }
    }

    @Test
    void scaleNineHasNineTimesTheRowsInTwentyFourQuarters() throws IOException {
        GeneratedData data = generate(9, 1, "s9");
        assertThat(data.quarters()).isEqualTo(24);
        long rows = 0;
        try (Stream<Path> files = Files.list(tmp.resolve("s9/complaints"))) {
            List<Path> csvs = files.sorted().toList();
            assertThat(csvs).hasSize(24);
            assertThat(csvs.get(0).getFileName()).hasToString("2016_tri_01.csv");
            for (Path csv : csvs) {
                rows += dataLines(csv, CP1252).size();
            }
        }
        assertThat(rows).isEqualTo(9 * bundledRankingRows()).isEqualTo(data.rankingRows());
        assertThat(dataLines(tmp.resolve("s9/banks/EnquadramentoInicia_v2.tsv"), StandardCharsets.ISO_8859_1))
                .hasSize(9 * dataLines(BundledData.bankList(), StandardCharsets.ISO_8859_1).size());
    }

    @Test
    void rankingFilesKeepTheBcbQuirks() throws IOException {
        generate(4, 3, "q");
        byte[] first = Files.readAllBytes(tmp.resolve("q/complaints/2018_tri_01.csv"));
        String header = new String(first, CP1252).lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo(Files.readAllLines(BundledData.complaints().resolve("2020_tri_01.csv"), CP1252).get(0));
        assertThat(indexOf(first, (byte) 0x96)).as("cp1252 en dash in the header").isPositive();
        List<String> firstRows = dataLines(tmp.resolve("q/complaints/2018_tri_01.csv"), CP1252);
        assertThat(firstRows).allSatisfy(l -> assertThat(l.split(";", -1)).hasSize(14));
        assertThat(firstRows).anySatisfy(l -> assertThat(l.split(";", -1)[4].trim()).hasSizeBetween(1, 7));
        assertThat(firstRows).allSatisfy(l -> assertThat(l.split(";", -1)[1]).isEqualTo("1º"));
        List<String> later = dataLines(tmp.resolve("q/complaints/2019_tri_03.csv"), CP1252);
        assertThat(later).allSatisfy(l -> assertThat(l).endsWith(";"));
        assertThat(later).allSatisfy(l -> assertThat(l.split(";", -1)[4]).matches(" |[0-9]{8}"));
        assertThat(later).anySatisfy(l -> assertThat(l.split(";", -1)[6]).isEqualTo(" "));
        assertThat(later).anySatisfy(l -> assertThat(l.split(";", -1)[6]).matches("[0-9]+,[0-9]{2}"));
        assertThat(later).anySatisfy(l -> assertThat(l.split(";", -1)[5]).endsWith(" (conglomerado)"));
    }

    @Test
    void everyRankingCnpjIsInTheBankListAndFeeFilesAreServedByCnpj() throws IOException {
        generate(3, 5, "j");
        Set<String> bankCnpjs = new HashSet<>();
        for (String line : dataLines(tmp.resolve("j/banks/EnquadramentoInicia_v2.tsv"), StandardCharsets.ISO_8859_1)) {
            bankCnpjs.add(String.format("%08d", Long.parseLong(line.split("\t")[1])));
        }
        Set<String> rankingCnpjs = new HashSet<>();
        try (Stream<Path> files = Files.list(tmp.resolve("j/complaints"))) {
            for (Path csv : files.toList()) {
                for (String line : dataLines(csv, CP1252)) {
                    String cnpj = line.split(";", -1)[4].trim();
                    if (!cnpj.isEmpty()) {
                        rankingCnpjs.add(String.format("%08d", Long.parseLong(cnpj)));
                    }
                }
            }
        }
        assertThat(rankingCnpjs).hasSizeGreaterThan(200);
        Set<String> bundledInBoth = new HashSet<>(rankingCnpjs);
        bundledInBoth.retainAll(bankCnpjs);
        assertThat(bundledInBoth).as("the ranking and the bank list share CNPJs as in the bundled data").hasSizeGreaterThan(100);
        List<String> index = Files.readAllLines(tmp.resolve("j/fees-api/index.csv"));
        assertThat(index).hasSize(1 + 3 * 88);
        String row = index.get(1);
        String cnpj8 = row.substring(0, 8);
        assertThat(tmp.resolve("j/fees-api/responses/J_" + cnpj8 + ".json")).exists();
        assertThat(row).contains("@CNPJ='" + cnpj8 + "'");
    }

    @Test
    void refusesANonEmptyFolderAndABadScale() throws IOException {
        Files.createDirectories(tmp.resolve("full"));
        Files.writeString(tmp.resolve("full/x"), "x");
        assertThatThrownBy(() -> generate(1, 1, "full")).isInstanceOf(UsageException.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> new GenerateSpec(0, 1, tmp)).isInstanceOf(UsageException.class).hasMessageContaining("--scale");
    }

    private static long bundledRankingRows() throws IOException {
        long rows = 0;
        try (Stream<Path> files = Files.list(BundledData.complaints())) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                rows += dataLines(csv, CP1252).size();
            }
        }
        return rows;
    }

    private static List<String> dataLines(Path file, Charset charset) throws IOException {
        List<String> lines = Files.readAllLines(file, charset);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
