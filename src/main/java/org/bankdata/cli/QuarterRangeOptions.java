package org.bankdata.cli;

import org.bankdata.config.QuarterRange;
import picocli.CommandLine.Option;

/** {@code --from} / {@code --to} quarter bounds (inclusive, YYYYQn). */
public final class QuarterRangeOptions {
    @Option(names = "--from", paramLabel = "YYYYQn", description = "First quarter to include, e.g. 2021Q1.")
    String from;

    @Option(names = "--to", paramLabel = "YYYYQn", description = "Last quarter to include, e.g. 2021Q4.")
    String to;

    QuarterRange range() {
        return QuarterRange.of(from, to);
    }
}
