package org.bankdata.source;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/** The data lines among rows (file, line_number, line) of {@link TextLines}: the header and blank lines left out. */
public final class DataLines {
    private DataLines() {
    }

    /** Each data line (not line 1, not blank) mapped by {@code check}, one at a time as the result is read. */
    public static Iterator<Row> map(Iterator<Row> lines, Function<Row, Row> check) {
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (lines.hasNext()) {
                    Row row = lines.next();
                    if (row.getLong(1) > 1 && BrazilianValues.hasNonWhitespace(row.getString(2))) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = advance();
                return check.apply(row);
            }
        };
    }
}
