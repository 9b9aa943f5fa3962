package org.bankdata.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.RawLanding;

/** A digest of input files' names and bytes: equal inputs, equal digest; any changed byte changes it. */
public final class InputFingerprint {
    private InputFingerprint() {
    }

    public static String of(List<Path> files) {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            all.append(file.getFileName()).append('=').append(RawLanding.sha256(InputFiles.readAll(file))).append('\n');
        }
        return RawLanding.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #of(List)} for files local or on S3, read through {@code inputs}: the same bytes, the same digest. */
    public static String of(InputStorage inputs, List<LakeLocation> files) {
        StringBuilder all = new StringBuilder();
        for (LakeLocation file : files) {
            all.append(file.name()).append('=').append(RawLanding.sha256(inputs.readAll(file))).append('\n');
        }
        return RawLanding.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }
}
