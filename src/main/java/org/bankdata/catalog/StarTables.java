package org.bankdata.catalog;

import static org.bankdata.catalog.ColumnDef.optional;
import static org.bankdata.catalog.ColumnDef.required;
import static org.bankdata.catalog.ColumnType.BIGINT;
import static org.bankdata.catalog.ColumnType.DATE;
import static org.bankdata.catalog.ColumnType.INT;
import static org.bankdata.catalog.ColumnType.STRING;
import static org.bankdata.catalog.TableCheck.acceptedValues;
import static org.bankdata.catalog.TableCheck.references;
import static org.bankdata.catalog.TableCheck.unique;

import java.util.List;
import org.bankdata.catalog.TableCheck.Level;
import org.bankdata.catalog.TableCheck.SqlRule;

/**
 * The star schema: four dimensions and two facts. Surrogate keys are 64-bit hashes of the natural key, so
 * they are stable across runs and backfills; every fact key must find its dimension row.
 */
public final class StarTables {
    private static final String BUILD_DIMENSIONS = "build_dimensions";
    private static final String BUILD_FACTS = "build_facts";
    static final String FACT_COMPLAINTS_TABLE = "fact_complaints";

    public static final ColumnDef INSTITUTION_KEY = required("institution_key", BIGINT,
            "surrogate key: hash of `cnpj:<cnpj8>` for a legal entity, of `conglomerate:<NAME>` for a conglomerate", "",
            "derived");
    public static final ColumnDef CATEGORY_KEY = required("category_key", BIGINT, "surrogate key: hash of the category text",
            "", "derived");
    public static final ColumnDef SERVICE_KEY = required("service_key", BIGINT, "surrogate key: hash of the service code", "",
            "derived");

    public static final TableDef DIM_INSTITUTION = new TableDef("dim_institution", TableDef.Layer.DIMENSION,
            "one row per institution in the ranking",
            "A conglomerate is identified by its name without \" (conglomerado)\", case and spacing ignored. A conglomerate"
                    + " matched to the bank list's prudential conglomerate (see conform_conglomerates) has that"
                    + " conglomerate's segment, leader and fee schedule.",
            List.of("institution_key"), List.of(BUILD_DIMENSIONS),
            List.of(
                    INSTITUTION_KEY,
                    CuratedTables.CNPJ8,
                    required("name", STRING, "the name in the latest quarter the institution appears in (names change under one"
                            + " CNPJ, e.g. 92874270 went from BANCO A.J. RENNER S.A. to BANCO DIGIMAIS S.A.; every quarter's"
                            + " name is in dim_institution_name)", "", "ranking `Instituição financeira`"),
                    required("institution_type", STRING, "`bank` (a row with a CNPJ: a legal entity) or `conglomerate` (a row"
                            + " without one)", "", "ranking `CNPJ IF` presence"),
                    optional("segment", STRING, "prudential segment S1..S5: a bank's where the bank list has its CNPJ, a"
                            + " conglomerate's where it was matched to a prudential conglomerate; null otherwise", "",
                            "bank list `Segmento`"),
                    optional("leader_cnpj8", STRING, "for a matched conglomerate, the CNPJ root of its leader, 8 digits"
                            + " zero-padded (e.g. 60746948 for BRADESCO); null for a bank or an unmatched conglomerate", "",
                            "bank list `CNPJ` of the \"X - PRUDENCIAL\" row"),
                    optional("fee_cnpj8", STRING, "whose published fee schedule is the institution's (fact_service_fee):"
                            + " a bank's own CNPJ root; a matched conglomerate's main bank (its leader, or the bank the alias"
                            + " file names when the leader is a holding, e.g. 60701190 for ITAU); null for an unmatched"
                            + " conglomerate", "", "ranking `CNPJ IF` / conform_conglomerates `fee_cnpj8`"),
                    optional("bank_list_name", STRING, "the bank list's name for the institution (a bank's own row; a"
                            + " conglomerate's \"X - PRUDENCIAL\" row), a broken character (U+FFFD) repaired where a"
                            + " ranking name or the alias file spells it exactly", "", "bank list `Nome`"),
                    optional("bank_list_name_original", STRING, "that name exactly as in the bank list, broken characters"
                            + " included", "", "bank list `Nome`")),
            List.of(
                    unique("cnpj8"),
                    acceptedValues("institution_type", "bank", "conglomerate"),
                    acceptedValues("segment", "S1", "S2", "S3", "S4", "S5")));

    public static final TableDef DIM_PERIOD = new TableDef("dim_period", TableDef.Layer.DIMENSION, "one row per loaded quarter",
            "", List.of("period_key"), List.of(BUILD_DIMENSIONS),
            List.of(
                    CuratedTables.PERIOD_KEY,
                    required("year", INT, "year", "", "ranking `Ano`"),
                    required("quarter", INT, "1..4", "", "ranking `Trimestre` (`1º` → 1)"),
                    required("first_day", DATE, "first day of the quarter", "", "derived"),
                    required("last_day", DATE, "last day of the quarter", "", "derived"),
                    required("label", STRING, "e.g. `2021Q1`", "", "derived")),
            List.of());

