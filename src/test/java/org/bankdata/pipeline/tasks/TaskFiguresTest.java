package org.bankdata.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bankdata.bcb.fees.FeesExtraction;
import org.bankdata.config.QuarterRange;
import org.junit.jupiter.api.Test;

/** The typed figures of the tasks keep the names and types the run summary and the run history have always stored. */
class TaskFiguresTest {
    @Test
    void theFeesFiguresKeepTheirStoredNamesAndTypes() {
        FeesExtraction extraction = new FeesExtraction(List.of(), 3, 2, 1, List.of(), List.of(),
                List.of("J 00000001: raw/fees/replay/J/00000001/2026-12-01/R1/J_00000001_skip-000000.json is missing"), 4L, 5L, 1L, 2.0);

        assertThat(new ExtractFeesTask.FeesFigures("replay http://127.0.0.1:1", 3, extraction, 3L).asFacts())
                .containsEntry("fees_api", "replay http://127.0.0.1:1")
                .containsEntry("fees_institutions", 3)
                .containsEntry("fees_answers", 3)
                .containsEntry("fees_answers_fetched", 2)
                .containsEntry("fees_answers_reused", 1)
                .containsEntry("fees_pages", 0)
                .containsEntry("fees_pages_fetched", 4L)
                .containsEntry("fees_requests", 5L)
                .containsEntry("fees_retries", 1L)
                .containsEntry("fees_answers_skipped", 0)
                .containsEntry("fees_answers_kept", 0)
                .containsEntry("fees_answers_damaged", 1)
                .containsEntry("fees_requests_per_second", 2.5)
                .containsEntry("fees_institutions_without_fees", 3L)
                .containsEntry("fees_summary", extraction.describe())
                .hasSize(15);
    }

    @Test
    void checkPublishAndABackfillReportWhatTheirRowsOutUsedToMix() {
        assertThat(new CheckTask.CheckFigures(17).asFacts()).containsExactlyEntriesOf(java.util.Map.of("checks_run", 17));
        assertThat(new PublishTask.PublishFigures(12).asFacts()).containsExactlyEntriesOf(java.util.Map.of("tables_published", 12));
        assertThat(new ExtractComplaintsTask.BackfillFigures(QuarterRange.of("2020Q1", "2020Q4")).asFacts())
                .containsEntry("complaints_quarters", QuarterRange.of("2020Q1", "2020Q4").toString());
    }
}
