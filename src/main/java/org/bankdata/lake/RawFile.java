package org.bankdata.lake;

import java.time.Instant;

/**
 * One manifest line: a file or API page landed byte for byte under raw/.
 *
 * @param source   logical source: complaints, banks or fees
 * @param origin   where the bytes came from: the input file's absolute path or the URL requested
 * @param storedAs path under the lake root
 * @param fetchedAt when the bytes were read or received
 * @param sha256   hex digest of the bytes
 * @param bytes    size
 * @param rows     data rows held (CSV lines after the header, or records in an API page)
 */
public record RawFile(String source, String origin, String storedAs, Instant fetchedAt, String sha256, long bytes,
        long rows) {
}
