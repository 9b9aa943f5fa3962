package org.bankdata.source;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Numbers the lines of files read in blocks: a line's number is the count of lines in the blocks of its file
 * before its own block, plus its place in its block. Built on the driver from each block's line count, shipped
 * to the tasks, which also decode each line with its file's charset.
 */
final class LineNumbering implements Serializable {
    private static final long serialVersionUID = 1L;

    /** File → block start → lines of that file before the block. */
    private final Map<String, Map<Long, Long>> linesBefore;
    /** File → its number of lines (the number of its last line). */
    private final Map<String, Long> lineCount;
    private final Map<String, Boolean> endsWithLineBreak;
    private final Map<String, String> charsets;

    private LineNumbering(Map<String, Map<Long, Long>> linesBefore, Map<String, Long> lineCount,
            Map<String, Boolean> endsWithLineBreak, Map<String, String> charsets) {
        this.linesBefore = linesBefore;
        this.lineCount = lineCount;
        this.endsWithLineBreak = endsWithLineBreak;
        this.charsets = charsets;
    }

    static LineNumbering of(List<TextLines.BlockLines> blocks, Map<String, Boolean> endsWithLineBreak,
            Map<String, String> charsets) {
        Map<String, Map<Long, Long>> before = new HashMap<>();
        Map<String, Long> count = new HashMap<>();
        blocks.stream().sorted(Comparator.comparing((TextLines.BlockLines b) -> b.file).thenComparingLong(b -> b.start))
                .forEach(b -> {
                    long previous = count.getOrDefault(b.file, 0L);
                    before.computeIfAbsent(b.file, f -> new HashMap<>()).put(b.start, previous);
                    count.put(b.file, previous + b.lines);
                });
        return new LineNumbering(before, count, Map.copyOf(endsWithLineBreak), Map.copyOf(charsets));
    }

    /**
     * The numbering when each file is read as one block: no counts are needed, and a file's last line is the last line
     * of its block.
     */
    static LineNumbering ofWholeFiles(Map<String, Boolean> endsWithLineBreak, Map<String, String> charsets) {
        return new LineNumbering(null, null, Map.copyOf(endsWithLineBreak), Map.copyOf(charsets));
    }

    /** Rows (file URI, block start, line bytes) of one partition → rows (file, line number, decoded line). */
    Iterator<Row> lines(Iterator<Row> rows) {
        return linesBefore == null ? wholeFileLines(rows) : blockLines(rows);
    }

    private Iterator<Row> blockLines(Iterator<Row> rows) {
        return new Iterator<>() {
            private String uri;
            private String file;
            private long start = -1;
            private long number;
            private Charset charset;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = rows.next();
                if (!row.getString(0).equals(uri) || row.getLong(1) != start) {
                    uri = row.getString(0);
                    file = TextLines.fileName(uri);
                    start = row.getLong(1);
                    number = linesBefore.get(file).get(start);
                    charset = Charset.forName(charsets.get(file));
                }
                number++;
                byte[] bytes = (byte[]) row.get(2);
                return RowFactory.create(file, number, decode(bytes, charset, number < lineCount.get(file)
                        || endsWithLineBreak.get(file)));
            }
        };
    }

    /**
     * The text of a line's bytes; {@code brokenAtNewline}: a {@code \n} followed it, so one {@code \r} before it
     * belongs to the line break, not to the line.
     */
    static String decode(byte[] bytes, Charset charset, boolean brokenAtNewline) {
        int length = bytes.length;
        if (brokenAtNewline && length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return new String(bytes, 0, length, charset);
    }

    /** As {@link #blockLines} for files read whole: a line is its file's last when the next row is of another file. */
    private Iterator<Row> wholeFileLines(Iterator<Row> rows) {
        return new Iterator<>() {
            private Row next = rows.hasNext() ? rows.next() : null;
            private String uri;
            private String file;
            private long number;
            private Charset charset;

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
                next = rows.hasNext() ? rows.next() : null;
                if (!row.getString(0).equals(uri)) {
                    uri = row.getString(0);
                    file = TextLines.fileName(uri);
                    number = 0;
                    charset = Charset.forName(charsets.get(file));
                }
                number++;
                boolean last = next == null || !next.getString(0).equals(uri);
                return RowFactory.create(file, number, decode((byte[]) row.get(2), charset, !last || endsWithLineBreak.get(file)));
            }
        };
    }
}
