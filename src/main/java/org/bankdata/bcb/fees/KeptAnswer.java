package org.bankdata.bcb.fees;

import java.time.Instant;
import org.bankdata.config.PersonType;

/**
 * An answer of the fees service that came back unusable (not JSON, no record array) even when asked again, for an
 * institution the lake already holds a whole answer of: that last good answer stands in for it, so a refresh never
 * drops fees it had. Nothing of the bad answer is landed or recorded, so the next run asks again.
 *
 * @param personType      person type asked for
 * @param cnpj8           CNPJ root asked for
 * @param keptFetchedAt   when the answer kept was fetched
 * @param reason          what was wrong with the new answer, naming the URL
 */
public record KeptAnswer(PersonType personType, String cnpj8, Instant keptFetchedAt, String reason) {
    /** e.g. {@code J 00122327: kept the answer fetched 2026-12-01T10:00:00Z; the answer of ... is not JSON: ...}. */
    public String describe() {
        return personType + " " + cnpj8 + ": kept the answer fetched " + keptFetchedAt + "; " + reason;
    }
}
