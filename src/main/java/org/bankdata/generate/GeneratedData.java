package org.bankdata.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.bankdata.errors.BadInputException;

/**
 * What {@code generate} wrote: the spec and the rows of each source. Saved as {@code generated.json} next
 * to the sources (no timestamp, so the same seed gives identical bytes).
 */
public record GeneratedData(int scale, long seed, int quarters, long rankingRows, long bankListRows, long feeRecords,
                            long feeRecordings) {
    public static final String FILE = "generated.json";

    public long totalRows() {
        return rankingRows + bankListRows + feeRecords;
    }

    void save(Path out) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve(FILE).toFile(), this);
    }

    public static GeneratedData load(Path out) {
        try {
            return new ObjectMapper().readValue(out.resolve(FILE).toFile(), GeneratedData.class);
        } catch (IOException e) {
            throw new BadInputException(out.resolve(FILE) + " cannot be read (" + e.getMessage()
                    + "); generate the data again with `bankdata generate`", e);
        }
    }
}
