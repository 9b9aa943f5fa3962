package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks of one run make their attempts' branches of the same table (quarantine) at the same moment: each branch is
 * made, none fails for the other's commit.
 */
class ConcurrentBranchesTest {
    @TempDir
    Path work;

    @Test
    void branchesOfOneTableMadeAtOnceAreAllMade() throws Exception {
        String run = "20261207T080000Z-c0ffee";
        List<String> tasks = List.of("extract_complaints", "extract_banks", "extract_fees", "build_facts");
        try (LakeSite site = LakeSite.local(work.resolve("lake"))) {
            LakeCatalog catalog = LakeCatalog.reopen(site);
            ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
            try {
                for (int round = 0; round < 5; round++) {
                    CountDownLatch start = new CountDownLatch(1);
                    List<String> branches = new ArrayList<>();
                    List<Future<?>> made = new ArrayList<>();
                    for (String task : tasks) {
                        String branch = LakeCatalog.attemptBranch(run, task, round + 1);
                        branches.add(branch);
                        made.add(pool.submit(() -> {
                            start.await();
                            catalog.ensureBranch("quarantine", branch);
                            return null;
                        }));
                    }
                    start.countDown();
                    for (Future<?> f : made) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    assertThat(catalog.table("quarantine").refs()).containsKeys(branches.toArray(String[]::new));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
