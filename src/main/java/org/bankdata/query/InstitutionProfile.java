package org.bankdata.query;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One institution as its page and {@code bankdata report --institution} show it: who it is (name, type,
 * segment, CNPJ root; for a conglomerate its leader's CNPJ root and its main bank's, whose fee schedule it shows),
 * the names it was published under when its name changed, its complaints per quarter with the BCB's complaint index
 * and its rank that quarter, and its current fee schedule (or why it has none). The SQL runs on any engine that holds the published tables (the server's
 * bounded connection, the CLI's {@link LakeQueryEngine}), given as a function from SQL to answer.
 *
 * <p>Rank: the BCB ranks each quarter's institutions within their ranking category (e.g. "Top 10 - Bancos e
 * Financeiras" and "Demais bancos e financeiras" are ranked apart) by complaint index, highest first; an
 * institution the BCB gives no index (the ranking file's {@code Índice} is blank) has no rank. Ties share a
 * rank. Current fee: the most recent {@code valid_from} of each service and person type.
 *
 * @param institution one row: institution_key, name, institution_type, segment, cnpj8, leader_cnpj8, fee_cnpj8,
 *                    bank_list_name
 * @param quarters    one row per quarter it is ranked in, oldest first
 * @param fees        one row per service and person type, by service code
 * @param names       one row per run of quarters under one name (name, first_quarter, last_quarter), oldest first
 */
public record InstitutionProfile(QueryResult institution, QueryResult quarters, QueryResult fees, QueryResult names) {
    /** Most institutions a search returns. */
    public static final int SEARCH_LIMIT = 50;

    /** The profile of {@code institutionKey}, or null when no institution has that key. */
    public static InstitutionProfile read(Function<String, QueryResult> run, long institutionKey) {
        QueryResult institution = run.apply(institutionSql(institutionKey));
        if (institution.rows().isEmpty()) {
            return null;
        }
        return new InstitutionProfile(institution, run.apply(quartersSql(institutionKey)), run.apply(feesSql(institutionKey)),
                run.apply(namesSql(institutionKey)));
    }

    public static String institutionSql(long institutionKey) {
        return "SELECT institution_key, name, institution_type, segment, cnpj8, leader_cnpj8, fee_cnpj8, bank_list_name"
                + " FROM dim_institution WHERE institution_key = " + institutionKey;
    }

    /** The institution's names over the quarters (dim_institution_name): one row per run of consecutive quarters under one name. */
    public static String namesSql(long institutionKey) {
        return """
                WITH n AS (
                  SELECT n.name, n.period_key, p.label,
                         ROW_NUMBER() OVER (ORDER BY n.period_key)
                           - ROW_NUMBER() OVER (PARTITION BY n.name ORDER BY n.period_key) AS run
                  FROM dim_institution_name n
                  JOIN dim_period p ON p.period_key = n.period_key
                  WHERE n.institution_key = %d
                )
                SELECT name, MIN(label) AS first_quarter, MAX(label) AS last_quarter
                FROM n
                GROUP BY name, run
                ORDER BY MIN(period_key)""".formatted(institutionKey);
    }

    public static String quartersSql(long institutionKey) {
        return """
                WITH ranked AS (
                  SELECT period_key, category_key, institution_key,
                         RANK() OVER (PARTITION BY period_key, category_key ORDER BY complaint_index DESC) AS index_rank,
                         COUNT(*) OVER (PARTITION BY period_key, category_key) AS ranked_in_category
                  FROM fact_complaints WHERE complaint_index IS NOT NULL
                )
                SELECT p.label AS quarter, f.period_key, c.category, f.regulated_upheld, f.regulated_other, f.unregulated,
                       f.total_complaints, f.clients_total, f.complaint_index, CAST(r.index_rank AS INTEGER) AS index_rank,
                       CAST(r.ranked_in_category AS INTEGER) AS ranked_in_category
                FROM fact_complaints f
                JOIN dim_period p ON p.period_key = f.period_key
                JOIN dim_category c ON c.category_key = f.category_key
                LEFT JOIN ranked r ON r.period_key = f.period_key AND r.institution_key = f.institution_key
                WHERE f.institution_key = %d
                ORDER BY f.period_key""".formatted(institutionKey);
    }

    public static String feesSql(long institutionKey) {
        return """
                WITH current_fee AS (
                  SELECT service_key, person_type, valid_from, max_fee, fee_type, periodicity,
                         ROW_NUMBER() OVER (PARTITION BY service_key, person_type ORDER BY valid_from DESC) AS rn
                  FROM fact_service_fee WHERE institution_key = %d
                )
                SELECT s.service_code, s.service_name, c.person_type, c.max_fee, c.fee_type, c.periodicity, c.valid_from
                FROM current_fee c
                JOIN dim_service s ON s.service_key = c.service_key
                WHERE c.rn = 1
                ORDER BY s.service_code, c.person_type""".formatted(institutionKey);
    }

    /**
     * Institutions whose name contains {@code text}, accents, case and spacing ignored ("itau" finds "ITAÚ"), or
     * whose CNPJ root starts with it; an exact name first, then by name.
     */
    public static String searchSql(String text) {
        String folded = LakeQueryEngine.literal(fold(text));
        String digits = text.replaceAll("[^0-9]", "");
        String cnpj = digits.isEmpty() ? "" : " OR cnpj8 LIKE '" + digits + "%'";
        String name = "regexp_replace(strip_accents(lower(name)), '\\s+', ' ', 'g')";
        return "SELECT institution_key, name, institution_type, segment, cnpj8 FROM dim_institution"
                + " WHERE contains(" + name + ", " + folded + ")" + cnpj
                + " ORDER BY " + name + " <> " + folded + ", name, institution_key LIMIT " + SEARCH_LIMIT;
    }

    /** Lower case, accents removed, runs of spaces as one: how names are compared. */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** The candidate to take from a search answer: the only one, or the one whose name is exactly the text; else null. */
    public static Integer chosen(QueryResult matches, String text) {
        if (matches.rows().size() == 1) {
            return 0;
        }
        int name = matches.columnIndex("name");
        List<Integer> exact = new java.util.ArrayList<>();
        for (int i = 0; i < matches.rows().size(); i++) {
            if (fold((String) matches.rows().get(i).get(name)).equals(fold(text))) {
                exact.add(i);
            }
        }
        return exact.size() == 1 ? exact.get(0) : null;
    }

    /** Services whose current fee is zero (for some person type), as (service_code, service_name) rows. */
    public QueryResult freeServices() {
        int code = fees.columnIndex("service_code");
        int name = fees.columnIndex("service_name");
        int fee = fees.columnIndex("max_fee");
        List<List<Object>> rows = fees.rows().stream()
                .filter(r -> r.get(fee) != null && new BigDecimal(r.get(fee).toString()).signum() == 0)
                .map(r -> List.<Object>of(r.get(code), r.get(name) == null ? "" : r.get(name)))
                .distinct().toList();
        return new QueryResult(List.of("service_code", "service_name"), rows);
    }

    /** Whether it was published under more than one name. */
    public boolean renamed() {
        return names != null && names.rows().size() > 1;
    }

    /**
     * What the fee schedule is, when it needs saying: a conglomerate's is its main bank's; with no fee rows, why
     * ("no fee data" and the reason). Null for a bank with a schedule.
     */
    public String feeNote() {
        boolean conglomerate = "conglomerate".equals(value("institution_type"));
        Object mainBank = value("fee_cnpj8");
        if (!fees.rows().isEmpty()) {
            return conglomerate ? "the fee schedule of its main bank, CNPJ root " + mainBank : null;
        }
        if (!conglomerate) {
            return "No fee data: the fees API has no schedule recorded for this institution.";
        }
        if (mainBank == null) {
            return "No fee data: not matched to a prudential conglomerate of the bank list, so it has no main bank whose"
                    + " fee schedule to show.";
        }
        return "No fee data: the fees answers hold no schedule of its main bank, CNPJ root " + mainBank + ".";
    }

    public Object value(String column) {
        return institution.rows().get(0).get(institution.columnIndex(column));
    }
}
