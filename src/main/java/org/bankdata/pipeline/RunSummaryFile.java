package org.bankdata.pipeline;

import java.io.IOException;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.Redaction;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's summary to {@code runs/<run-id>.json} (pretty JSON, replaced atomically), whatever the outcome.
 * A summary that cannot be written is logged, not thrown: the run history already holds the outcome.
 */
final class RunSummaryFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunSummaryFile.class);

    private RunSummaryFile() {
    }

    static void write(LakeStorage storage, String runId, RunSummary summary) {
        String key = LakeLayout.runSummaryKey(runId);
        try {
            String json = TaskOutputsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary);
            storage.write(key, Redaction.redact(json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | LakeException e) {
            LOG.warn("could not write run summary {}: {}", storage.location(key), e.getMessage());
        }
    }
}
