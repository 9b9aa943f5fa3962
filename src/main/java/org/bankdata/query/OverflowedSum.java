package org.bankdata.query;

import java.sql.SQLException;
import java.util.Locale;
import org.bankdata.catalog.CuratedTables;

/**
 * DuckDB's failure when a sum of counts does not fit the BIGINT an answer returns: only tables holding counts above
 * the bound ({@link CuratedTables#MAX_COUNT}), as an older bankdata let through, can cause it. Said in the user's
 * words, with the fix, instead of DuckDB's text.
 */
public final class OverflowedSum {
    public static final String MESSAGE = "a sum of the published counts is too large for a 64-bit integer: the tables hold"
            + " counts above " + String.format(Locale.ROOT, "%,d", CuratedTables.MAX_COUNT) + ", more than the BCB can publish"
            + " (published by an older bankdata); publish them again with `bankdata run --force`, which quarantines such rows";

    private OverflowedSum() {
    }

    /** Whether {@code e} is DuckDB's "out of range" conversion of a sum. */
    public static boolean is(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Conversion Error") && message.contains("out of range") && message.contains("sum(");
    }
}
