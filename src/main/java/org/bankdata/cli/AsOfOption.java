package org.bankdata.cli;

import picocli.CommandLine.Option;

/** {@code --as-of RUN_ID}: read an earlier release, still retained, instead of the published one. */
public final class AsOfOption {
    @Option(names = "--as-of", paramLabel = "RUN_ID", description = "Read the release run RUN_ID published, if it is still"
            + " kept (`bankdata runs` shows which releases can be read; `bankdata expire` removes old ones). Default: the"
            + " published release.")
    String runId;
}
