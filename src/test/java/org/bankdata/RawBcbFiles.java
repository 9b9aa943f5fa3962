package org.bankdata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundled BCB files read with plain Java (String.split, Jackson), never with the Spark code under test:
 * the independent source of the values tests expect.
 */
public final class RawBcbFiles {
    public static final Charset CP1252 = Charset.forName("windows-1252");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RawBcbFiles() {
    }

    /** One data line of a ranking file, split on ';' (cells kept untrimmed). */
    public record RankingLine(String file, long line, String[] cells) {
        public int periodKey() {
            return Integer.parseInt(cells[0].trim()) * 10 + Integer.parseInt(cells[1].trim().substring(0, 1));
        }

        public String category() {
            return cells[2].trim();
        }

        /** The CNPJ root padded to 8 digits, or null for a conglomerate (CNPJ " "). */
        public String cnpj8() {
            String raw = cells[4].trim();
            return raw.isEmpty() ? null : "0".repeat(8 - raw.length()) + raw;
        }

        public String name() {
            return cells[5].trim();
        }

        /** Índice with the thousands dots removed and the decimal comma made a point; null when blank. */
        public BigDecimal complaintIndex() {
            String raw = cells[6].trim();
            return raw.isEmpty() ? null : new BigDecimal(raw.replace(".", "").replace(',', '.')).setScale(2);
        }

        public long total() {
            return count(10);
        }

        /** The whole number in cell {@code index} (thousands dots removed), or null when blank. */
        public Long count(int index) {
            String raw = cells[index].trim();
            return raw.isEmpty() ? null : Long.valueOf(raw.replace(".", ""));
        }
    }

    /** One data line of the bank list TSV. */
    public record BankLine(long line, String segment, String cnpj, String name) {
        public String cnpj8() {
            return "0".repeat(8 - cnpj.length()) + cnpj;
        }
    }

    public static List<Path> rankingFiles() {
        return list(BundledData.complaints(), ".csv");
    }

    public static List<Path> feeResponseFiles() {
        return list(BundledData.feeResponses(), ".json");
    }

    /** Data lines (not the header, not blank) of a cp1252 ranking file, split on "\n" then ';'. */
    public static List<RankingLine> rankingLines(Path file, String fileName) {
        String[] lines = new String(read(file), CP1252).split("\n", -1);
        List<RankingLine> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(new RankingLine(fileName, i + 1, lines[i].split(";", -1)));
            }
        }
        return rows;
    }

    public static List<RankingLine> allRankingLines() {
        return rankingFiles().stream().flatMap(f -> rankingLines(f, f.getFileName().toString()).stream()).toList();
    }

    /** The header line of a ranking file, as bytes (without the line break). */
    public static byte[] rankingHeaderBytes(Path file) {
        byte[] bytes = read(file);
        int end = 0;
        while (bytes[end] != '\n') {
            end++;
        }
        return Arrays.copyOf(bytes, end);
    }

    public static List<BankLine> bankLines() {
        String[] lines = new String(read(BundledData.bankList()), StandardCharsets.UTF_8).split("\n", -1);
        List<BankLine> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                String[] c = lines[i].split("\t", -1);
                rows.add(new BankLine(i + 1, c[0], c[1], c[2]));
            }
        }
        return rows;
    }

    /** The records of a recorded fees response (the {@code value} array), floats as exact BigDecimal. */
    public static List<JsonNode> feeRecords(Path file) {
        try {
            List<JsonNode> records = new ArrayList<>();
            JSON.readTree(file.toFile()).get("value").forEach(records::add);
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code J_00122327.json} -> {@code 00122327}. */
    public static String feeFileCnpj8(Path file) {
        return file.getFileName().toString().substring(2, 10);
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
