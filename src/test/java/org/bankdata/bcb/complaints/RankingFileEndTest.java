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
    void aCompleteLastRowWithoutItsLineBreakIsNotTruncated() throws IOException {
        byte[] full = bundled("2021_tri_01.csv");
        Path withoutBreak = Files.write(tmp.resolve("a.csv"), Arrays.copyOf(full, full.length - 1));
        assertThatCode(() -> RankingFileEnd.requireComplete(withoutBreak)).doesNotThrowAnyException();
        // a file whose rows have 14 fields, no trailing ';'
        byte[] noTrailing = bundled("2020_tri_01.csv");
        Path fourteen = Files.write(tmp.resolve("b.csv"), Arrays.copyOf(noTrailing, noTrailing.length - 1));
        assertThatCode(() -> RankingFileEnd.requireComplete(fourteen)).doesNotThrowAnyException();
        // cut right after a line break: fewer rows, but no row is broken (the header-only case is another check)
        Path atBreak = Files.write(tmp.resolve("c.csv"), Arrays.copyOf(full, newline(full, 10) + 1));
        assertThatCode(() -> RankingFileEnd.requireComplete(atBreak)).doesNotThrowAnyException();
    }

    @Test
    void fieldsAreCountedOutsideQuotes() {
        assertThat(RankingFileEnd.fields("a;\"b;c\";d")).isEqualTo(3);
        assertThat(RankingFileEnd.fields("2021;1º;")).isEqualTo(3);
    }
}
