package org.bankdata.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.BundledData;
import org.junit.jupiter.api.Test;

class TextCountsTest {
    private static long count(String text) {
        return TextCounts.dataLines(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerIsNotCounted() {
        assertThat(count("a;b\n1;2\n3;4\n")).isEqualTo(2);
        assertThat(count("a;b\n")).isZero();
    }

    @Test
    void lastLineWithoutNewlineIsCounted() {
        assertThat(count("a;b\n1;2\n3;4")).isEqualTo(2);
    }

    @Test
    void crlfLineBreaksCountOnce() {
        assertThat(count("a;b\r\n1;2\r\n3;4\r\n")).isEqualTo(2);
        assertThat(count("a;b\r\n1;2\r\n3;4")).isEqualTo(2);
    }

    @Test
    void blankAndWhitespaceOnlyLinesAreSkipped() {
        assertThat(count("a;b\n\n1;2\n   \n\t\r\n3;4\n\n\n")).isEqualTo(2);
    }

    @Test
    void emptyOrBlankInputHasNoDataLines() {
        assertThat(TextCounts.dataLines(new byte[0])).isZero();
        assertThat(count("\n\r\n  \n")).isZero();
    }

    @Test
    void aLineOfSeparatorsIsData() {
        assertThat(count("a;b\n;\n")).isEqualTo(1);
    }

    @Test
    void bundledRankingFileCountsItsNonBlankLinesAfterTheHeader() throws IOException {
        Path file = BundledData.complaints().resolve("2021_tri_04.csv");
        // Counted another way: decode, split on line breaks, drop blank lines, drop the header.
        long expected = Files.readString(file, java.nio.charset.Charset.forName("windows-1252")).lines()
                .filter(l -> !l.isBlank()).count() - 1;
        assertThat(expected).isPositive();

        assertThat(TextCounts.dataLines(Files.readAllBytes(file))).isEqualTo(expected);
    }
}
