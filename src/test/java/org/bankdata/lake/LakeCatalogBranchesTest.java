package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names of a run's branches, and which branches a publish of the run removes. */
class LakeCatalogBranchesTest {
    @Test
    void everyAttemptGetsABranchOfItsOwnNamedAfterItsRunTaskAndNumber() {
        String first = LakeCatalog.attemptBranch("20261207T060000Z-ab12", "build_facts", 1);
        String again = LakeCatalog.attemptBranch("20261207T060000Z-ab12", "build_facts", 1);

        assertThat(first).matches("run_20261207T060000Z-ab12_build_facts_a1_[0-9a-f]{6}");
        // two processes that both count an attempt 1 of the task (a resumed run, a zombie job) still write apart
        assertThat(again).isNotEqualTo(first);
    }

    @Test
    void aPublishRemovesTheRunsBranchAndItsAttemptsBranchesOnly() {
        String run = "20261207T060000Z-ab12";

        assertThat(LakeCatalog.isBranchOf("run_" + run, run)).isTrue();
        assertThat(LakeCatalog.isBranchOf(LakeCatalog.attemptBranch(run, "extract_complaints", 3), run)).isTrue();
        assertThat(LakeCatalog.isBranchOf("run_" + run + "0", run)).as("another run whose id starts alike").isFalse();
        assertThat(LakeCatalog.isBranchOf(LakeCatalog.attemptBranch(run + "0", "build_facts", 1), run)).isFalse();
        assertThat(LakeCatalog.isBranchOf("run_" + run + "_other", run)).isFalse();
        assertThat(LakeCatalog.isBranchOf("main", run)).isFalse();
        assertThat(LakeCatalog.isBranchOf("release_" + run, run)).isFalse();
    }
}
