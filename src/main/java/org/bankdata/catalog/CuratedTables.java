package org.bankdata.catalog;

import static org.bankdata.catalog.ColumnDef.optional;
import static org.bankdata.catalog.ColumnDef.required;
import static org.bankdata.catalog.ColumnType.BIGINT;
import static org.bankdata.catalog.ColumnType.DATE;
import static org.bankdata.catalog.ColumnType.DECIMAL_12_2;
import static org.bankdata.catalog.ColumnType.DECIMAL_18_2;
import static org.bankdata.catalog.ColumnType.INT;
import static org.bankdata.catalog.ColumnType.STRING;
import static org.bankdata.catalog.ColumnType.TIMESTAMP;

import java.util.List;
import org.bankdata.catalog.TableCheck.Level;
import org.bankdata.catalog.TableCheck.SqlRule;

/**
 * The curated tables (each source's rows parsed and typed, with their lineage) and the quarantine (rows a
 * parsing rule rejected, with the reason). Columns the star schema carries over unchanged (the ranking's
 * index and counts) are declared here once and reused by {@link StarTables}.
 */
public final class CuratedTables {
    /** Raw sources, as named in raw/ and in the quarantine's {@code source} column. */
    public static final String COMPLAINTS_SOURCE = "complaints";
    public static final String BANKS_SOURCE = "banks";
    public static final String FEES_SOURCE = "fees";

    public static final ColumnDef PERIOD_KEY = required("period_key", INT, "`year * 10 + quarter`, e.g. 20211 for 2021Q1", "",
            "ranking `Ano`, `Trimestre`");
    public static final ColumnDef CNPJ8 = optional("cnpj8", STRING, "CNPJ root, 8 digits zero-padded; null for a conglomerate",
            "", "ranking `CNPJ IF`");
    public static final ColumnDef COMPLAINT_INDEX = optional("complaint_index", DECIMAL_12_2,
            "regulated upheld complaints per million clients (e.g. 74 ÷ 1,101,269 × 10⁶ = 67.19), as published; null where"
                    + " the BCB publishes none (`\" \"`)", "complaints per million clients", "ranking `Índice`");

    /**
     * The ranking's count columns, in file order (the parser reads them from consecutive fields, the fact and the
     * reference build carry them over): declared once, used everywhere.
     */
    public static final List<ColumnDef> COUNTS = List.of(
            optional("regulated_upheld", BIGINT, "regulated complaints the BCB found to have merit", "complaints",
                    "ranking `Quantidade de reclamações reguladas procedentes`"),
            optional("regulated_other", BIGINT, "other regulated complaints", "complaints",
                    "ranking `Quantidade de reclamações reguladas - outras`"),
            optional("unregulated", BIGINT, "complaints about unregulated matters", "complaints",
                    "ranking `Quantidade de reclamações não reguladas`"),
            required("total_complaints", BIGINT, "every complaint received about the institution in the quarter", "complaints",
                    "ranking `Quantidade total de reclamações`"),
            optional("clients_total", BIGINT, "clients in the CCS and SCR registries", "clients",
                    "ranking `Quantidade total de clientes – CCS e SCR`"),
            optional("clients_ccs", BIGINT, "clients in the CCS registry (accounts)", "clients",
                    "ranking `Quantidade de clientes – CCS`"),
            optional("clients_scr", BIGINT, "clients in the SCR registry (credit)", "clients",
                    "ranking `Quantidade de clientes – SCR`"));

    /**
     * The largest value a count of the ranking can hold: one billion. Every count is of people and companies (clients)
     * or of the complaints they filed in one quarter, and Brazil had 203 million people in its 2022 census; the largest
     * count the BCB has published is CAIXA's 145,914,729 clients (2021Q3). A row with a count above it is quarantined
     * (docs/DATA.md, "Bounds on counts").
     */
    public static final long MAX_COUNT = 1_000_000_000L;

    /**
     * The most rows a table of counts may hold: that many counts of at most {@link #MAX_COUNT} sum to at most
     * {@link Long#MAX_VALUE}, so no sum of a count column (Spark, DuckDB, Postgres) can overflow a BIGINT.
     */
    public static final long MAX_COUNT_ROWS = Long.MAX_VALUE / MAX_COUNT;

    /**
     * The checks of a table holding {@link #COUNTS}: each count within the bound, and few enough rows to sum;
     * {@code rowName} is SQL naming a row in a violation.
     */
    static List<TableCheck> countBounds(String table, String rowName) {
        String overBound = String.join(" OR ", COUNTS.stream().map(c -> c.name() + " > " + MAX_COUNT).toList());
        return List.of(new TableCheck.MaxRows(MAX_COUNT_ROWS),
                new SqlRule(table + " counts are at most " + String.format(java.util.Locale.ROOT, "%,d", MAX_COUNT) + " (the most the BCB can publish)", Level.ERROR, """
                        SELECT %s || ': ' || concat_ws(', ', %s) AS detail FROM %s WHERE %s"""
                        .formatted(rowName, String.join(", ", COUNTS.stream().map(c -> "CASE WHEN " + c.name() + " > " + MAX_COUNT
                                + " THEN '" + c.name() + " ' || " + c.name() + " END").toList()), table, overBound)));
    }

