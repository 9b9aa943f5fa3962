package org.bankdata.pipeline.tasks;

/** Counts the data lines of a text file the way the parsers see them: non-blank lines after the header. */
final class TextCounts {
    private TextCounts() {
    }

    static long dataLines(byte[] bytes) {
        long lines = 0;
        boolean blank = true;
        for (byte b : bytes) {
            if (b == '\n') {
                if (!blank) {
                    lines++;
                }
                blank = true;
            } else if (b != '\r' && b != ' ' && b != '\t') {
                blank = false;
            }
        }
        if (!blank) {
            lines++;
        }
        return Math.max(0, lines - 1);
    }
}
