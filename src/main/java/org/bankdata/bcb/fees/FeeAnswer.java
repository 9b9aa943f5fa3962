package org.bankdata.bcb.fees;

import java.time.Instant;
import java.util.List;
import org.bankdata.lake.RawFile;
import org.bankdata.config.PersonType;

/**
 * The complete answer of the fees service for one person type and CNPJ root: every page, as landed by the run
 * that fetched it. Written next to the pages only once all of them are landed, so a recorded answer is
 * always whole; it is the cursor incremental refresh reads.
 *
 * @param loadId    run that fetched it
 * @param fetchedAt when its last page arrived
 * @param skips     offset of each page, in order
 * @param pages     the landed pages (manifest lines), in the same order
 */
public record FeeAnswer(PersonType personType, String cnpj8, String loadId, Instant fetchedAt, List<Integer> skips,
        List<RawFile> pages) {

    public FeeAnswer {
        skips = List.copyOf(skips);
        pages = List.copyOf(pages);
        if (skips.size() != pages.size()) {
            throw new IllegalArgumentException("one skip per page");
        }
    }

    public long records() {
        return pages.stream().mapToLong(RawFile::rows).sum();
    }

    /** The pages as the parser takes them; {@code attempts} is what this run spent on them. */
    public List<FeePage> feePages(int attemptsEach) {
        return java.util.stream.IntStream.range(0, pages.size()).mapToObj(i -> {
            RawFile f = pages.get(i);
            return new FeePage(personType, cnpj8, skips.get(i), f.origin(), f.fetchedAt(), f.storedAs(), (int) f.rows(),
                    attemptsEach, loadId);
        }).toList();
    }
}