    private static final String COMPLAINTS_TABLE = "curated_complaints";
    private static final ColumnDef SOURCE_LINE = required("source_line", BIGINT, "1-based line number in that file", "", "");

    public static final TableDef CURATED_COMPLAINTS = new TableDef(COMPLAINTS_TABLE, TableDef.Layer.CURATED, "ranking row",
            "Every valid row of the ranking files, typed. In a backfill the run's quarters come from the files and every"
                    + " other quarter is kept as published.",
            List.of(), List.of("extract_complaints"),
            ColumnDef.concat(List.of(
                    PERIOD_KEY,
                    required("year", INT, "year", "", "ranking `Ano`"),
                    required("quarter", INT, "1..4 (`1º` → 1)", "", "ranking `Trimestre`"),
                    required("category", STRING, "ranking category as published", "", "ranking `Categoria`"),
                    optional("ranking_type", STRING, "ranking type as published", "", "ranking `Tipo`"),
                    CNPJ8,
                    required("institution_name", STRING, "institution name as published in that quarter", "",
                            "ranking `Instituição financeira`"),
                    COMPLAINT_INDEX), COUNTS, List.of(
                    required("source_file", STRING, "the ranking file the row was read from", "", ""),
                    SOURCE_LINE)),
            concatChecks(List.of(new TableCheck.LandedRows(COMPLAINTS_SOURCE),
                    new SqlRule("each quarter comes from one ranking file (keep one file per quarter)", Level.ERROR, """
                            SELECT 'quarter ' || (period_key // 10) || 'Q' || (period_key %% 10) || ' is in '
                                   || string_agg(DISTINCT source_file, ' and ' ORDER BY source_file) AS detail
                            FROM %s GROUP BY period_key HAVING COUNT(DISTINCT source_file) > 1""".formatted(COMPLAINTS_TABLE)),
                    new SqlRule("total complaints = regulated upheld + regulated other + unregulated", Level.WARN, """
                            SELECT concat(source_file, ':', source_line) AS detail FROM %s
                            WHERE regulated_upheld IS NOT NULL AND regulated_other IS NOT NULL AND unregulated IS NOT NULL
                              AND regulated_upheld + regulated_other + unregulated <> total_complaints""".formatted(COMPLAINTS_TABLE))),
                    countBounds(COMPLAINTS_TABLE, "source_file || ':' || source_line")));

    public static final TableDef CURATED_BANK_LIST = new TableDef("curated_bank_list", TableDef.Layer.CURATED, "bank-list row",
            "Every valid row of the bank list.", List.of(), List.of("extract_banks"),
            List.of(
                    required("segment", STRING, "prudential segment S1..S5", "", "bank list `Segmento`"),
                    required("cnpj8", STRING, "CNPJ root, 8 digits zero-padded", "", "bank list `CNPJ`"),
                    required("name", STRING, "exactly as in the file, broken characters U+FFFD included", "", "bank list `Nome`"),
                    required("source_file", STRING, "the bank-list file the row was read from", "", ""),
                    SOURCE_LINE),
            List.of(new TableCheck.LandedRows(BANKS_SOURCE),
                    TableCheck.acceptedValues("segment", "S1", "S2", "S3", "S4", "S5")));

    private static final String CONFORM_TABLE = "conform_conglomerates";

