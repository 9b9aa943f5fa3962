package org.bankdata.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
}
