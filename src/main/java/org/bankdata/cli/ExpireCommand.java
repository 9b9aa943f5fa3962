package org.bankdata.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.bankdata.config.RetentionPolicy;
import org.bankdata.history.HistoryStore;
import org.bankdata.lake.LakeExpiry;
import org.bankdata.lake.LakeSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata expire}: expires old releases and removes data files nothing needs, by a retention. */
@Command(name = "expire", mixinStandardHelpOptions = true,
        description = {"Expire the releases a lake no longer needs and remove the data files nothing names any more."
                + " Kept: the published release, the last --keep-releases releases and every release younger than"
                + " --older-than (they stay readable with query/report --as-of), and every run's unpublished tables."
                + " A data file no kept snapshot or release names is removed only once older than --orphan-age, so the"
                + " files a run in flight is writing stay. A publish never deletes anything; run this on a schedule.",
                "Durations: a number and s, m, h or d (e.g. 7d, 36h)."})
public final class ExpireCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Option(names = "--keep-releases", paramLabel = "N", defaultValue = "" + RetentionPolicy.DEFAULT_KEEP_RELEASES,
            description = "Keep the last N releases readable, whatever their age (at least 2; default: ${DEFAULT-VALUE}).")
    int keepReleases;

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = RetentionPolicy.DEFAULT_KEEP_YOUNGER_THAN_TEXT,
            description = "Expire only releases (and snapshots) older than this (default: ${DEFAULT-VALUE}).")
    String olderThan;

    @Option(names = "--orphan-age", paramLabel = "DURATION", defaultValue = RetentionPolicy.DEFAULT_ORPHAN_AGE_TEXT,
            description = "Remove a data file nothing names only once older than this (at least 1h; default:"
                    + " ${DEFAULT-VALUE}).")
    String orphanAge;

    @Override
    public Integer call() {
        RetentionPolicy policy = new RetentionPolicy(keepReleases, RetentionPolicy.parseDuration("--older-than", olderThan),
                RetentionPolicy.parseDuration("--orphan-age", orphanAge));
        try (LakeSite opened = lake.open()) {
            LakeSite site = HistoryStore.withLocksOf(opened, history.given());
            site.snapshots().require();
            site.requireWritable();
            LakeExpiry.Result r = new LakeExpiry(site).expire(policy, Instant.now());
            var out = spec.commandLine().getOut();
            out.println("expired " + r.expired().size() + " release(s)" + (r.expired().isEmpty() ? "" : " ("
                    + String.join(", ", r.expired()) + ")") + " and " + r.snapshotsExpired() + " table snapshot(s); removed "
                    + r.filesRemoved() + " data file(s) (" + r.bytesRemoved() + " bytes)"
                    + (r.filesTooYoung() == 0 ? "" : "; kept " + r.filesTooYoung() + " unnamed file(s) younger than "
                            + RetentionPolicy.text(policy.orphanAge()))
                    + (r.branchesRemoved() == 0 ? "" : "; removed " + r.branchesRemoved() + " branch(es) that timed-out"
                            + " attempts of published runs wrote late"));
            out.println("releases kept: " + String.join(", ", r.kept()));
        }
        return 0;
    }
}
