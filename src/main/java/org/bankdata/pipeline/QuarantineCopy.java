package org.bankdata.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.pipeline.context.TaskOutputs;

/** Gives a run that reuses another run's extraction its own copy of that extraction's quarantine parts. */
final class QuarantineCopy {
    private QuarantineCopy() {
    }

    /**
     * The quarantine table is one folder with a part per source: a new run that reuses another run's
     * extraction gets a copy of that part in its own folder, so its quarantine table stays one folder.
     */
    static TaskOutputs into(LakeLayout layout, String runId, TaskOutputs outputs) {
        String name = CuratedTables.QUARANTINE.name();
        PublishedTable quarantine = outputs.tables().get(name);
        if (quarantine == null || quarantine.runId().equals(runId)) {
            return outputs;
        }
        Path from = layout.resolve(quarantine.path());
        Path to = layout.tableVersion(name, runId);
        for (String source : outputs.quarantined().keySet()) {
            copyTree(from.resolve("source=" + source), to.resolve("source=" + source));
        }
        Map<String, PublishedTable> tables = new LinkedHashMap<>(outputs.tables());
        tables.put(name, new PublishedTable(name, layout.relative(to), quarantine.rows(), runId));
        return new TaskOutputs(tables, outputs.landed(), outputs.quarantined(), outputs.outsideRange(), outputs.carriedOver(),
                outputs.facts(), outputs.warnings());
    }

    private static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new LakeException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
