package org.bankdata.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bankdata.bcb.fees.FeesExtraction;
import org.bankdata.config.PersonType;
import org.bankdata.bcb.fees.SkippedAnswer;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;

class FeesSkippedLimitTest {
    private static FeesExtraction skipping(int skipped) {
        List<SkippedAnswer> answers = java.util.stream.IntStream.range(0, skipped)
                .mapToObj(i -> new SkippedAnswer(PersonType.J, String.format("%08d", i),
                        "the answer of http://127.0.0.1/x is not JSON: unexpected end at byte 22"))
                .toList();
        return new FeesExtraction(List.of(), 90, 90 - skipped, 0, answers, List.of(), List.of(), 0, 0, 0, 1.0);
    }

    @Test
    void noSkippedAnswerNoWarning() {
        assertThat(ExtractFeesTask.skippedWithin(QuarantineLimit.DEFAULT, skipping(0), 90)).isNull();
    }

    @Test
    void skippedAnswersWithinTheLimitAreAWarningNamingTheFirst() {
        // default 5,1%: 90 answers allow max(5, 0) = 5
        assertThat(ExtractFeesTask.skippedWithin(QuarantineLimit.DEFAULT, skipping(5), 90))
                .startsWith("5 fees answer(s) skipped").contains("J 00000000: the answer of http://127.0.0.1/x is not JSON");
    }

    @Test
    void moreSkippedAnswersThanTheLimitStopTheRunSayingHowToAcceptThem() {
        assertThatThrownBy(() -> ExtractFeesTask.skippedWithin(QuarantineLimit.DEFAULT, skipping(6), 90))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("6 of 90 fees answer(s) were unusable, more than the limit of 5")
                .hasMessageContaining("J 00000000")
                .hasMessageContaining("--max-quarantined 6");
        assertThat(ExtractFeesTask.skippedWithin(QuarantineLimit.parse("10%"), skipping(6), 90)).as("10% of 90 allows 9")
                .startsWith("6 fees answer(s) skipped");
    }
}
