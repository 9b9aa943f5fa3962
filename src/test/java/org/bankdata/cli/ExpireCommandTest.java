package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunState;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.TestReleases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata expire} from the command line on a lake of four releases (run r<i> published i quarters), each run
 * recorded in the history: what it prints, what {@code runs} then shows, what {@code query --as-of} reads, and the
 * retention settings it refuses.
 */
class ExpireCommandTest {
    @TempDir
    Path dir;

    @Test
    void expiresBeyondTheRetentionAndRunsShowsWhichReleasesCanBeRead() {
        try (LakeSite site = LakeSite.local(dir); RunHistory history = RunHistory.open(new LakeLayout(dir))) {
            for (int i = 1; i <= 4; i++) {
                history.createRun("r" + i, RunState.RUNNING, Instant.now(), "{}", "h" + i, "run");
                TestReleases.publish(site, "r" + i, i);
                history.finishRun("r" + i, RunState.SUCCEEDED, Instant.now(), null);
            }
        }
        InProcessCli.Result expire = InProcessCli.bankdata("expire", "--lake", dir.toString(), "--keep-releases", "2",
                "--older-than", "0s");
        assertThat(expire.exit()).as(expire.err()).isZero();
        assertThat(expire.out()).startsWith("expired 2 release(s) (r2, r1)")
                .contains("kept 2 unnamed file(s) younger than 3d").contains("releases kept: r4, r3");

        InProcessCli.Result runs = InProcessCli.bankdata("runs", "--lake", dir.toString(), "--format", "csv");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out().lines().findFirst().orElseThrow()).contains(",warnings,release,error");
        Map<String, String> release = runs.out().lines().skip(1).map(l -> l.split(",", -1))
                .collect(Collectors.toMap(f -> f[0], f -> f[8]));
        assertThat(release).containsExactlyInAnyOrderEntriesOf(
                Map.of("r4", "current", "r3", "readable", "r2", "expired", "r1", "expired"));

        InProcessCli.Result r3 = InProcessCli.bankdata("query", "--lake", dir.toString(), "--as-of", "r3", "--format", "csv",
                "SELECT count(*) AS n FROM dim_period");
        assertThat(r3.out()).isEqualTo("n\n3\n");
        InProcessCli.Result r2 = InProcessCli.bankdata("report", "--lake", dir.toString(), "--as-of", "r2");
        assertThat(r2.exit()).isEqualTo(2);
        assertThat(r2.err().strip()).doesNotContain("\n").startsWith("error: the release of run r2")
                .contains("no tag release_r2").contains("releases that can be read: r4 (current), r3");
    }

    @Test
    void refusesARetentionThatWouldRemoveWhatReadersOrRunsNeed() {
        assertThat(refusal("--keep-releases", "1")).contains("--keep-releases must be at least 2");
        assertThat(refusal("--orphan-age", "10m")).contains("--orphan-age must be at least 1h");
        assertThat(refusal("--older-than", "a week")).contains("--older-than takes a number and a unit");
    }

    private String refusal(String option, String value) {
        InProcessCli.Result r = InProcessCli.bankdata("expire", "--lake", dir.toString(), option, value);
        assertThat(r.exit()).isEqualTo(2);
        return r.err();
    }
}
