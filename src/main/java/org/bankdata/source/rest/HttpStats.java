package org.bankdata.source.rest;

/**
 * Counters of one {@link ResilientHttp} since it was built.
 *
 * @param requests requests sent (every attempt)
 * @param retries  attempts that were retries of a failed one
 * @param answers  requests that ended in an accepted answer
 */
public record HttpStats(long requests, long retries, long answers) {
}
