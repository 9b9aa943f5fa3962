package org.bankdata.bench;

import org.bankdata.errors.BankdataException;

/** The pipeline and the DuckDB reference gave different chart answers for the same inputs: a correctness failure. */
public final class AnswersDifferException extends BankdataException {
    public AnswersDifferException(String message) {
        super("ANSWERS_DIFFER", false, 1, message, null);
    }
}
