package org.bankdata.bcb.fees;

import org.bankdata.config.PersonType;

/**
 * An answer of the fees service left out of a run because the service answered with something unusable (not
 * JSON, no record array) even when asked again. Nothing of it is landed or recorded, so the next run asks again.
 *
 * @param personType person type asked for
 * @param cnpj8      CNPJ root asked for
 * @param reason     what was wrong, naming the URL, e.g. "the answer of http://... is not JSON: ..."
 */
public record SkippedAnswer(PersonType personType, String cnpj8, String reason) {
    /** e.g. {@code J 00000208: the answer of ... is not JSON: ...}. */
    public String describe() {
        return personType + " " + cnpj8 + ": " + reason;
    }
}
