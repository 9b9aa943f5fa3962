package org.bankdata.cli;

import java.nio.file.Path;
import org.bankdata.lake.LakeLayout;
import picocli.CommandLine.Option;

/** The {@code --lake} option every verb accepts (replay takes it too, so scripts can pass it everywhere). */
public final class LakeOption {
    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "${env:BANKDATA_LAKE:-lake}",
            converter = LakePathConverter.class,
            description = "Lake folder (default: ${DEFAULT-VALUE}; env BANKDATA_LAKE).")
    Path lake;

    LakeLayout layout() {
        return new LakeLayout(lake);
    }
}
