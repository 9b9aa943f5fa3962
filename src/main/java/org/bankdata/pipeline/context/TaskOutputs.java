package org.bankdata.pipeline.context;

import java.util.List;
import java.util.Map;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.RawFile;

/**
 * What one succeeded task left in the lake for the tasks after it: the table versions it wrote, the raw
 * files it landed, rows quarantined, outside the run's quarters or carried over from the published tables
 * by a backfill (per source), and figures and warnings
 * for the summary. Stored with the task in the run history, so a resumed run or a {@code bankdata job}
 * in another process continues from it.
 */
public record TaskOutputs(
        Map<String, PublishedTable> tables,
        List<RawFile> landed,
        Map<String, Long> quarantined,
        Map<String, Long> outsideRange,
        Map<String, Long> carriedOver,
        Map<String, Object> facts,
        List<String> warnings) {

    public static final TaskOutputs NONE = new TaskOutputs(Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            List.of());

    public TaskOutputs {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        landed = landed == null ? List.of() : List.copyOf(landed);
        quarantined = quarantined == null ? Map.of() : Map.copyOf(quarantined);
        outsideRange = outsideRange == null ? Map.of() : Map.copyOf(outsideRange);
        carriedOver = carriedOver == null ? Map.of() : Map.copyOf(carriedOver);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Rows this task took in when it has no upstream task: the data rows of the files it landed. */
    public long rowsLanded() {
        return landed.stream().mapToLong(RawFile::rows).sum();
    }

    /**
     * Rows of the tables it wrote, rows it quarantined apart: its {@code rows_out}, the same figure as the
     * {@link TaskResult#rowsWritten()} it reported when it ran, so a resumed run shows the same count.
     */
    public long rowsWritten() {
        return tables.values().stream().filter(t -> !t.name().equals(CuratedTables.QUARANTINE.name()))
                .mapToLong(PublishedTable::rows).sum();
    }
}
