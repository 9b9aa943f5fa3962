package org.bankdata.source;

import com.univocity.parsers.csv.CsvParser;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import scala.collection.immutable.Map$;

/**
 * The fields of one delimited line as Spark's {@code from_csv} reads them (default options: {@code "} quotes,
 * {@code \} escapes, whitespace kept, an empty field absent), padded with nulls or cut to a fixed number of fields.
 * A line with no quote, carriage return or NUL character, which is every line of the BCB's files, is cut at each
 * delimiter in one scan; any other line is read by the CSV parser Spark uses, with Spark's own settings.
 */
public final class DelimitedFields {
    private final char delimiter;
    private final CSVOptions options;
    private transient CsvParser parser;

    public DelimitedFields(char delimiter) {
        this.delimiter = delimiter;
        this.options = new CSVOptions(Map$.MODULE$.<String, String>empty().updated("sep", String.valueOf(delimiter)),
                true, "UTC");
    }

    /** The first {@code n} fields of {@code line}; a missing or empty field is null. */
    public String[] split(String line, int n) {
        String[] fields = new String[n];
        if (isPlain(line)) {
            int field = 0;
            int start = 0;
            int length = line.length();
            for (int i = 0; i <= length && field < n; i++) {
                if (i == length || line.charAt(i) == delimiter) {
                    fields[field++] = i == start ? null : line.substring(start, i);
                    start = i + 1;
                }
            }
            return fields;
        }
        String[] tokens = parser().parseLine(line);
        if (tokens != null) {
            for (int i = 0; i < Math.min(n, tokens.length); i++) {
                fields[i] = tokens[i] == null || tokens[i].isEmpty() ? null : tokens[i];
            }
        }
        return fields;
    }

    /**
     * How many fields the line has when every {@code "…"} span (quotes included) is taken out first: the count of
     * delimiters outside such spans, plus one.
     */
    public int count(String line) {
        int count = 1;
        int length = line.length();
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                int close = line.indexOf('"', i + 1);
                if (close >= 0) {
                    i = close;
                }
            } else if (c == delimiter) {
                count++;
            }
        }
        return count;
    }

    private static boolean isPlain(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\r' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private CsvParser parser() {
        if (parser == null) {
            parser = new CsvParser(options.asParserSettings());
        }
        return parser;
    }
}
