package org.bankdata.bcb.fees;

import java.time.Instant;
import org.bankdata.config.PersonType;

/**
 * One fees page in the lake: whose fees, which offset, from which URL, fetched when and by which run
 * (load id), stored where.
 *
 * @param attempts requests this run made for it (0 when the page was fetched by an earlier run and reused)
 */
public record FeePage(PersonType personType, String cnpj8, int skip, String url, Instant fetchedAt, String storedAs,
        int records, int attempts, String loadId) {

    /** The landed file name, which also identifies the page inside Spark: {@code J_00000000_skip-000000.json}. */
    public static String fileName(PersonType personType, String cnpj8, int skip) {
        return String.format("%s_%s_skip-%06d.json", personType, cnpj8, skip);
    }
}
