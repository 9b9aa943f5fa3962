package org.bankdata.pipeline.tasks;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.bankdata.bcb.fees.FeeAnswerStore;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LocalTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.bcb.fees.FeePagesParser;
import org.bankdata.bcb.fees.FeesExtraction;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.errors.BadInputException;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.source.ParsedRows;
import org.bankdata.source.rest.FetchProgressBar;

/**
 * extract_fees: makes sure the lake holds an answer of the Olinda fees service for every distinct CNPJ in the
 * ranking, and every ranked conglomerate's main bank (conform_conglomerates {@code fee_cnpj8}), and every requested
 * person type (fetching what the refresh policy asks for, reusing the rest),
 * then parses those answers into curated_service_fees. Without --api-url, an embedded replay of the service
 * serves the bundled recordings on 127.0.0.1 for the duration of the task.
 */
public final class ExtractFeesTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        List<String> cnpjs;
        String complaints = CuratedTables.CURATED_COMPLAINTS.name();
        String conform = CuratedTables.CONFORM_CONGLOMERATES.name();
        long from = context.quarters().fromKey();
        long to = context.quarters().toKey();
        List<PublishedTable> inputs = List.of(context.tables().written().get(complaints), context.tables().written().get(conform));
        try (LocalTables local = LocalTables.of(context.site(), inputs);
                LakeQueryEngine engine = LakeQueryEngine.openTables(local.layout(), inputs)) {
            // every CNPJ ranked in the run's quarters, and the main bank of every conglomerate ranked in them
            cnpjs = engine.query("SELECT cnpj8 FROM " + complaints + " WHERE cnpj8 IS NOT NULL AND period_key BETWEEN " + from
                            + " AND " + to + " UNION SELECT fee_cnpj8 FROM " + conform + " WHERE fee_cnpj8 IS NOT NULL"
                            + " AND first_period_key <= " + to + " AND last_period_key >= " + from + " ORDER BY 1")
                    .rows().stream().map(r -> (String) r.get(0)).toList();
        }
        FeesApiConfig api = context.config().feesApi();
        FeesExtraction extraction;
        String asked;
        if (api.usesReplay()) {
            try (InputStorage recorded = context.inputs();
                    FeesReplayServer replay = FeesReplayServer.start(recorded, context.config().replayResponses())) {
                extraction = fetch(context, new OlindaFeesApi(replay.baseUrl()), cnpjs);
                asked = "replay " + replay.baseUrl();
            }
        } else {
            extraction = fetch(context, new OlindaFeesApi(api.apiUrl()), cnpjs);
            asked = api.apiUrl().toString();
        }
        limitSkipped(context, extraction, cnpjs.size() * api.personTypes().size());
        FeesFigures figures = new FeesFigures(asked, cnpjs.size(), extraction,
                cnpjs.size() - extraction.pages().stream().filter(p -> p.records() > 0).map(p -> p.cnpj8()).distinct().count());
        context.progress().message("  " + extraction.describe());
        try (ParsedRows parsed = new FeePagesParser().parse(context.spark(), extraction.pages(), context.layout().location())) {
            long rows = context.quarters().isAll() ? context.tables().write(CuratedTables.CURATED_SERVICE_FEES, parsed.valid())
                    : FeesBackfill.write(context, parsed.valid(), cnpjs);
            context.recordQuarantined(FeesExtractor.SOURCE,
                    context.tables().writePart(CuratedTables.QUARANTINE, "source", FeesExtractor.SOURCE, parsed.quarantined()));
            return new TaskResult(rows, figures);
        }
    }

    /**
     * The figures of the fees extraction.
     *
     * @param api                      the service asked: its URL, or {@code replay <url>} for the embedded replay
     * @param institutions             institutions asked for
     * @param extraction               answers, pages, requests and retries of the extraction
     * @param institutionsWithoutFees  institutions whose answers list no fee
     */
    record FeesFigures(String api, int institutions, FeesExtraction extraction, long institutionsWithoutFees)
            implements TaskFigures {
        @Override
        public Map<String, Object> asFacts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("fees_api", api);
            facts.put("fees_institutions", institutions);
            facts.put("fees_answers", extraction.answers());
            facts.put("fees_answers_fetched", extraction.fetched());
            facts.put("fees_answers_reused", extraction.reused());
            facts.put("fees_pages", extraction.pages().size());
            facts.put("fees_pages_fetched", extraction.pagesFetched());
            facts.put("fees_requests", extraction.requests());
            facts.put("fees_retries", extraction.retries());
            facts.put("fees_answers_skipped", extraction.skippedAnswers());
            facts.put("fees_answers_kept", extraction.kept().size());
            facts.put("fees_answers_damaged", extraction.damaged().size());
            facts.put("fees_requests_per_second", Math.round(extraction.requestsPerSecond() * 10) / 10.0);
            facts.put("fees_institutions_without_fees", institutionsWithoutFees);
            facts.put("fees_summary", extraction.describe());
            return facts;
        }
    }

    /**
     * Institutions whose answer was unusable count against --max-quarantined like rows of a file: within the
     * limit (of the answers asked for) the run goes on with a warning; above it the run stops before publish.
     */
    private static void limitSkipped(RunContext context, FeesExtraction extraction, long asked) {
        String warning = skippedWithin(context.config().maxQuarantined(), extraction, asked);
        if (warning != null) {
            context.warn(warning);
        }
        if (extraction.keptWarning() != null) {
            context.warn(extraction.keptWarning());
        }
        if (extraction.damagedWarning() != null) {
            context.warn(extraction.damagedWarning());
        }
    }

    /** The warning for the skipped answers (null: none), or a failure when there are more than {@code limit} allows. */
    static String skippedWithin(QuarantineLimit limit, FeesExtraction extraction, long asked) {
        if (extraction.skippedAnswers() == 0) {
            return null;
        }
        long allowed = limit.allowed(asked);
        if (extraction.skippedAnswers() > allowed) {
            throw new BadInputException(extraction.skippedAnswers() + " of " + asked + " fees answer(s) were unusable, more"
                    + " than the limit of " + allowed + " (--max-quarantined " + limit + ": " + limit.describe() + "); the first"
                    + " is " + extraction.skipped().get(0).describe() + ". Check the fees service, or accept the loss with e.g."
                    + " --max-quarantined " + extraction.skippedAnswers());
        }
        return extraction.skippedWarning();
    }

    private static FeesExtraction fetch(RunContext context, OlindaFeesApi olinda, List<String> cnpjs) {
        FeesApiConfig api = context.config().feesApi();
        FeesExtractor extractor = new FeesExtractor(olinda, api.pageSize(), api.concurrency(), api.http());
        FeeAnswerStore store = new FeeAnswerStore(context.storage(), FeeAnswerStore.sourceKey(api.apiUrl()));
        try (FetchProgressBar bar = new FetchProgressBar(context.progress().liveOutput(), context.progress().interactive(),
                "extract_fees", cnpjs.size() * api.personTypes().size(), extractor::stats)) {
            return extractor.extract(cnpjs, api.personTypes(), api.refresh(), store, context.landing(), context.runId(), bar);
        }
    }
}
