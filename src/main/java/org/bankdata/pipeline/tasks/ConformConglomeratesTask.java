package org.bankdata.pipeline.tasks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.bcb.banks.ConglomerateAlias;
import org.bankdata.bcb.banks.ConglomerateAliases;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.InputStorage;
import org.bankdata.star.ConglomerateConformance.Conformed;
import org.bankdata.star.ConformedConglomerates;

/**
 * conform_conglomerates, once both extracts have written their tables: lands the conglomerate alias file (when the run has one) under raw/conform/,
 * matches every conglomerate of the run's curated ranking to the bank list (see {@link ConformedConglomerates}) and
 * writes conform_conglomerates. The conglomerates that match nothing are named in the task's figures (the run summary),
 * not as a warning: an unmatched conglomerate is a known gap of the BCB's two lists, not a fault of the run.
 */
public final class ConformConglomeratesTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        Figures figures = write(context, context.tables().read(CuratedTables.CURATED_BANK_LIST));
        return new TaskResult(figures.rows(), figures);
    }

    /** Writes conform_conglomerates; returns its figures. */
    private static Figures write(RunContext context, Dataset<Row> bankList) {
        LakeLocation aliasFile = context.config().conglomerateAliases();
        List<ConglomerateAlias> aliases = List.of();
        String aliasName = "the conglomerate alias file (none given)";
        if (aliasFile != null) {
            byte[] bytes;
            try (InputStorage inputs = context.inputs()) {
                bytes = inputs.readAll(aliasFile);
            }
            aliases = ConglomerateAliases.parse(aliasFile.toString(), bytes);
            context.landing().land(ConglomerateAliases.SOURCE, aliasFile.toString(), aliasFile.name(), bytes,
                    TextCounts.dataLines(bytes), Instant.now());
            aliasName = aliasFile.name();
        }
        ConformedConglomerates result = ConformedConglomerates.build(context.tables().read(CuratedTables.CURATED_COMPLAINTS),
                bankList, aliases, aliasName);
        List<Conformed> conformed = result.conformed();
        long rows = context.tables().write(CuratedTables.CONFORM_CONGLOMERATES, result.table());
        context.progress().message("  conglomerates: " + conformed.stream().filter(Conformed::matched).count() + " of "
                + conformed.size() + " matched to the bank list");
        return new Figures(rows, conformed);
    }

    /**
     * The figures of the conformance.
     *
     * @param rows      rows written to conform_conglomerates
     * @param conformed every conglomerate and its match
     */
    record Figures(long rows, List<Conformed> conformed) implements TaskFigures {
        @Override
        public Map<String, Object> asFacts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("conglomerates", conformed.size());
            facts.put("conglomerates_matched", conformed.stream().filter(Conformed::matched).count());
            facts.put("conglomerates_unmatched", conformed.stream().filter(c -> !c.matched())
                    .map(c -> c.ranked().name() + " (" + c.ranked().quarters() + " quarter(s))").toList());
            return facts;
        }
    }
}
