package org.bankdata.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bankdata.errors.UsageException;

/**
 * Narrows the answers to institutions of one type ({@code bank}: a legal entity with a CNPJ;
 * {@code conglomerate}) and/or one prudential segment (S1..S5, from the BCB bank list: a bank's by its CNPJ, a
 * conglomerate's from the prudential conglomerate it is matched to, see conform_conglomerates). Values are
 * checked against those closed sets, so the SQL condition built from them cannot carry anything else.
 *
 * @param type    {@code bank}, {@code conglomerate} or null for any
 * @param segment {@code S1}..{@code S5} or null for any
 */
public record InstitutionFilter(String type, String segment) {
    public static final InstitutionFilter NONE = new InstitutionFilter(null, null);
    public static final Set<String> TYPES = Set.of("bank", "conglomerate");
    public static final List<String> SEGMENTS = List.of("S1", "S2", "S3", "S4", "S5");

    public InstitutionFilter {
        type = blankToNull(type);
        segment = blankToNull(segment);
        if (type != null) {
            type = type.toLowerCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new UsageException("institution type '" + type + "' is not one of bank, conglomerate");
            }
        }
        if (segment != null) {
            segment = segment.toUpperCase(Locale.ROOT);
            if (!SEGMENTS.contains(segment)) {
                throw new UsageException("segment '" + segment + "' is not one of " + String.join(", ", SEGMENTS));
            }
        }
    }

    public boolean isNone() {
        return type == null && segment == null;
    }

    /** {@code " AND i.institution_type = 'bank'"} etc. for a join on dim_institution aliased {@code alias}; "" for none. */
    public String joinCondition(String alias) {
        List<String> conditions = new ArrayList<>();
        if (type != null) {
            conditions.add(alias + ".institution_type = '" + type + "'");
        }
        if (segment != null) {
            conditions.add(alias + ".segment = '" + segment + "'");
        }
        return conditions.isEmpty() ? "" : " AND " + String.join(" AND ", conditions);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
