package org.bankdata.bcb.complaints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.InputStorage;

/**
 * The ranking files of a {@code --complaints} folder: its {@code *.csv} files, sorted. The preflight, the run's
 * input fingerprint and extract_complaints all list them here, so they always see the same files.
 */
public final class RankingFiles {
    private RankingFiles() {
    }

    /** The {@code *.csv} files of {@code dir}, sorted; none is a usage error. */
    public static List<Path> in(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UsageException("cannot list --complaints " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UsageException("--complaints " + dir + " holds no *.csv file; point it at the folder of BCB"
                    + " ranking files (the bundled ones are in data/bcb/complaints)");
        }
        return files;
    }

    /** The {@code *.csv} files of the folder {@code dir}, local or on S3, sorted by name; none is a usage error. */
    public static List<LakeLocation> in(InputStorage inputs, LakeLocation dir) {
        List<LakeLocation> files = inputs.files(dir).stream()
                .filter(file -> file.name().toLowerCase(Locale.ROOT).endsWith(".csv")).toList();
        if (files.isEmpty()) {
            throw new UsageException("--complaints " + dir + " holds no *.csv file; point it at the folder of BCB"
                    + " ranking files (the bundled ones are in data/bcb/complaints)");
        }
        return files;
    }
}
