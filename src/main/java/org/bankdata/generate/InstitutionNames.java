package org.bankdata.generate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names of synthetic institutions: the bundled name with a copy tag ({@code G<copy>}), so every copy is distinct. */
final class InstitutionNames {
    private static final Pattern CONGLOMERATE = Pattern.compile("(?i)^(.*?)(\\s*\\(conglomerado\\)\\s*)$");

    private InstitutionNames() {
    }

    static String tag(String name, int copy) {
        Matcher m = CONGLOMERATE.matcher(name);
        if (m.matches()) {
            return m.group(1) + " G" + copy + m.group(2);
        }
        return name + " G" + copy;
    }

    /** The bundled institution a ranking row belongs to: its CNPJ root, or its conglomerate name normalised. */
    static String naturalKey(String cnpj, String name) {
        if (!cnpj.isBlank()) {
            return "cnpj:" + Long.parseLong(cnpj.trim());
        }
        Matcher m = CONGLOMERATE.matcher(name);
        String base = m.matches() ? m.group(1) : name;
        return "conglomerate:" + base.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
