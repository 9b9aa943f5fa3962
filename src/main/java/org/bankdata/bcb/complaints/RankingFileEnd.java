package org.bankdata.bcb.complaints;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.InputStorage;

/**
 * Tells a ranking file that was cut short (a download that stopped) from a complete one by its last bytes:
 * a last row without its line break and with fewer fields than the rows of a ranking file is the end of a
 * truncated file, not a bad row to quarantine; publishing the rest would present a part of a quarter as the
 * whole of it. Reads only the file's tail, so the preflight finds it in milliseconds.
 *
 * <p>A row holds {@link RankingFileHeader#COLUMNS 14} fields, 15 when the file ends its rows with {@code ;}
 * (then the row before the last says so). Every value of a whole row is followed by a {@code ;} or a line break;
 * a last row whose last value is followed by neither (a file without trailing {@code ;} and without a final line
 * break) may have been cut inside that value ({@code 181028} read as {@code 1810}), so it is refused too: the
 * BCB's files end with a line break.
 */
public final class RankingFileEnd {
    private static final int TAIL_BYTES = 64 * 1024;

    private RankingFileEnd() {
    }

    /** Throws {@link BadInputException} naming {@code file} and its last line when the file looks truncated. */
    public static void requireComplete(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer tail = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (tail.hasRemaining() && channel.read(tail) >= 0) {
                // read the whole tail
            }
            check(file.toString(), tail.array(), () -> lineCount(file));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #requireComplete(Path)} for a file local or on S3: reads its last bytes (one ranged read on S3), and
     * the whole file only to number the last line of a file found truncated.
     */
    public static void requireComplete(InputStorage inputs, LakeLocation file) {
        check(file.toString(), inputs.tail(file, TAIL_BYTES), () -> {
            try (InputStream in = inputs.open(file)) {
                return lineCount(in);
            }
        });
    }

    /** The same check on a file's bytes already in memory ({@code name} is how messages call it). */
    public static void requireComplete(String name, byte[] bytes) {
        check(name, bytes, () -> count(bytes, bytes.length, (byte) '\n') + 1);
    }

    private interface LineCount {
        long get() throws IOException;
    }

    private static void check(String name, byte[] tail, LineCount lastLineNumber) {
        int end = tail.length;
        if (end == 0 || isLineBreak(tail[end - 1])) {
            return;
        }
        int start = lastLineBreak(tail, end) + 1;
        if (start == 0) {
            // one line only (the header checks it), or a last line longer than the tail (not a ranking row)
            return;
        }
        String last = text(tail, start, end);
        if (last.isBlank()) {
            return;
        }
        int fields = fields(last);
        int expected = RankingFileHeader.COLUMNS.size();
        int previousEnd = start - 1 > 0 && tail[start - 1] == '\n' && tail[start - 2] == '\r' ? start - 2 : start - 1;
        int previousStart = lastLineBreak(tail, previousEnd) + 1;
        if (previousStart > 0) { // a data row (line 1, the header, may end differently)
            String previous = text(tail, previousStart, previousEnd);
            if (fields(previous) == expected + 1 && previous.endsWith(";")) {
                expected++;
            }
        }
        if (fields < expected) {
            throw truncated(name, lastLineNumber, "the file ends in the middle of a row (" + fields + " field(s) of " + expected
                    + ", no line break after it); it looks truncated — download it again (e.g. `bankdata fetch-complaints`)"
                    + " or remove it from the --complaints folder");
        }
        if (!last.endsWith(";")) {
            String value = last.substring(last.lastIndexOf(';') + 1);
            throw truncated(name, lastLineNumber, "the file ends inside the last value of its last row ('" + value
                    + "', with no ';' or line break after it), so that value may be cut short; it looks truncated — download"
                    + " it again (e.g. `bankdata fetch-complaints`), or, if the row is whole, end the file with a line break");
        }
    }

    private static BadInputException truncated(String name, LineCount lastLineNumber, String what) {
        long line;
        try {
            line = lastLineNumber.get();
        } catch (IOException e) {
            return new BadInputException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return new BadInputException(name + ":" + line + ": " + what);
    }

    private static boolean isLineBreak(byte b) {
        return b == '\n' || b == '\r';
    }

    /** Index of the last line break ({@code \n}, or {@code \r} of a file whose lines end with it) before {@code before}. */
    private static int lastLineBreak(byte[] bytes, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (isLineBreak(bytes[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Fields of a ranking line the way the parser counts them: {@code ;} outside double quotes, plus one. */
    static int fields(String line) {
        return line.replaceAll("\"[^\"]*\"", "").split(";", -1).length;
    }

    private static String text(byte[] bytes, int from, int to) {
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        // ';' and '"' are ASCII in cp1252 and UTF-8 alike, so the charset does not change the count
        return new String(bytes, from, Math.max(0, end - from), RankingFileHeader.CP1252);
    }

    private static long lineCount(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return lineCount(in);
        }
    }

    private static long lineCount(InputStream in) throws IOException {
        long lines = 1;
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            lines += count(buf, n, (byte) '\n');
        }
        return lines;
    }

    private static long count(byte[] bytes, int length, byte b) {
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                n++;
            }
        }
        return n;
    }
}
