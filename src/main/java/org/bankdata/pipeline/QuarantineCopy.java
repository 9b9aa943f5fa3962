package org.bankdata.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeStorage;
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
    static TaskOutputs into(LakeStorage storage, String runId, TaskOutputs outputs) {
        String name = CuratedTables.QUARANTINE.name();
        PublishedTable quarantine = outputs.tables().get(name);
        if (quarantine == null || quarantine.runId().equals(runId)) {
            return outputs;
        }
        String from = quarantine.path();
        String to = LakeLayout.tableVersionKey(name, runId);
        for (String source : outputs.quarantined().keySet()) {
            copyTree(storage, from + "/source=" + source, to + "/source=" + source);
        }
        Map<String, PublishedTable> tables = new LinkedHashMap<>(outputs.tables());
        tables.put(name, new PublishedTable(name, to, quarantine.rows(), runId));
        return new TaskOutputs(tables, outputs.landed(), outputs.quarantined(), outputs.outsideRange(), outputs.carriedOver(),
                outputs.facts(), outputs.warnings());
    }

    /** Copies every file under {@code from} to the same place under {@code to} (part files are small). */
    private static void copyTree(LakeStorage storage, String from, String to) {
        for (String file : storage.files(from)) {
            byte[] bytes = storage.read(file).orElseThrow(() -> new LakeException("cannot copy " + storage.location(file)
                    + ": it disappeared while being copied"));
            storage.write(to + file.substring(from.length()), bytes);
        }
    }
}
