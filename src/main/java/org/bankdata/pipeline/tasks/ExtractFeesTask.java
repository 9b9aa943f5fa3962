package org.bankdata.pipeline.tasks;

import java.util.List;
import org.bankdata.bcb.FeePage;
import org.bankdata.bcb.FeePagesParser;
import org.bankdata.bcb.FeesExtractor;
import org.bankdata.bcb.FeesReplayServer;
import org.bankdata.bcb.OlindaFeesApi;
import org.bankdata.bcb.PersonType;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.source.ParsedRows;

/**
 * extract_fees: pages the Olinda fees service once per distinct CNPJ found in the ranking, lands every
 * page, and parses the pages into curated_service_fees. Without --api-url, an embedded replay of the
 * service serves the bundled recordings on 127.0.0.1 for the duration of the task.
 */
public final class ExtractFeesTask implements PipelineTask {
    private static final int CONCURRENCY = 4;

    @Override
    public long run(RunContext context) {
        List<String> cnpjs;
        try (LakeQueryEngine engine = LakeQueryEngine.openTables(context.layout(),
                List.of(context.tables().written().get("curated_complaints")))) {
            cnpjs = engine.query("SELECT DISTINCT cnpj8 FROM curated_complaints WHERE cnpj8 IS NOT NULL AND period_key"
                            + " BETWEEN " + context.quarters().fromKey() + " AND " + context.quarters().toKey() + " ORDER BY cnpj8")
                    .rows().stream().map(r -> (String) r.get(0)).toList();
        }
        List<FeePage> pages;
        if (context.config().usesReplay()) {
            try (FeesReplayServer replay = FeesReplayServer.start(context.config().replayResponses())) {
                pages = fetch(context, new OlindaFeesApi(replay.baseUrl()), cnpjs);
                context.recordFact("fees_api", "replay " + replay.baseUrl());
            }
        } else {
            pages = fetch(context, new OlindaFeesApi(context.config().apiUrl()), cnpjs);
            context.recordFact("fees_api", context.config().apiUrl().toString());
        }
        context.recordFact("fees_institutions", cnpjs.size());
        context.recordFact("fees_pages", pages.size());
        context.recordFact("fees_requests", pages.stream().mapToInt(FeePage::attempts).sum());
        context.recordFact("fees_institutions_without_fees",
                cnpjs.size() - pages.stream().filter(p -> p.records() > 0).map(FeePage::cnpj8).distinct().count());
        try (ParsedRows parsed = new FeePagesParser().parse(context.spark(), pages,
                context.layout().rawDir(FeesExtractor.SOURCE, context.runId()), context.runId())) {
            long rows = context.quarters().isAll() ? context.tables().write("curated_service_fees", parsed.valid())
                    : FeesBackfill.write(context, parsed.valid(), cnpjs);
            context.recordQuarantined(FeesExtractor.SOURCE,
                    context.tables().writePart("quarantine", "source", FeesExtractor.SOURCE, parsed.quarantined()));
            return rows;
        }
    }

    private static List<FeePage> fetch(RunContext context, OlindaFeesApi api, List<String> cnpjs) {
        return new FeesExtractor(api, context.config().apiPageSize(), CONCURRENCY)
                .extract(cnpjs, PersonType.J, context.landing());
    }
}
