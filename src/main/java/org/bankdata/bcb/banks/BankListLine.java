package org.bankdata.bcb.banks;

import static org.bankdata.source.BrazilianValues.blankToNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bankdata.source.BrazilianValues;

/**
 * One data line of the bank list ({@code Segmento<TAB>CNPJ<TAB>Nome}), checked and typed: the segment upper-cased,
 * the CNPJ root padded to 8 digits, the name exactly as written, and why the line is rejected ({@code ""} when it
 * is valid; every problem found, joined with {@code "; "}). The values are set only on a valid line.
 */
public record BankListLine(String segment, String cnpj8, String name, String reason) {

    public boolean isValid() {
        return reason.isEmpty();
    }

    /** Checks and converts one data line (without its line break). */
    public static BankListLine parse(String line) {
        int tabs = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\t') {
                tabs++;
            }
        }
        if (tabs != 2) {
            return new BankListLine(null, null, null, "expected 3 tab-separated fields, found " + (tabs + 1));
        }
        int first = line.indexOf('\t');
        int second = line.indexOf('\t', first + 1);
        String segmentText = line.substring(0, first);
        String cnpj = line.substring(first + 1, second);
        String name = line.substring(second + 1);

        List<String> problems = new ArrayList<>(1);
        String segment = blankToNull(segmentText);
        segment = segment == null ? null : segment.toUpperCase(Locale.ROOT);
        if (!isSegment(segment)) {
            problems.add("Segmento '" + segmentText + "' is not S1..S5");
        }
        if (blankToNull(cnpj) == null || BrazilianValues.isInvalidCnpj(cnpj)) {
            problems.add("CNPJ '" + cnpj + "' is not a CNPJ root of up to 8 digits");
        }
        if (blankToNull(name) == null) {
            problems.add("Nome is empty");
        }
        if (!problems.isEmpty()) {
            return new BankListLine(null, null, null, String.join("; ", problems));
        }
        return new BankListLine(segment, BrazilianValues.cnpj8(cnpj), name, "");
    }

    /** {@code S1}..{@code S5}, possibly followed by one line terminator. */
    private static boolean isSegment(String segment) {
        return segment != null && BrazilianValues.endBeforeTerminator(segment) == 2 && segment.charAt(0) == 'S'
                && segment.charAt(1) >= '1' && segment.charAt(1) <= '5';
    }
}
