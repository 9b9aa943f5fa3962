package org.bankdata.generate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bankdata.config.BankdataHome;
import org.bankdata.errors.BadInputException;

/**
 * The bundled BCB files the generator draws from, read as plain text: the ranking files (cp1252, split
 * on {@code ;}), the bank list (bytes kept as they are, broken characters included) and the fee
 * recordings (JSON trees).
 */
record BundledSources(List<RankingFile> rankings, String bankListHeader, List<String> bankListLines,
                      List<FeeRecording> recordings) {
    static final Charset CP1252 = Charset.forName("windows-1252");
    private static final Pattern RECORDING = Pattern.compile("J_([0-9]{8})\\.json");

    /** One bundled ranking file: its header line, its data rows (14 fields each) and its quirks. */
    record RankingFile(String name, String header, List<String[]> rows, boolean trailingSemicolon, boolean unpaddedCnpj) {
    }

    /** One bundled fee recording: the CNPJ root it answers for and its JSON. */
    record FeeRecording(long cnpjRoot, JsonNode json) {
    }

    static BundledSources read(BankdataHome home) {
        try {
            List<RankingFile> rankings = new ArrayList<>();
            try (Stream<Path> files = Files.list(home.bundledComplaints())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                    rankings.add(ranking(file));
                }
            }
            List<String> bank = Files.readAllLines(home.bundledBankList(), StandardCharsets.ISO_8859_1);
            List<FeeRecording> recordings = new ArrayList<>();
            ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            try (Stream<Path> files = Files.list(home.bundledFeeResponses())) {
                for (Path file : files.sorted().toList()) {
                    Matcher m = RECORDING.matcher(file.getFileName().toString());
                    if (m.matches()) {
                        recordings.add(new FeeRecording(Long.parseLong(m.group(1)), json.readTree(file.toFile())));
                    }
                }
            }
            if (rankings.isEmpty() || bank.size() < 2 || recordings.isEmpty()) {
                throw new BadInputException("the bundled data under " + home.root() + "/data/bcb is incomplete; the generator"
                        + " draws from the ranking files, the bank list and the fee recordings");
            }
            return new BundledSources(rankings, bank.get(0), bank.subList(1, bank.size()).stream()
                    .filter(l -> !l.isBlank()).toList(), recordings);
        } catch (IOException e) {
            throw new BadInputException("cannot read the bundled data under " + home.root() + "/data/bcb: " + e.getMessage(), e);
        }
    }

    private static RankingFile ranking(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, CP1252);
        List<String[]> rows = new ArrayList<>();
        boolean trailing = false;
        boolean unpadded = false;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(";", -1);
            if (cells.length == 15) {
                trailing = true;
            }
            if (cells.length < 14) {
                throw new BadInputException(file + ": a bundled ranking row has " + cells.length + " fields: " + line);
            }
            String cnpj = cells[4].trim();
            unpadded |= !cnpj.isEmpty() && cnpj.length() < 8;
            String[] fields = new String[14];
            System.arraycopy(cells, 0, fields, 0, 14);
            rows.add(fields);
        }
        return new RankingFile(file.getFileName().toString(), lines.get(0), rows, trailing, unpadded);
    }

    /** Every CNPJ root named anywhere in the bundled data. */
    TreeSet<Long> cnpjRoots() {
        TreeSet<Long> roots = new TreeSet<>();
        for (RankingFile f : rankings) {
            for (String[] row : f.rows()) {
                if (!row[4].isBlank()) {
                    roots.add(Long.parseLong(row[4].trim()));
                }
            }
        }
        for (String line : bankListLines) {
            roots.add(Long.parseLong(line.split("\t", -1)[1].trim()));
        }
        recordings.forEach(r -> roots.add(r.cnpjRoot()));
        return roots;
    }
}
