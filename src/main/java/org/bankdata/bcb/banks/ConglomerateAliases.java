package org.bankdata.bcb.banks;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.InputStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.BadInputException;
import org.bankdata.source.InputFiles;

/**
 * Reads the curated conglomerate alias file (UTF-8 CSV {@code conglomerate,bank_list_name,fee_cnpj8,source}, see
 * data/bcb/conform/PROVENANCE.md; one row per line). A bad row is not skipped: the file is curated by hand, so any mistake stops the
 * run with the file, the line and what is wrong.
 */
public final class ConglomerateAliases {
    public static final String SOURCE = "conform";
    static final List<String> HEADER = List.of("conglomerate", "bank_list_name", "fee_cnpj8", "source");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private ConglomerateAliases() {
    }

    public static List<ConglomerateAlias> read(Path file) {
        return parse(file.toString(), InputFiles.readAll(file));
    }

    /** The rows of the alias file {@code file}, local or on S3. */
    public static List<ConglomerateAlias> read(InputStorage inputs, LakeLocation file) {
        return parse(file.toString(), inputs.readAll(file));
    }

    /** The rows of {@code bytes}, the alias file named {@code file} in messages. */
    public static List<ConglomerateAlias> parse(String file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString().replace("\uFEFF", "");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + " is not UTF-8 text; save the conglomerate alias file as UTF-8");
        }
        List<ConglomerateAlias> aliases = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !cells(file, 1, lines.get(0)).stream().map(String::trim).toList().equals(HEADER)) {
            throw new BadInputException(file + ":1: the header is '" + (lines.isEmpty() ? "" : lines.get(0)) + "', expected '"
                    + String.join(",", HEADER) + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            long line = i + 1L;
            if (lines.get(i).isBlank()) {
                continue;
            }
            ConglomerateAlias alias = row(file, line, cells(file, line, lines.get(i)));
            Long earlier = seen.put(ConglomerateNames.normalize(alias.conglomerate()), line);
            if (earlier != null) {
                throw new BadInputException(file + ":" + line + ": conglomerate '" + alias.conglomerate()
                        + "' already has a row (line " + earlier + "); keep one row per conglomerate");
            }
            aliases.add(alias);
        }
        return List.copyOf(aliases);
    }

    /** The fields of one line (a row is one line: no field holds a line break). */
    private static List<String> cells(String file, long line, String text) {
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(text)) {
            return rows.hasNextValue() ? List.of(rows.nextValue()) : List.of();
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ":" + line + ": not a CSV row (" + e.getMessage().lines().findFirst().orElse("")
                    + "); quote a field that holds a comma or a quote (\"\" inside quotes)", e);
        }
    }

    private static ConglomerateAlias row(String file, long line, List<String> list) {
        String[] cells = list.toArray(String[]::new);
        String where = file + ":" + line + ": ";
        if (cells.length != HEADER.size()) {
            throw new BadInputException(where + "expected " + HEADER.size() + " comma-separated fields ("
                    + String.join(",", HEADER) + "), found " + cells.length + "; quote a field that holds a comma");
        }
        String conglomerate = blankToNull(cells[0]);
        String bankListName = blankToNull(cells[1]);
        String feeCnpj = blankToNull(cells[2]);
        String source = blankToNull(cells[3]);
        if (conglomerate == null) {
            throw new BadInputException(where + "conglomerate is empty; give the ranking's name without \" (conglomerado)\"");
        }
        if (bankListName == null && feeCnpj == null) {
            throw new BadInputException(where + "the row for '" + conglomerate + "' gives neither bank_list_name nor fee_cnpj8;"
                    + " give one or remove the row");
        }
        if (feeCnpj != null && !feeCnpj.matches("[0-9]{1,8}")) {
            throw new BadInputException(where + "fee_cnpj8 '" + feeCnpj + "' is not a CNPJ root of up to 8 digits");
        }
        if (source == null) {
            throw new BadInputException(where + "source is empty; say where the alias comes from");
        }
        return new ConglomerateAlias(conglomerate, bankListName, feeCnpj == null ? null : "0".repeat(8 - feeCnpj.length()) + feeCnpj,
                source, line);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
