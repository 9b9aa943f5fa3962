package org.bankdata.pipeline;

import static org.bankdata.catalog.CuratedTables.CONFORM_CONGLOMERATES;
import static org.bankdata.catalog.CuratedTables.CURATED_BANK_LIST;
import static org.bankdata.catalog.CuratedTables.CURATED_COMPLAINTS;
import static org.bankdata.catalog.CuratedTables.CURATED_SERVICE_FEES;
import static org.bankdata.catalog.StarTables.DIM_CATEGORY;
import static org.bankdata.catalog.StarTables.DIM_INSTITUTION;
import static org.bankdata.catalog.StarTables.DIM_PERIOD;
import static org.bankdata.catalog.StarTables.DIM_SERVICE;
import static org.bankdata.catalog.StarTables.FACT_COMPLAINTS;
import static org.bankdata.catalog.StarTables.FACT_SERVICE_FEE;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;

/**
 * The bankdata pipeline, declared once as data: tasks, the tables each reads (the tables declare who writes them, in
 * {@code org.bankdata.catalog}; the dependencies follow from both), retry policies and timeouts. The runner,
 * {@code bankdata job}, {@code bankdata dag} (text, Mermaid, dot, Airflow) and the docs read this graph;
 * nothing else declares tasks or dependencies.
 */
public final class PipelineDefinition {
    public static final String EXTRACT_BANKS = "extract_banks";
    public static final String EXTRACT_COMPLAINTS = "extract_complaints";
    public static final String CONFORM_CONGLOMERATES_TASK = "conform_conglomerates";
    public static final String EXTRACT_FEES = "extract_fees";
    public static final String BUILD_DIMENSIONS = "build_dimensions";
    public static final String BUILD_FACTS = "build_facts";
    public static final String BUILD_CHARTS = "build_charts";
    public static final String CHECK = "check";
    public static final String PUBLISH = "publish";

    /** Extraction may meet an unreachable source: a few minutes, retried with backoff. */
    private static final TaskPolicy EXTRACT = TaskPolicy.retrying(Duration.ofMinutes(15));
    /** Spark transforms and checks of one run's data: retried too (a lost executor is transient). */
    private static final TaskPolicy TRANSFORM = TaskPolicy.retrying(Duration.ofMinutes(30));
    /** Publishing is one rename; it either works at once or the lake is not writable. */
    private static final TaskPolicy PUBLISH_POLICY = new TaskPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofMinutes(5));

    /**
     * Each task names the tables it reads; the catalog names each table's writers; the edges are the product. Only
     * publish declares an order without data: it comes after the checks.
     */
    private static final PipelineGraph GRAPH = new PipelineGraph(List.of(
            new TaskSpec(EXTRACT_COMPLAINTS, List.of(), List.of(),
                    "land the ranking CSVs under raw/ and parse the run's quarters into curated_complaints", EXTRACT),
            new TaskSpec(EXTRACT_BANKS, List.of(), List.of(),
                    "land the bank list under raw/ and parse it into curated_bank_list", EXTRACT),
            new TaskSpec(CONFORM_CONGLOMERATES_TASK, tables(CURATED_COMPLAINTS, CURATED_BANK_LIST), List.of(),
                    "match the ranking's conglomerates to the bank list's prudential conglomerates, by name or through the"
                            + " alias file, into conform_conglomerates", TRANSFORM),
            new TaskSpec(EXTRACT_FEES, tables(CURATED_COMPLAINTS, CONFORM_CONGLOMERATES), List.of(),
                    "page the fees API for every CNPJ in the ranking and every conglomerate's main bank, land each page,"
                            + " parse into curated_service_fees", EXTRACT),
            new TaskSpec(BUILD_DIMENSIONS, tables(CURATED_COMPLAINTS, CURATED_BANK_LIST, CONFORM_CONGLOMERATES,
                    CURATED_SERVICE_FEES), List.of(),
                    "build dim_institution, dim_institution_name, dim_period, dim_category, dim_service", TRANSFORM),
            new TaskSpec(BUILD_FACTS, tables(CURATED_COMPLAINTS, CONFORM_CONGLOMERATES, CURATED_SERVICE_FEES), List.of(),
                    "build fact_complaints and fact_service_fee (keys are hashes of natural keys: no lookup needed)", TRANSFORM),
            new TaskSpec(BUILD_CHARTS, tables(DIM_INSTITUTION, DIM_PERIOD, DIM_CATEGORY, DIM_SERVICE, FACT_COMPLAINTS,
                    FACT_SERVICE_FEE), List.of(), "answer the questions as chart_* tables", TRANSFORM),
            new TaskSpec(CHECK, Tables.names(), List.of(), "verify keys, relationships and reconciliations", TRANSFORM),
            new TaskSpec(PUBLISH, Tables.names(), List.of(CHECK), "switch readers to this run's tables in one atomic step",
                    PUBLISH_POLICY)));

    /**
     * The tasks that read the published snapshot the run builds on (a backfill keeps its rows outside the run's
     * quarters). When another run publishes first, these and everything after them are rebuilt on the newer
     * snapshot.
     */
    private static final Set<String> READ_PUBLISHED = Set.of(EXTRACT_COMPLAINTS, EXTRACT_FEES);

    /**
     * The tasks that use no Spark: the check reads the run's tables with DuckDB, the publish moves catalog references
     * and the release record. A run or job of these alone (a scheduler's check and publish jobs, {@code --only
     * publish}, a resumed publish) starts no SparkSession, and on a cluster asks for no executors.
     */
    private static final Set<String> WITHOUT_SPARK = Set.of(CHECK, PUBLISH);

    private PipelineDefinition() {
    }

    public static Set<String> readPublished() {
        return READ_PUBLISHED;
    }

    /** Whether running {@code tasks} needs a SparkSession: any task but the check and the publish does. */
    public static boolean needsSpark(Collection<String> tasks) {
        return !WITHOUT_SPARK.containsAll(tasks);
    }

    private static List<String> tables(TableDef... tables) {
        return Arrays.stream(tables).map(TableDef::name).toList();
    }

    public static PipelineGraph graph() {
        return GRAPH;
    }

    public static List<TaskSpec> tasks() {
        return GRAPH.tasks();
    }

    /** Tasks in an order where each comes after everything it depends on (stable: declaration order). */
    public static List<TaskSpec> topologicalOrder() {
        return GRAPH.topologicalOrder();
    }
}
