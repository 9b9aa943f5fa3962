package org.bankdata.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.bankdata.config.QuarterRange;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.TinyLake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check builders run by CheckRunner in DuckDB over the hand-made lake of {@link TinyLake}. */
class CheckRunnerTest {
    @TempDir
    static Path root;

    static LakeQueryEngine engine;

    @BeforeAll
    static void lake() throws Exception {
        LakeLayout layout = TinyLake.publish(root);
        engine = LakeQueryEngine.open(layout, QuarterRange.ALL);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static CheckResult one(Check check) {
        List<CheckResult> results = CheckRunner.run(engine, List.of(check));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).check()).isEqualTo(check);
        return results.get(0);
    }

    @Test
    void uniqueKeyPasses() {
        CheckResult result = one(Check.unique("dim_institution", "institution_key"));

        assertThat(result.passed()).isTrue();
        assertThat(result.violations()).isZero();
        assertThat(result.example()).isNull();
    }

    @Test
    void duplicatedKeyIsCountedOncePerDuplicatedValue() {
        // fact_complaints has institution 1 twice and 2 twice (once per quarter), 3 and 4 once.
        CheckResult result = one(Check.unique("fact_complaints", "institution_key"));

        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).isEqualTo(2);
        assertThat(result.example()).isEqualTo("1");
        assertThat(result.describe()).isEqualTo("fact_complaints unique (institution_key): 2 violation(s), e.g. 1");
    }

    @Test
    void compositeKeyIsUnique() {
        assertThat(one(Check.unique("fact_complaints", "institution_key, period_key")).violations()).isZero();
    }

    @Test
    void relationshipFindsFactsWithoutTheirDimensionRow() {
        assertThat(one(Check.relationship("fact_complaints", "institution_key", "dim_institution")).violations()).isZero();
        // dim_period only knows 2020Q1 and 2020Q2 ... and so does fact_complaints.
        assertThat(one(Check.relationship("fact_complaints", "period_key", "dim_period")).violations()).isZero();
        // Gama (3) has complaints but no fees: seen from the other side it is an orphan.
        CheckResult reverse = one(Check.relationship("dim_institution", "institution_key", "fact_service_fee"));
        assertThat(reverse.violations()).isEqualTo(1);
        assertThat(reverse.example()).isEqualTo("3");
    }

    @Test
    void acceptedValuesCountsEveryOtherValue() {
        assertThat(one(Check.acceptedValues("fact_service_fee", "person_type", "J", "F")).violations()).isZero();
        CheckResult onlyF = one(Check.acceptedValues("fact_service_fee", "person_type", "F"));
        assertThat(onlyF.violations()).isEqualTo(7);
        assertThat(onlyF.example()).isEqualTo("J");
    }

    @Test
    void notNullPasses() {
        assertThat(one(Check.notNull("fact_service_fee", "max_fee")).violations()).isZero();
    }

    @Test
    void manyChecksRunTogetherAndKeepTheirOrder() {
        List<Check> checks = List.of(
                Check.unique("fact_complaints", "institution_key"),
                Check.notNull("dim_institution", "name"),
                Check.acceptedValues("fact_service_fee", "person_type", "F"));

        List<CheckResult> results = CheckRunner.run(engine, checks);

        assertThat(results).extracting(CheckResult::check).containsExactlyElementsOf(checks);
        assertThat(results).extracting(CheckResult::violations).containsExactly(2L, 0L, 7L);
    }
}
