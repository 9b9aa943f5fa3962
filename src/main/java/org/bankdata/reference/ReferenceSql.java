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
                + "SELECT upper(trim(c0)) AS segment, lpad(trim(c1), 8, '0') AS cnpj8, c2 AS name FROM raw\n"
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
                + "ranked AS (SELECT DISTINCT cnpj8 FROM curated_complaints WHERE cnpj8 IS NOT NULL),\n"
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

    static List<String> starSchema() {
        String naturalKey = "CASE WHEN cnpj8 IS NOT NULL THEN 'cnpj:' || cnpj8 ELSE 'conglomerate:' || upper(trim(regexp_replace("
                + "regexp_replace(institution_name, '(?i)\\s*\\(conglomerado\\)\\s*$', ''), '\\s+', ' ', 'g'))) END";
        return List.of(
                "CREATE MACRO key_of(text) AS CAST(hash(text) >> 1 AS BIGINT)",
                "CREATE TABLE dim_period AS SELECT DISTINCT period_key, year, quarter, make_date(year, quarter * 3 - 2, 1) AS first_day,"
                        + " last_day(make_date(year, quarter * 3, 1)) AS last_day, year || 'Q' || quarter AS label FROM curated_complaints",
                "CREATE TABLE dim_category AS SELECT DISTINCT key_of('category:' || category) AS category_key, category"
                        + " FROM curated_complaints",
                "CREATE TABLE dim_institution AS\n"
                        + "WITH k AS (SELECT *, " + naturalKey + " AS natural_key FROM curated_complaints),\n"
                        + "latest AS (SELECT natural_key, institution_name, cnpj8, ROW_NUMBER() OVER (PARTITION BY natural_key"
                        + " ORDER BY period_key DESC, institution_name DESC, cnpj8 DESC) AS rn FROM k),\n"
                        + "segments AS (SELECT cnpj8, min(segment) AS segment FROM curated_bank_list GROUP BY cnpj8)\n"
                        + "SELECT key_of(l.natural_key) AS institution_key, l.cnpj8, l.institution_name AS name,"
                        + " CASE WHEN l.cnpj8 IS NOT NULL THEN 'bank' ELSE 'conglomerate' END AS institution_type, s.segment"
                        + " FROM latest l LEFT JOIN segments s ON s.cnpj8 = l.cnpj8 WHERE l.rn = 1",
                "CREATE TABLE dim_service AS SELECT key_of('service:' || service_code) AS service_key, service_code, service_name FROM"
                        + " (SELECT service_code, service_name, ROW_NUMBER() OVER (PARTITION BY service_code ORDER BY valid_from DESC,"
                        + " service_name DESC) AS rn FROM curated_service_fees) WHERE rn = 1",
                "CREATE TABLE fact_complaints AS SELECT period_key, key_of(" + naturalKey + ") AS institution_key,"
                        + " key_of('category:' || category) AS category_key, complaint_index, " + String.join(", ", COUNTS)
                        + " FROM curated_complaints",
                "CREATE TABLE fact_service_fee AS SELECT DISTINCT key_of('cnpj:' || cnpj8) AS institution_key,"
                        + " key_of('service:' || service_code) AS service_key, person_type, valid_from, max_fee, fee_type, periodicity, unit"
                        + " FROM curated_service_fees");
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
