package org.bankdata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.config.PersonType;
import org.junit.jupiter.api.Test;

class ReplayCapacityTest {
    @Test
    void asksTheReplayOnceForEveryRecordedInstitution() throws IOException {
        long recordings;
        try (Stream<java.nio.file.Path> files = Files.list(BundledData.feeResponses())) {
            recordings = files.filter(f -> f.getFileName().toString().matches("J_\\d+\\.json")).count();
        }
        try (FeesReplayServer replay = FeesReplayServer.start(BundledData.feeResponses())) {
            assertThat(replay.cnpjs(PersonType.J)).hasSize((int) recordings).allMatch(c -> c.matches("\\d{8}"));

            double rate = ReplayCapacity.requestsPerSecond(replay, 4);

            assertThat(replay.requestCount()).as("one request per recording, none refused").isEqualTo(recordings);
            assertThat(replay.faultCount()).isZero();
            assertThat(rate).isPositive().isFinite();
        }
    }
}
