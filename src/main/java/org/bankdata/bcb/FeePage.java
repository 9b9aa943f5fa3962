package org.bankdata.bcb;

import java.time.Instant;

/**
 * One fees page landed in the lake: whose fees, which offset, from which URL, stored where.
 */
public record FeePage(PersonType personType, String cnpj8, int skip, String url, Instant fetchedAt, String storedAs,
        int records, int attempts) {

    /** The landed file name, which also identifies the page inside Spark: {@code J_00000000_skip-000000.json}. */
    public static String fileName(PersonType personType, String cnpj8, int skip) {
        return String.format("%s_%s_skip-%06d.json", personType, cnpj8, skip);
    }
}
