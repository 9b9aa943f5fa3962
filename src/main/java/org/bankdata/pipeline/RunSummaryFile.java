package org.bankdata.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.bankdata.lake.AtomicFiles;
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

    static void write(Path file, RunSummary summary) {
        try {
            AtomicFiles.write(file, TaskOutputsJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
        } catch (IOException e) {
            LOG.warn("could not write run summary {}: {}", file, e.getMessage());
        }
    }
}
