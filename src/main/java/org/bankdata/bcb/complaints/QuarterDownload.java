package org.bankdata.bcb.complaints;

import java.net.URI;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.Quarter;

/**
 * What fetching one quarter's ranking file came to.
 *
 * @param outcome  stored (new or changed), unchanged (same bytes already there) or not published (empty answer)
 * @param file     where it is stored; null when not published
 * @param bytes    size of the answer
 * @param attempts requests it took
 */
public record QuarterDownload(Quarter quarter, URI url, Outcome outcome, LakeLocation file, long bytes, int attempts) {
    public enum Outcome { STORED, UNCHANGED, NOT_PUBLISHED }

    public String describe() {
        return switch (outcome) {
            case STORED -> quarter + "  stored     " + file + " (" + bytes + " bytes)";
            case UNCHANGED -> quarter + "  unchanged  " + file + " (same bytes already there)";
            case NOT_PUBLISHED -> quarter + "  not published yet (empty answer from " + url + "); nothing stored";
        };
    }
}
