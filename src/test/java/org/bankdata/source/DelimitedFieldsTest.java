package org.bankdata.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.univocity.parsers.csv.CsvParser;
import java.util.Arrays;
import java.util.Random;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Map$;

/** {@link DelimitedFields}: fields as Spark's {@code from_csv} reads them, and the field count of a line. */
class DelimitedFieldsTest {
    private final DelimitedFields fields = new DelimitedFields(';');

    @Test
    void plainFieldsEmptyAsNullPaddedAndCut() {
        assertThat(fields.split("a; b ;;c", 6)).containsExactly("a", " b ", null, "c", null, null);
        assertThat(fields.split("a;b;c;d", 2)).containsExactly("a", "b");
        assertThat(fields.split("a;", 3)).containsExactly("a", null, null);
    }

    @Test
    void quotedFields() {
        assertThat(fields.split("\"a;b\";c", 3)).containsExactly("a;b", "c", null);
        assertThat(fields.split("x;\"\";y", 3)).containsExactly("x", null, "y");
        assertThat(fields.count("\"a;b\";c")).isEqualTo(2);
        assertThat(fields.count("a\"b;c")).isEqualTo(2);
        assertThat(fields.count("a;b;")).isEqualTo(3);
    }

    /** On lines without quotes, the single scan gives what Spark's CSV parser, with Spark's settings, gives. */
    @Test
    void plainLinesSplitAsSparksParserSplitsThem() {
        CsvParser spark = new CsvParser(new CSVOptions(Map$.MODULE$.<String, String>empty().updated("sep", ";"), true, "UTC")
                .asParserSettings());
        char[] alphabet = {'a', ' ', ';', ';', '\t', 'é', '\\', '#', ',', '\''};
        Random random = new Random(20261207L);
        for (int n = 0; n < 2_000; n++) {
            char[] line = new char[1 + random.nextInt(30)];
            for (int i = 0; i < line.length; i++) {
                line[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(line);
            String[] expected = Arrays.copyOf(spark.parseLine(text), 20);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = expected[i] == null || expected[i].isEmpty() ? null : expected[i];
            }
            assertThat(fields.split(text, 20)).as(text).containsExactly(expected);
        }
    }
}