    public static final TableDef CONFORM_CONGLOMERATES = new TableDef(CONFORM_TABLE, TableDef.Layer.CURATED,
            "one row per conglomerate of the ranking",
            "Each ranking conglomerate (\"X (conglomerado)\") and the prudential conglomerate of the bank list (\"X -"
                    + " PRUDENCIAL\") it was matched to: by name, ignoring accents, case and punctuation, else through the"
                    + " curated alias file (`--conglomerate-aliases`, bundled: data/bcb/conform/conglomerate-aliases.csv)."
                    + " A conglomerate that matches nothing has a null `matched_by` and says why in `unmatched_reason`.",
            List.of("institution_key"), List.of("conform_conglomerates"),
            List.of(
                    required("institution_key", BIGINT, "the conglomerate's key in dim_institution", "", "derived"),
                    required("conglomerate_name", STRING, "its name in the latest quarter it appears in", "",
                            "ranking `Instituição financeira`"),
                    required("quarters_seen", INT, "quarters of the ranking it appears in", "quarters", "ranking"),
                    required("first_period_key", INT, "first quarter it appears in (`year * 10 + quarter`)", "", "ranking"),
                    required("last_period_key", INT, "last quarter it appears in", "", "ranking"),
                    optional("matched_by", STRING, "`name` (the names agree) or `alias` (a row of the alias file); null:"
                            + " unmatched", "", "derived"),
                    optional("bank_list_name", STRING, "the prudential conglomerate's name, a broken character (U+FFFD)"
                            + " repaired where the ranking's name or the alias file spells it exactly", "", "bank list `Nome`"),
                    optional("bank_list_name_original", STRING, "that name exactly as in the bank list", "", "bank list `Nome`"),
                    optional("segment", STRING, "prudential segment S1..S5 of the conglomerate", "", "bank list `Segmento`"),
                    optional("leader_cnpj8", STRING, "CNPJ root of the conglomerate's leader, 8 digits zero-padded", "",
                            "bank list `CNPJ`"),
                    optional("fee_cnpj8", STRING, "CNPJ root of the bank whose published fee schedule is the"
                            + " conglomerate's: the leader, unless the alias file names the main bank (the leader is a"
                            + " holding)", "", "bank list / alias file `fee_cnpj8`"),
                    optional("fee_cnpj8_source", STRING, "why that bank: the leader, or the alias file's line and source",
                            "", "alias file `source`"),
                    optional("unmatched_reason", STRING, "why nothing matched; null when matched", "", "derived")),
            List.of(
                    TableCheck.acceptedValues("matched_by", "name", "alias"),
                    TableCheck.acceptedValues("segment", "S1", "S2", "S3", "S4", "S5"),
                    new SqlRule("a matched conglomerate has a segment, a leader and a fee schedule; an unmatched one a reason",
                            Level.ERROR, """
                            SELECT conglomerate_name AS detail FROM %s
                            WHERE (matched_by IS NOT NULL AND (segment IS NULL OR leader_cnpj8 IS NULL OR fee_cnpj8 IS NULL))
                               OR (matched_by IS NULL AND unmatched_reason IS NULL)""".formatted(CONFORM_TABLE))));

    public static final TableDef CURATED_SERVICE_FEES = new TableDef("curated_service_fees", TableDef.Layer.CURATED,
            "fee record",
            "Every valid fee record of the fees API answers the run used, then its lineage. In a backfill the"
                    + " schedules of institutions outside the run's quarters are kept as published.",
            List.of(), List.of("extract_fees"),
            List.of(
                    required("person_type", STRING, "`J` (legal person) or `F` (natural person)", "",
                            "the `@PessoaFisicaOuJuridica` requested"),
                    required("cnpj8", STRING, "CNPJ root the page was requested for", "", "the request"),
                    required("service_code", STRING, "BCB service code, e.g. `0101`", "", "API `CodigoServico`"),
                    optional("service_name", STRING, "service description as this institution publishes it", "", "API `Servico`"),
                    optional("unit", STRING, "what one charge covers, e.g. \"por cliente\"", "", "API `Unidade`"),
                    required("valid_from", DATE, "first day the fee applies", "", "API `DataVigencia` (yyyy-MM-dd)"),
                    required("max_fee", DECIMAL_18_2, "maximum fee charged", "BRL when `fee_type` is Real, percent when Percentual",
                            "API `ValorMaximo`"),
                    required("fee_type", STRING, "`Real` or `Percentual` (matched in any case)", "", "API `TipoValor`"),
                    optional("periodicity", STRING, "e.g. \"Por evento\", \"A cada 30 dias\"", "", "API `Periodicidade`"),
                    required("load_id", STRING, "id of the run that fetched the page: with incremental refresh, a reused answer"
                            + " keeps the run that first fetched it", "", "lineage"),
                    required("fetched_at", TIMESTAMP, "when that page arrived", "UTC", "lineage"),
                    required("source_url", STRING, "the exact URL requested", "", "lineage"),
                    required("page_file", STRING, "the landed page's file name", "", "lineage"),
                    required("record_index", BIGINT, "0-based position of the record in the page", "", "lineage")),
            List.of(new TableCheck.LandedRows(FEES_SOURCE),
                    TableCheck.acceptedValues("person_type", "J", "F"),
                    TableCheck.acceptedValues("fee_type", "Real", "Percentual")));

    public static final TableDef QUARANTINE = new TableDef("quarantine", TableDef.Layer.CURATED, "rejected row",
            "Each extraction writes its part of the table under `source=<source>/` (the files hold the `source` column"
                    + " too).",
            List.of(), List.of("extract_banks", "extract_complaints", "extract_fees"),
            List.of(
                    required("source", STRING, "the source the row came from: complaints, banks or fees", "", ""),
                    optional("file", STRING, "the landed file (for fees: the page)", "", ""),
                    optional("line", BIGINT, "1-based line; for fees the record number in the page", "", ""),
                    required("reason", STRING, "every rule the row broke", "", ""),
                    optional("raw", STRING, "the line, or the record as JSON", "", "")),
            List.of(TableCheck.acceptedValues("source", COMPLAINTS_SOURCE, BANKS_SOURCE, FEES_SOURCE)))
            .partitionedBy("source");

    public static final List<TableDef> ALL = List.of(CURATED_COMPLAINTS, CURATED_BANK_LIST, CONFORM_CONGLOMERATES, CURATED_SERVICE_FEES,
            QUARANTINE);

    private CuratedTables() {
    }

    static List<TableCheck> concatChecks(List<TableCheck> first, List<TableCheck> second) {
        List<TableCheck> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
