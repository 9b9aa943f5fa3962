package org.bankdata.cli;

import picocli.CommandLine.Option;

/** {@code --format table|csv|json} for the verbs that print results. */
public final class FormatOption {
    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;
}
