package org.bankdata.bcb.complaints;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.InputStorage;

/**
 * Recognises a BCB complaints-ranking file by its header line and tells which charset it is in.
 * BCB publishes cp1252 (the header has 0x96, an en dash, in "clientes – CCS"); a copy re-saved as
 * UTF-8 is accepted too. Anything else is rejected with a message naming the file.
 */
public final class RankingFileHeader {
    public static final Charset CP1252 = Charset.forName("windows-1252");

    /** The 14 columns of a ranking file, in order, as the BCB writes them. */
    public static final List<String> COLUMNS = List.of(
            "Ano", "Trimestre", "Categoria", "Tipo", "CNPJ IF", "Instituição financeira", "Índice",
            "Quantidade de reclamações reguladas procedentes", "Quantidade de reclamações reguladas - outras",
            "Quantidade de reclamações não reguladas", "Quantidade total de reclamações",
            "Quantidade total de clientes – CCS e SCR", "Quantidade de clientes – CCS", "Quantidade de clientes – SCR");

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private RankingFileHeader() {
    }

    /** Returns the charset to read {@code file} with, or throws {@link BadInputException} naming the file. */
    public static Charset inspect(Path file) {
        return inspectHeader(file.toString(), firstLine(file));
    }

    /** As {@link #inspect(Path)} for a file local or on S3, reading only its first bytes (one ranged read on S3). */
    public static Charset inspect(InputStorage inputs, LakeLocation file) {
        return inspectHeader(file.toString(), firstLine(inputs.head(file, MAX_HEADER_BYTES)));
    }

    /** As {@link #inspect(Path)} for a file's bytes in memory, called {@code name} in messages. */
    public static Charset inspect(String name, byte[] content) {
        return inspectHeader(name, firstLine(Arrays.copyOf(content, Math.min(content.length, MAX_HEADER_BYTES))));
    }

    /** The charset of the file called {@code file} in messages, whose first line is {@code head}. */
    private static Charset inspectHeader(String file, byte[] head) {
        Charset charset = isStrictUtf8(head) ? StandardCharsets.UTF_8 : CP1252;
        String line = new String(head, charset);
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        List<String> cells = new ArrayList<>(Arrays.asList(line.split(";", -1)));
        while (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
            cells.remove(cells.size() - 1);
        }
        if (cells.size() < 2 || !normalize(cells.get(0)).equals("ano") || !normalize(cells.get(1)).equals("trimestre")) {
            throw new BadInputException(file + " is not a BCB complaints-ranking file: its first line is '"
                    + abbreviate(line) + "', a ranking file starts 'Ano;Trimestre;Categoria;Tipo;CNPJ IF;...'."
                    + " Move it out of the --complaints folder");
        }
        if (cells.size() != COLUMNS.size()) {
            throw new BadInputException(file + " has " + cells.size() + " header columns; a BCB ranking file has "
                    + COLUMNS.size() + " (" + String.join(";", COLUMNS) + ")");
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (!normalize(cells.get(i)).equals(normalize(COLUMNS.get(i)))) {
                throw new BadInputException(file + ": header column " + (i + 1) + " is '" + cells.get(i)
                        + "', expected '" + COLUMNS.get(i) + "'; this is not a BCB ranking file in the known layout");
            }
        }
        return charset;
    }

    /** Case, accents, dash kind and spacing do not matter when comparing header cells. */
    static String normalize(String cell) {
        String s = Normalizer.normalize(cell.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        s = s.replaceAll("[\\u2010-\\u2015\\u2212-]", "-").replaceAll("\\s+", " ");
        return s.toLowerCase(Locale.ROOT);
    }

    private static byte[] firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return firstLine(in.readNBytes(MAX_HEADER_BYTES));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] firstLine(byte[] buf) {
        int end = 0;
        while (end < buf.length && buf[end] != '\n') {
            end++;
        }
        if (end > 0 && buf[end - 1] == '\r') {
            end--;
        }
        return Arrays.copyOf(buf, end);
    }

    /** Whether {@code bytes} decode strictly as UTF-8 (a ranking file re-saved as UTF-8; the BCB's cp1252 ones do not). */
    public static boolean isStrictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
