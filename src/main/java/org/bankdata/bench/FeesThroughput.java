package org.bankdata.bench;

/**
 * The fees step at one scale, read as what it is, HTTP over loopback: the requests the pipeline made and its requests per
 * second (median over its runs, from the run summary's facts), and what the bench's replay answers on its own with the
 * same requests in flight ({@link ReplayCapacity}); NaN where not measured.
 */
record FeesThroughput(long requests, double pipelineRequestsPerSecond, double replayRequestsPerSecond) {
    static final FeesThroughput NOT_MEASURED = new FeesThroughput(0, Double.NaN, Double.NaN);

    /** The pipeline's rate as a share of the replay's own (1 = the step is as fast as the HTTP exchange alone). */
    double shareOfReplay() {
        return pipelineRequestsPerSecond / replayRequestsPerSecond;
    }
}
