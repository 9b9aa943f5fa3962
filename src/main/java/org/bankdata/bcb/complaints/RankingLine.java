package org.bankdata.bcb.complaints;

import static org.bankdata.source.BrazilianValues.blankToNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.source.BrazilianValues;
import org.bankdata.source.DelimitedFields;

/**
 * One data line of a ranking file, checked and typed: the curated values and why the line is rejected ({@code ""}
 * when it is valid; every problem found, joined with {@code "; "}). The values are set only on a valid line.
 *
 * @param counts the {@link CuratedTables#COUNTS}, in order; null where the file has none
 */
public record RankingLine(Integer periodKey, Integer year, Integer quarter, String category, String rankingType,
        String cnpj8, String institutionName, BigDecimal complaintIndex, List<Long> counts, String reason) {

    /** Fields read: the 14 columns, one trailing empty field, and one more to tell a 16th apart. */
    private static final int FIELDS = RankingFileHeader.COLUMNS.size() + 2;
    private static final int FIRST_COUNT = ComplaintsRankingParser.FIRST_COUNT_FIELD;
    private static final int TOTAL = RankingFileHeader.COLUMNS.indexOf("Quantidade total de reclamações");
    private static final String MAX_REASON = "the most a ranking count can be (docs/DATA.md, Bounds on counts)";
    private static final ThreadLocal<DelimitedFields> SPLITTER = ThreadLocal.withInitial(() -> new DelimitedFields(';'));

    public boolean isValid() {
        return reason.isEmpty();
    }

    /** Checks and converts one data line (without its line break). */
    public static RankingLine parse(String line) {
        DelimitedFields splitter = SPLITTER.get();
        String[] f = splitter.split(line, FIELDS);
        List<String> problems = new ArrayList<>(2);

        int fieldCount = splitter.count(line);
        if (fieldCount != 14 && !(fieldCount == 15 && blankToNull(f[14]) == null)) {
            problems.add("expected 14 fields (15 with a trailing ';'), found " + fieldCount);
        }
        String yearText = blankToNull(f[0]);
        boolean yearOk = yearText != null && BrazilianValues.isDigits(yearText, 0,
                BrazilianValues.endBeforeTerminator(yearText), 4, 4);
        if (!yearOk) {
            problems.add("Ano '" + text(f[0]) + "' is not a year");
        }
        int quarter = quarter(blankToNull(f[1]));
        if (quarter == 0) {
            problems.add("Trimestre '" + text(f[1]) + "' is not 1º..4º");
        }
        String category = blankToNull(f[2]);
        if (category == null) {
            problems.add("Categoria is empty");
        }
        String institution = blankToNull(f[5]);
        if (institution == null) {
            problems.add("Instituição financeira is empty");
        }
        if (BrazilianValues.isInvalidCnpj(f[4])) {
            problems.add("CNPJ IF '" + text(f[4]) + "' is not a CNPJ root of up to 8 digits");
        }
        addIfPresent(problems, BrazilianValues.decimal12x2Problem(f[6], RankingFileHeader.COLUMNS.get(6)));
        for (int i = 0; i < CuratedTables.COUNTS.size(); i++) {
            int field = FIRST_COUNT + i;
            addIfPresent(problems, BrazilianValues.countProblem(f[field], RankingFileHeader.COLUMNS.get(field),
                    CuratedTables.MAX_COUNT, MAX_REASON));
        }
        if (blankToNull(f[TOTAL]) == null) {
            problems.add(RankingFileHeader.COLUMNS.get(TOTAL) + " is empty");
        }
        if (!problems.isEmpty()) {
            return rejected(String.join("; ", problems));
        }

        int year = Integer.parseInt(yearText.substring(0, 4));
        List<Long> counts = new ArrayList<>(CuratedTables.COUNTS.size());
        for (int i = 0; i < CuratedTables.COUNTS.size(); i++) {
            String count = blankToNull(f[FIRST_COUNT + i]);
            counts.add(count == null ? null : BrazilianValues.brazilianInteger(count));
        }
        String index = blankToNull(f[6]);
        return new RankingLine(year * 10 + quarter, year, quarter, category, blankToNull(f[3]),
                BrazilianValues.cnpj8(f[4]), institution, index == null ? null : BrazilianValues.brazilianDecimal12x2(index),
                Collections.unmodifiableList(counts), "");
    }

    private static RankingLine rejected(String reason) {
        return new RankingLine(null, null, null, null, null, null, null, null, null, reason);
    }

    /** {@code 1}..{@code 4}, then optional whitespace and one of {@code º ° ª}; 0 when the text is not a quarter. */
    static int quarter(String text) {
        if (text == null || text.charAt(0) < '1' || text.charAt(0) > '4') {
            return 0;
        }
        int i = 1;
        while (i < text.length() && BrazilianValues.isRegexSpace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == 'º' || text.charAt(i) == '°' || text.charAt(i) == 'ª')) {
            i++;
        }
        return i == text.length() || i == BrazilianValues.endBeforeTerminator(text) ? text.charAt(0) - '0' : 0;
    }

    private static void addIfPresent(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** A raw field as a reason quotes it: an absent field is empty. */
    private static String text(String field) {
        return field == null ? "" : field;
    }
}
