package org.bankdata.reference;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.bankdata.bcb.complaints.ComplaintsRankingParser;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.CuratedTables;

/**
 * The DuckDB SQL of the reference build, one statement per table, with the same parsing rules as the
 * Spark parsers (rows a rule rejects are left out, as the pipeline quarantines them) and the same star
 * schema. Keys are DuckDB hashes of the same natural keys, so they differ from the pipeline's xxhash64
 * keys; answers are compared by institution name and measures.
 */
final class ReferenceSql {
    private static final String BR_DECIMAL = "^-?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$";
    private static final String BR_INTEGER = "^([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)$";
    /** The ranking's count columns, as declared for curated_complaints and fact_complaints. */
    static final String[] COUNTS = CuratedTables.COUNTS.stream().map(ColumnDef::name).toArray(String[]::new);

    private ReferenceSql() {
    }

    /** One ranking file (UTF-8) read as 15 text fields; {@code sourceName} names the original file. */
    static String rankingFile(Path file, String sourceName) {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            columns.append(i == 0 ? "" : ", ").append("'c").append(i).append("': 'VARCHAR'");
        }
        return "SELECT *, " + literal(sourceName) + " AS source_file FROM read_csv(" + literal(file.toString())
                + ", delim = ';', quote = '\"', header = false, skip = 1, null_padding = true, auto_detect = false,"
                + " columns = {" + columns + "})";
    }

    static String curatedComplaints(List<String> fileSelects) {
        String raw = fileSelects.stream().collect(Collectors.joining("\nUNION ALL\n"));
        StringBuilder counts = new StringBuilder();
        StringBuilder countsValid = new StringBuilder();
        for (int i = 0; i < COUNTS.length; i++) {
            String c = "t" + (ComplaintsRankingParser.FIRST_COUNT_FIELD + i);
            counts.append(", CAST(replace(").append(c).append(", '.', '') AS BIGINT) AS ").append(COUNTS[i]);
            countsValid.append(" AND (").append(c).append(" IS NULL OR regexp_matches(").append(c).append(", ")
                    .append(literal(BR_INTEGER)).append("))");
        }
        StringBuilder trimmed = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            trimmed.append(i == 0 ? "" : ", ").append("nullif(trim(c").append(i).append("), '') AS t").append(i);
        }
        return "CREATE TABLE curated_complaints AS\n"
                + "WITH raw AS (" + raw + "),\n"
                + "t AS (SELECT " + trimmed + ", source_file FROM raw),\n"
                + "q AS (SELECT *, regexp_extract(t1, '^([1-4])\\s*[º°ª]?$', 1) AS qd FROM t)\n"
                + "SELECT CAST(t0 AS INTEGER) * 10 + CAST(qd AS INTEGER) AS period_key, CAST(t0 AS INTEGER) AS year,"
                + " CAST(qd AS INTEGER) AS quarter, t2 AS category, t3 AS ranking_type, lpad(t4, 8, '0') AS cnpj8,"
                + " t5 AS institution_name, CAST(replace(replace(t6, '.', ''), ',', '.') AS DECIMAL(12,2)) AS complaint_index"
                + counts + ", source_file\n"
                + "FROM q WHERE regexp_matches(t0, '^[0-9]{4}$') AND qd <> '' AND t2 IS NOT NULL AND t5 IS NOT NULL AND t10 IS NOT NULL"
                + " AND t14 IS NULL AND (t4 IS NULL OR regexp_matches(t4, '^[0-9]{1,8}$'))"
                + " AND (t6 IS NULL OR regexp_matches(t6, " + literal(BR_DECIMAL) + "))" + countsValid;
    }

    static String bankList(Path file) {
        return "CREATE TABLE curated_bank_list AS\n"
                + "WITH raw AS (SELECT * FROM read_csv(" + literal(file.toString()) + ", delim = '\\t', quote = '', escape = '',"
                + " header = true, auto_detect = false, null_padding = true, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'}))\n"
                + "SELECT upper(trim(c0)) AS segment, lpad(trim(c1), 8, '0') AS cnpj8, c2 AS name, line FROM"
                + " (SELECT *, row_number() OVER () + 1 AS line FROM raw)\n"
                + "WHERE regexp_matches(upper(trim(c0)), '^S[1-5]$') AND regexp_matches(trim(c1), '^[0-9]{1,8}$')"
                + " AND nullif(trim(c2), '') IS NOT NULL";
    }

    static String serviceFees(Path responses) {
        String glob = responses.resolve("J_*.json").toString();
        return "CREATE TABLE curated_service_fees AS\n"
                + "WITH pages AS (SELECT lpad(regexp_extract(filename, 'J_([0-9]{1,8})\\.json$', 1), 8, '0') AS cnpj8,"
                + " unnest(value) AS r FROM read_json(" + literal(glob) + ", format = 'unstructured', filename = true,"
                + " columns = {'value': 'STRUCT(CodigoServico VARCHAR, Servico VARCHAR, Unidade VARCHAR, DataVigencia VARCHAR,"
                + " ValorMaximo DECIMAL(38,10), TipoValor VARCHAR, Periodicidade VARCHAR)[]'})),\n"
                + "ranked AS (SELECT DISTINCT cnpj8 FROM curated_complaints WHERE cnpj8 IS NOT NULL"
                + " UNION SELECT fee_cnpj8 FROM conform_conglomerates WHERE fee_cnpj8 IS NOT NULL),\n"
                + "f AS (SELECT p.cnpj8, nullif(trim(r.CodigoServico), '') AS code, nullif(trim(r.Servico), '') AS name,"
                + " nullif(trim(r.Unidade), '') AS unit, try_strptime(nullif(trim(r.DataVigencia), ''), '%Y-%m-%d')::DATE AS valid_from,"
                + " r.ValorMaximo AS fee, lower(nullif(trim(r.TipoValor), '')) AS fee_type, nullif(trim(r.Periodicidade), '') AS periodicity"
                + " FROM pages p SEMI JOIN ranked k ON k.cnpj8 = p.cnpj8)\n"
                + "SELECT 'J' AS person_type, cnpj8, code AS service_code, name AS service_name, unit, valid_from,"
                + " CAST(fee AS DECIMAL(18,2)) AS max_fee, CASE fee_type WHEN 'real' THEN 'Real' ELSE 'Percentual' END AS fee_type,"
                + " periodicity FROM f\n"
                + "WHERE code IS NOT NULL AND valid_from IS NOT NULL AND fee IS NOT NULL AND fee >= 0"
                + " AND CAST(fee AS DECIMAL(18,2)) = fee AND fee_type IN ('real', 'percentual')";
    }

    private static final String NATURAL_KEY = "CASE WHEN cnpj8 IS NOT NULL THEN 'cnpj:' || cnpj8 ELSE 'conglomerate:' ||"
            + " upper(trim(regexp_replace(regexp_replace(institution_name, '(?i)\\s*\\(conglomerado\\)\\s*$', ''), '\\s+', ' ',"
            + " 'g'))) END";

    /** The macros the reference shares: keys, names compared without accents, case and punctuation, U+FFFD as a wildcard. */
    static List<String> macros() {
        return List.of(
                "CREATE MACRO key_of(text) AS CAST(hash(text) >> 1 AS BIGINT)",
                "CREATE MACRO norm(s) AS trim(regexp_replace(upper(strip_accents(s)), '[^A-Z0-9\\x{FFFD}]+', ' ', 'g'))",
                // damaged (with U+FFFD) agrees with s everywhere but at its broken characters
                "CREATE MACRO agrees(damaged, s) AS length(damaged) = length(s) AND list_bool_and(list_transform("
                        + "range(1, length(damaged) + 1), lambda i: substr(damaged, i, 1) = chr(65533) OR substr(damaged, i, 1) = substr(s, i, 1)))",
                "CREATE MACRO bare_prudential(s) AS trim(regexp_replace(s, '(?i)\\s*-\\s*prudencial\\s*$', ''))");
    }

    /** The alias file ({@code null}: none), each row with its line number. */
    static String conglomerateAliases(Path file) {
        String columns = "conglomerate VARCHAR, bank_list_name VARCHAR, fee_cnpj8 VARCHAR, source VARCHAR";
        if (file == null) {
            return "CREATE TABLE conglomerate_aliases (" + columns + ", line BIGINT)";
        }
        return "CREATE TABLE conglomerate_aliases AS SELECT nullif(trim(conglomerate), '') AS conglomerate,"
                + " nullif(trim(bank_list_name), '') AS bank_list_name, lpad(nullif(trim(fee_cnpj8), ''), 8, '0') AS fee_cnpj8,"
                + " trim(source) AS source, row_number() OVER () + 1 AS line FROM read_csv(" + literal(file.toString())
                + ", header = true, auto_detect = false, quote = '\"', escape = '\"', columns = {'conglomerate': 'VARCHAR',"
                + " 'bank_list_name': 'VARCHAR', 'fee_cnpj8': 'VARCHAR', 'source': 'VARCHAR'})";
    }

    /** conform_conglomerates: by name first, then by the alias file; the main bank from the alias file or the leader. */
    static String conformConglomerates() {
        return "CREATE TABLE conform_conglomerates AS\n"
                + "WITH k AS (SELECT *, " + NATURAL_KEY + " AS natural_key FROM curated_complaints WHERE cnpj8 IS NULL),\n"
                + "r AS (SELECT natural_key, institution_name, count(DISTINCT period_key) OVER w AS quarters,"
                + " min(period_key) OVER w AS first_key, max(period_key) OVER w AS last_key,"
                + " row_number() OVER (PARTITION BY natural_key ORDER BY period_key DESC, institution_name DESC) AS rn"
                + " FROM k WINDOW w AS (PARTITION BY natural_key)),\n"
                + "b AS (SELECT natural_key, institution_name AS name, quarters, first_key, last_key,"
                + " trim(regexp_replace(institution_name, '(?i)\\s*\\(conglomerado\\)\\s*$', '')) AS bare FROM r WHERE rn = 1),\n"
                + "p AS (SELECT min(segment) AS segment, cnpj8, name, bare_prudential(name) AS bare FROM curated_bank_list"
                + " WHERE regexp_matches(name, '(?i)-\\s*prudencial\\s*$') GROUP BY cnpj8, name),\n"
                + "by_name AS (SELECT b.natural_key, p.*, b.bare AS spelling, count(*) OVER (PARTITION BY b.natural_key) AS n"
                + " FROM b JOIN p ON agrees(norm(p.bare), norm(b.bare))),\n"
                + "a AS (SELECT b.natural_key, x.* FROM b JOIN conglomerate_aliases x ON norm(x.conglomerate) = norm(b.bare)),\n"
                + "by_alias AS (SELECT a.natural_key, p.*, a.bank_list_name AS spelling, count(*) OVER (PARTITION BY a.natural_key) AS n"
                + " FROM a JOIN p ON a.bank_list_name IS NOT NULL AND agrees(norm(p.bare), norm(a.bank_list_name))),\n"
                + "m AS (SELECT 'name' AS matched_by, * FROM by_name WHERE n = 1 UNION ALL SELECT 'alias', * FROM by_alias"
                + " WHERE n = 1 AND natural_key NOT IN (SELECT natural_key FROM by_name))\n"
                + "SELECT key_of(b.natural_key) AS institution_key, b.name AS conglomerate_name, CAST(b.quarters AS INTEGER) AS quarters_seen,"
                + " b.first_key AS first_period_key, b.last_key AS last_period_key, m.matched_by,"
                + " CASE WHEN m.bare LIKE '%' || chr(65533) || '%' AND agrees(m.bare, m.spelling)"
                + " THEN m.spelling || substr(m.name, length(m.bare) + 1) ELSE m.name END AS bank_list_name,"
                + " m.name AS bank_list_name_original, m.segment, m.cnpj8 AS leader_cnpj8,"
                + " CASE WHEN m.matched_by IS NOT NULL THEN coalesce(a.fee_cnpj8, m.cnpj8) END AS fee_cnpj8,"
                + " CASE WHEN m.matched_by IS NULL THEN NULL WHEN a.fee_cnpj8 IS NOT NULL"
                + " THEN 'conglomerate aliases line ' || a.line || ': ' || a.source"
                + " ELSE 'the leader of ' || m.name || ' in the bank list' END AS fee_cnpj8_source,"
                + " CASE WHEN m.matched_by IS NULL THEN 'no prudential conglomerate of the bank list matches' END AS unmatched_reason\n"
                + "FROM b LEFT JOIN m ON m.natural_key = b.natural_key LEFT JOIN a ON a.natural_key = b.natural_key";
    }

    static List<String> starSchema() {
        String naturalKey = NATURAL_KEY;
        return List.of(
                "CREATE TABLE dim_period AS SELECT DISTINCT period_key, year, quarter, make_date(year, quarter * 3 - 2, 1) AS first_day,"
                        + " last_day(make_date(year, quarter * 3, 1)) AS last_day, year || 'Q' || quarter AS label FROM curated_complaints",
                "CREATE TABLE dim_category AS SELECT DISTINCT key_of('category:' || category) AS category_key, category"
                        + " FROM curated_complaints",
                "CREATE TABLE dim_institution AS\n"
                        + "WITH k AS (SELECT *, " + naturalKey + " AS natural_key FROM curated_complaints),\n"
                        + "latest AS (SELECT natural_key, institution_name, cnpj8, ROW_NUMBER() OVER (PARTITION BY natural_key"
                        + " ORDER BY period_key DESC, institution_name DESC, cnpj8 DESC) AS rn FROM k),\n"
                        + "segments AS (SELECT cnpj8, min(segment) AS segment FROM curated_bank_list GROUP BY cnpj8),\n"
                        // a bank's own row of the bank list (not a "- PRUDENCIAL" one it leads), the first in the file
                        + "own AS (SELECT cnpj8, name FROM (SELECT cnpj8, name, ROW_NUMBER() OVER (PARTITION BY cnpj8 ORDER BY"
                        + " regexp_matches(name, '(?i)-\\s*prudencial\\s*$'), line) AS rn FROM curated_bank_list) WHERE rn = 1),\n"
                        + "spellings AS (SELECT DISTINCT cnpj8, institution_name FROM curated_complaints WHERE cnpj8 IS NOT NULL),\n"
                        + "repaired AS (SELECT o.cnpj8, o.name AS original, coalesce(min(sp.institution_name) FILTER (WHERE"
                        + " bare_prudential(o.name) LIKE '%' || chr(65533) || '%' AND agrees(bare_prudential(o.name), sp.institution_name))"
                        + " || substr(o.name, length(bare_prudential(o.name)) + 1), o.name) AS name"
                        + " FROM own o LEFT JOIN spellings sp ON sp.cnpj8 = o.cnpj8 GROUP BY o.cnpj8, o.name)\n"
                        + "SELECT key_of(l.natural_key) AS institution_key, l.cnpj8, l.institution_name AS name,"
                        + " CASE WHEN l.cnpj8 IS NOT NULL THEN 'bank' ELSE 'conglomerate' END AS institution_type,"
                        + " coalesce(s.segment, c.segment) AS segment, c.leader_cnpj8,"
                        + " CASE WHEN l.cnpj8 IS NOT NULL THEN l.cnpj8 ELSE c.fee_cnpj8 END AS fee_cnpj8,"
                        + " coalesce(r.name, c.bank_list_name) AS bank_list_name,"
                        + " coalesce(r.original, c.bank_list_name_original) AS bank_list_name_original"
                        + " FROM latest l LEFT JOIN segments s ON s.cnpj8 = l.cnpj8 LEFT JOIN repaired r ON r.cnpj8 = l.cnpj8"
                        + " LEFT JOIN conform_conglomerates c ON l.cnpj8 IS NULL AND c.institution_key = key_of(l.natural_key)"
                        + " WHERE l.rn = 1",
                "CREATE TABLE dim_institution_name AS SELECT DISTINCT key_of(" + naturalKey + ") AS institution_key, period_key,"
                        + " institution_name AS name FROM curated_complaints",
                "CREATE TABLE dim_service AS SELECT key_of('service:' || service_code) AS service_key, service_code, service_name FROM"
                        + " (SELECT service_code, service_name, ROW_NUMBER() OVER (PARTITION BY service_code ORDER BY valid_from DESC,"
                        + " service_name DESC) AS rn FROM curated_service_fees) WHERE rn = 1",
                "CREATE TABLE fact_complaints AS SELECT period_key, key_of(" + naturalKey + ") AS institution_key,"
                        + " key_of('category:' || category) AS category_key, complaint_index, " + String.join(", ", COUNTS)
                        + " FROM curated_complaints",
                "CREATE TABLE fact_service_fee AS SELECT DISTINCT * FROM ("
                        + "SELECT key_of('cnpj:' || f.cnpj8) AS institution_key, key_of('service:' || service_code) AS service_key,"
                        + " person_type, valid_from, max_fee, fee_type, periodicity, unit, f.cnpj8 AS fee_cnpj8 FROM curated_service_fees f"
                        + " WHERE f.cnpj8 IN (SELECT cnpj8 FROM curated_complaints)"
                        + " UNION ALL SELECT c.institution_key, key_of('service:' || service_code), person_type, valid_from, max_fee,"
                        + " fee_type, periodicity, unit, f.cnpj8 FROM curated_service_fees f JOIN conform_conglomerates c"
                        + " ON c.fee_cnpj8 = f.cnpj8)");
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
