package org.bankdata.bcb.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingFileHeaderTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    /** The header line of a bundled file, as raw bytes (without the line break). */
    private static byte[] headerBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = 0;
        while (all[end] != '\n') {
            end++;
        }
        return Arrays.copyOf(all, all[end - 1] == '\r' ? end - 1 : end);
    }

    private static Path bundled(String name) {
        return BundledData.complaints().resolve(name);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void everyBundledRankingFileIsRecognisedAsCp1252() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(BundledData.complaints())) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).hasSize(8);
        for (Path file : files) {
            // The fixture really is cp1252: its header holds 0x96, the cp1252 en dash, which UTF-8 cannot start with.
            byte[] header = headerBytes(file);
            assertThat(header).as(file.toString()).contains((byte) 0x96);

            assertThat(RankingFileHeader.inspect(file)).as(file.toString()).isEqualTo(CP1252);
        }
    }

    @Test
    void firstQuarterFileHasNoTrailingSemicolonAndIsAccepted() throws IOException {
        Path file = bundled("2020_tri_01.csv");
        byte[] header = headerBytes(file);
        assertThat(header[header.length - 1]).isNotEqualTo((byte) ';');

        assertThat(RankingFileHeader.inspect(file)).isEqualTo(CP1252);
    }

    @Test
    void laterFileHasATrailingSemicolonAndIsAccepted() throws IOException {
        Path file = bundled("2021_tri_04.csv");
        byte[] header = headerBytes(file);
        assertThat(header[header.length - 1]).isEqualTo((byte) ';');

        assertThat(RankingFileHeader.inspect(file)).isEqualTo(CP1252);
    }

    @Test
    void sameFileReEncodedAsUtf8IsAcceptedAndReportedAsUtf8() throws IOException {
        String text = new String(Files.readAllBytes(bundled("2020_tri_02.csv")), CP1252);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // The en dash becomes E2 80 93 in UTF-8.
        assertThat(new String(utf8, StandardCharsets.UTF_8)).contains("clientes \u2013 CCS");

        Path file = write("2020_tri_02_utf8.csv", utf8);

        assertThat(RankingFileHeader.inspect(file)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void utf8WithByteOrderMarkAndCrlfIsAccepted() throws IOException {
        String header = new String(headerBytes(bundled("2020_tri_01.csv")), CP1252);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = write("bom.csv", concat(bom, (header + "\r\n2020;1;x\r\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(RankingFileHeader.inspect(file)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void aCsvThatIsNotARankingFileIsRejectedNamingTheFile() throws IOException {
        Path file = write("other.csv", "a;b;c\n1;2;3\n".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> RankingFileHeader.inspect(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("a;b;c")
                .hasMessageContaining("not a BCB complaints-ranking file");
    }

    @Test
    void anEmptyFileIsRejectedNamingTheFile() throws IOException {
        Path file = write("empty.csv", new byte[0]);

        assertThatThrownBy(() -> RankingFileHeader.inspect(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aRenamedColumnIsReportedByItsNumber() throws IOException {
        String header = new String(headerBytes(bundled("2021_tri_01.csv")), CP1252);
        // Column 5 is "CNPJ IF" (Ano, Trimestre, Categoria, Tipo, CNPJ IF, ...).
        assertThat(header.split(";")[4]).isEqualTo("CNPJ IF");
        String renamed = header.replace(";CNPJ IF;", ";CNPJ da IF;");
        Path file = write("renamed.csv", (renamed + "\n").getBytes(CP1252));

        assertThatThrownBy(() -> RankingFileHeader.inspect(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("column 5")
                .hasMessageContaining("CNPJ da IF");
    }

    @Test
    void aMissingColumnIsReportedWithTheCounts() throws IOException {
        String header = new String(headerBytes(bundled("2020_tri_01.csv")), CP1252);
        String shorter = header.substring(0, header.lastIndexOf(';'));
        Path file = write("short.csv", (shorter + "\n").getBytes(CP1252));

        assertThatThrownBy(() -> RankingFileHeader.inspect(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has 13 header columns")
                .hasMessageContaining("14");
    }

    @Test
    void headerWithoutAccentsAndWithAHyphenForTheDashIsAccepted() throws IOException {
        String header = "ano;trimestre;categoria;tipo;cnpj if;Instituicao financeira;Indice;"
                + "Quantidade de reclamacoes reguladas procedentes;Quantidade de reclamacoes reguladas - outras;"
                + "Quantidade de reclamacoes nao reguladas;Quantidade total de reclamacoes;"
                + "Quantidade total de clientes - CCS e SCR;Quantidade de clientes - CCS;Quantidade de clientes - SCR";
        Path file = write("ascii.csv", (header + "\n").getBytes(StandardCharsets.US_ASCII));

        // Pure ASCII is valid UTF-8.
        assertThat(RankingFileHeader.inspect(file)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void missingFileIsBadInputNamingIt() {
        Path missing = dir.resolve("missing.csv");

        assertThatThrownBy(() -> RankingFileHeader.inspect(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }
}
