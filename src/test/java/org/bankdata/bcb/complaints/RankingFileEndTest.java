package org.bankdata.bcb.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bankdata.BundledData;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ranking files cut the way a stopped download cuts them: at a byte in the middle of a row. */
class RankingFileEndTest {
    @TempDir
    Path tmp;

    private static byte[] bundled(String name) throws IOException {
        return Files.readAllBytes(BundledData.complaints().resolve(name));
    }

    /** Index of the n-th '\n' (1-based) in {@code bytes}, counted here by hand. */
    private static int newline(byte[] bytes, int n) {
        for (int i = 0, seen = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " lines");
    }

    @Test
    void everyBundledFileIsComplete() throws IOException {
        try (var files = Files.list(BundledData.complaints())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                assertThatCode(() -> RankingFileEnd.requireComplete(file)).as(file.toString()).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void aFileCutInTheMiddleOfARowIsTruncatedNamingItsLastLine() throws IOException {
        byte[] full = bundled("2021_tri_01.csv");
        // 43 complete data rows after the header (44 lines), then 20 bytes of row 45: a download that stopped
        int cut = newline(full, 44) + 21;
        Path file = Files.write(tmp.resolve("2021_tri_01.csv"), Arrays.copyOf(full, cut));
        String partial = new String(full, newline(full, 44) + 1, 20, RankingFileHeader.CP1252);
        int fields = partial.split(";", -1).length;
        assertThat(fields).isLessThan(14);

        assertThatThrownBy(() -> RankingFileEnd.requireComplete(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":45: the file ends in the middle of a row (" + fields + " field(s) of 15, no line break"
                        + " after it); it looks truncated — download it again (e.g. `bankdata fetch-complaints`) or remove it"
                        + " from the --complaints folder");
        // the task's check on the bytes in memory says the same
        assertThatThrownBy(() -> RankingFileEnd.requireComplete("2021_tri_01.csv", Arrays.copyOf(full, cut)))
                .hasMessageStartingWith("2021_tri_01.csv:45: the file ends in the middle of a row");
    }

    @Test
    void aFileWhoseRowsEndWithSemicolonCutJustBeforeTheLastSemicolonIsTruncated() throws IOException {
        byte[] full = bundled("2021_tri_01.csv"); // rows end with ';' (15 fields)
        int lastNewline = newline(full, 106);
        assertThat(lastNewline).isEqualTo(full.length - 1);
        assertThat(full[lastNewline - 1]).isEqualTo((byte) ';');
        Path file = Files.write(tmp.resolve("cut.csv"), Arrays.copyOf(full, lastNewline - 1));

        assertThatThrownBy(() -> RankingFileEnd.requireComplete(file)).hasMessageContaining(":106: ")
                .hasMessageContaining("(14 field(s) of 15");
    }

    @Test
    void aLastRowEndingWithItsSemicolonButNoLineBreakIsComplete() throws IOException {
        byte[] full = bundled("2021_tri_01.csv"); // rows end with ';': the last value is followed by it
        Path withoutBreak = Files.write(tmp.resolve("a.csv"), Arrays.copyOf(full, full.length - 1));
        assertThatCode(() -> RankingFileEnd.requireComplete(withoutBreak)).doesNotThrowAnyException();
        // cut right after a line break: fewer rows, but no row is broken (the header-only case is another check)
        Path atBreak = Files.write(tmp.resolve("c.csv"), Arrays.copyOf(full, newline(full, 10) + 1));
        assertThatCode(() -> RankingFileEnd.requireComplete(atBreak)).doesNotThrowAnyException();
    }

    /** 2020_tri_01.csv's rows have no trailing ';': its last value, YAMAHA's clients_scr 181028, ends the file. */
    @Test
    void aFileCutInsideTheLastValueOfItsLastRowIsTruncated() throws IOException {
        byte[] full = bundled("2020_tri_01.csv");
        String end = new String(full, full.length - 8, 8, RankingFileHeader.CP1252);
        assertThat(end).isEqualTo(";181028\n");
        int lines = 0;
        for (byte b : full) {
            lines += b == '\n' ? 1 : 0; // every line ends with '\n': the last row is line `lines`
        }
        Path cut = Files.write(tmp.resolve("2020_tri_01.csv"), Arrays.copyOf(full, full.length - 3));

        assertThatThrownBy(() -> RankingFileEnd.requireComplete(cut))
                .isInstanceOf(BadInputException.class)
                .hasMessage(cut + ":" + lines + ": the file ends inside the last value of its last row ('1810', with no ';' or"
                        + " line break after it), so that value may be cut short; it looks truncated — download it again"
                        + " (e.g. `bankdata fetch-complaints`), or, if the row is whole, end the file with a line break");
        // a whole value without its line break cannot be told from a cut one: refused the same way
        Path whole = Files.write(tmp.resolve("b.csv"), Arrays.copyOf(full, full.length - 1));
        assertThatThrownBy(() -> RankingFileEnd.requireComplete(whole)).hasMessageContaining(":" + lines + ": ")
                .hasMessageContaining("('181028', with no ';' or line break after it)");
        // the task's check on the bytes in memory says the same
        assertThatThrownBy(() -> RankingFileEnd.requireComplete("2020_tri_01.csv", Arrays.copyOf(full, full.length - 3)))
                .hasMessageStartingWith("2020_tri_01.csv:" + lines + ": the file ends inside the last value");
    }

    @Test
    void withWindowsLineBreaksTheSameCutIsTruncatedAndACarriageReturnEndsTheRow() throws IOException {
        String text = new String(bundled("2020_tri_01.csv"), RankingFileHeader.CP1252).replace("\n", "\r\n");
        byte[] crlf = text.getBytes(RankingFileHeader.CP1252);
        long lines = text.lines().count();
        Path cut = Files.write(tmp.resolve("crlf.csv"), Arrays.copyOf(crlf, crlf.length - 4)); // "28\r\n" gone
        assertThatThrownBy(() -> RankingFileEnd.requireComplete(cut)).hasMessageContaining(":" + lines + ": ")
                .hasMessageContaining("('1810', with no ';' or line break after it)");
        Path lastBreakHalf = Files.write(tmp.resolve("cr.csv"), Arrays.copyOf(crlf, crlf.length - 1)); // ends "181028\r"
        assertThatCode(() -> RankingFileEnd.requireComplete(lastBreakHalf)).doesNotThrowAnyException();
        // a file with ';'-ended rows and CRLF, cut before its last ';': one field short
        String semicolons = new String(bundled("2021_tri_01.csv"), RankingFileHeader.CP1252).replace("\n", "\r\n");
        byte[] bytes = semicolons.getBytes(RankingFileHeader.CP1252);
        Path shortRow = Files.write(tmp.resolve("crlf15.csv"), Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> RankingFileEnd.requireComplete(shortRow)).hasMessageContaining("(14 field(s) of 15");
    }

    @Test
    void fieldsAreCountedOutsideQuotes() {
        assertThat(RankingFileEnd.fields("a;\"b;c\";d")).isEqualTo(3);
        assertThat(RankingFileEnd.fields("2021;1º;")).isEqualTo(3);
    }
}
