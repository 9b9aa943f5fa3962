package org.bankdata.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of a local lake folder that works on its own: the Iceberg catalog and table metadata name absolute locations,
 * so they are not copied; the copy's release is registered afresh in its own catalog (its data files as they are).
 */
public final class LakeCopies {
    private LakeCopies() {
    }

    public static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                String relative = source.relativize(p).toString().replace('\\', '/');
                if (relative.startsWith(LakeLayout.CATALOG) || relative.matches("tables/[^/]+/metadata(/.*)?")) {
                    continue;
                }
                Path to = target.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        try (LakeSite site = LakeSite.local(target)) {
            site.snapshots().currentAsStored().ifPresent(release -> new LakeMigration(site).register(release));
        }
        return target;
    }
}