    public static final TableDef DIM_INSTITUTION_NAME = new TableDef("dim_institution_name", TableDef.Layer.DIMENSION,
            "one row per institution and quarter it is ranked in",
            "The name history: the name each institution was published under in each quarter (the institution keeps one"
                    + " key when its name changes under one CNPJ).",
            List.of("institution_key", "period_key"), List.of(BUILD_DIMENSIONS),
            List.of(
                    INSTITUTION_KEY.describedAs("the institution (dim_institution)", "ranking `CNPJ IF` / `Instituição financeira`"),
                    CuratedTables.PERIOD_KEY,
                    required("name", STRING, "the name as published that quarter", "", "ranking `Instituição financeira`")),
            List.of(
                    references("institution_key", DIM_INSTITUTION),
                    references("period_key", DIM_PERIOD)));

    public static final TableDef DIM_CATEGORY = new TableDef("dim_category", TableDef.Layer.DIMENSION, "ranking categories",
            "", List.of("category_key"), List.of(BUILD_DIMENSIONS),
            List.of(
                    CATEGORY_KEY,
                    required("category", STRING, "e.g. \"Mais de quatro milhões de clientes\"; the BCB renamed groups over time,"
                            + " so categories are kept as published", "", "ranking `Categoria`")),
            List.of(unique("category")));

    public static final TableDef DIM_SERVICE = new TableDef("dim_service", TableDef.Layer.DIMENSION, "services of the fees API",
            "", List.of("service_key"), List.of(BUILD_DIMENSIONS),
            List.of(
                    SERVICE_KEY,
                    required("service_code", STRING, "BCB service code, e.g. `0101`", "", "API `CodigoServico`"),
                    optional("service_name", STRING, "service description; when institutions describe one code differently, the"
                            + " name of the most recent schedule", "", "API `Servico`")),
            List.of(unique("service_code")));

    public static final TableDef FACT_COMPLAINTS = new TableDef(FACT_COMPLAINTS_TABLE, TableDef.Layer.FACT,
            "one row per institution and quarter", "", List.of("institution_key", "period_key"), List.of(BUILD_FACTS),
            ColumnDef.concat(List.of(
                    CuratedTables.PERIOD_KEY,
                    INSTITUTION_KEY.describedAs("the institution (dim_institution)",
                            "ranking `CNPJ IF` / `Instituição financeira`"),
                    CATEGORY_KEY.describedAs("its ranking category that quarter (dim_category)", "ranking `Categoria`"),
                    CuratedTables.COMPLAINT_INDEX), CuratedTables.COUNTS),
            CuratedTables.concatChecks(List.of(
                    references("institution_key", DIM_INSTITUTION),
                    references("period_key", DIM_PERIOD),
                    references("category_key", DIM_CATEGORY),
                    new SqlRule(FACT_COMPLAINTS_TABLE + " reconciles with " + CuratedTables.CURATED_COMPLAINTS.name(), Level.ERROR,
                            """
                            SELECT concat('rows ', f.n, ' vs ', c.n, ', complaints ', f.s, ' vs ', c.s) AS detail
                            FROM (SELECT COUNT(*) AS n, SUM(total_complaints) AS s FROM %s) f
                            CROSS JOIN (SELECT COUNT(*) AS n, SUM(total_complaints) AS s FROM %s) c
                            WHERE f.n <> c.n OR f.s <> c.s""".formatted(FACT_COMPLAINTS_TABLE, CuratedTables.CURATED_COMPLAINTS.name()))),
                    CuratedTables.countBounds(FACT_COMPLAINTS_TABLE, "'institution ' || institution_key || ', period ' || period_key")));

    public static final TableDef FACT_SERVICE_FEE = new TableDef("fact_service_fee", TableDef.Layer.FACT,
            "one row per institution, service, person type and valid-from date",
            "A record the service repeats identically (e.g. across a page boundary) is kept once. A matched"
                    + " conglomerate's rows are its main bank's schedule, under the conglomerate's own key.",
            List.of("institution_key", "service_key", "person_type", "valid_from"), List.of(BUILD_FACTS),
            List.of(
                    INSTITUTION_KEY.describedAs("the institution (dim_institution)", "the CNPJ the page was requested for"),
                    SERVICE_KEY.describedAs("the service (dim_service)", "API `CodigoServico`"),
                    CuratedTables.CURATED_SERVICE_FEES.column("person_type"),
                    CuratedTables.CURATED_SERVICE_FEES.column("valid_from"),
                    CuratedTables.CURATED_SERVICE_FEES.column("max_fee"),
                    CuratedTables.CURATED_SERVICE_FEES.column("fee_type"),
                    CuratedTables.CURATED_SERVICE_FEES.column("periodicity"),
                    CuratedTables.CURATED_SERVICE_FEES.column("unit"),
                    required("fee_cnpj8", STRING, "whose published schedule the row is: the institution's own CNPJ root for a"
                            + " bank; for a conglomerate, its main bank's (dim_institution `fee_cnpj8`), the row being a copy of"
                            + " that bank's", "", "the CNPJ the page was requested for")),
            List.of(
                    references("institution_key", DIM_INSTITUTION),
                    references("service_key", DIM_SERVICE),
                    acceptedValues("fee_type", "Real", "Percentual"),
                    acceptedValues("person_type", "J", "F")));

    public static final List<TableDef> ALL = List.of(DIM_INSTITUTION, DIM_PERIOD, DIM_INSTITUTION_NAME, DIM_CATEGORY, DIM_SERVICE, FACT_COMPLAINTS,
            FACT_SERVICE_FEE);

    private StarTables() {
    }
}
