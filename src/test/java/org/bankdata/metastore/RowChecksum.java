package org.bankdata.metastore;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Collectors;
import org.bankdata.catalog.ColumnType;
import org.bankdata.catalog.TableDef;

/**
 * An order-independent fingerprint of a table's rows that two engines compute alike: each row's values in
 * declared column order, written canonically (decimals as plain text, dates ISO, timestamps as epoch
 * microseconds selected by SQL), hashed with SHA-256, the first 8 bytes summed.
 */
final class RowChecksum {
    private long sum;
    private long rows;

    /** {@code SELECT} list over the declared columns that both Spark and DuckDB answer with comparable values. */
    static String selectList(TableDef table, String epochMicrosFunction) {
        return table.columns().stream().map(c -> c.type() == ColumnType.TIMESTAMP
                ? epochMicrosFunction + "(`" + c.name() + "`) AS `" + c.name() + "`"
                : "`" + c.name() + "`").collect(Collectors.joining(", "));
    }

    static String selectList(TableDef table, String epochMicrosFunction, char quote) {
        return selectList(table, epochMicrosFunction).replace('`', quote);
    }

    void add(List<Object> values) {
        String row = values.stream().map(RowChecksum::canonical).collect(Collectors.joining("\u0001"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(row.getBytes(StandardCharsets.UTF_8));
            sum += ByteBuffer.wrap(digest, 0, 8).getLong();
            rows++;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long rows() {
        return rows;
    }

    String value() {
        return Long.toHexString(sum);
    }

    private static String canonical(Object v) {
        if (v == null) {
            return "\\N";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        return v.toString();
    }
}
