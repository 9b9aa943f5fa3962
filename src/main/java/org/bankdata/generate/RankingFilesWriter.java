package org.bankdata.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.generate.BundledSources.RankingFile;

/**
 * Writes synthetic complaints-ranking files in the BCB format with its quirks: cp1252 (the header's en
 * dash is byte 0x96, {@code º} is 0xBA), {@code ;}-separated, a trailing {@code ;} and zero-padded CNPJ
 * roots where the bundled file of that quarter has them (not in the first quarter of a block, like
 * 2020Q1), {@code " "} for empty, {@code 1º}..{@code 4º}, decimal comma with thousands dot
 * ({@code 16.699,13}), conglomerates without CNPJ, category names as the BCB used them that quarter.
 *
 * <p>Each synthetic institution is a bundled one with its counts redrawn: complaints × a log-normal
 * factor per institution (σ 0.6) × a per-quarter one (σ 0.15), clients × another (σ 0.4); the index is
 * recomputed as regulated upheld per million clients, as the BCB defines it.
 */
final class RankingFilesWriter {
    private static final int[] COMPLAINT_COLUMNS = {7, 8, 9};
    private static final int[] CLIENT_COLUMNS = {11, 12, 13};

    private final GenerateSpec spec;
    private final CnpjMap cnpjs;
    private final Draws draws;
    private final DecimalFormat decimalComma = decimalCommaFormat();

    RankingFilesWriter(GenerateSpec spec, CnpjMap cnpjs, Draws draws) {
        this.spec = spec;
        this.cnpjs = cnpjs;
        this.draws = draws;
    }

    /** Writes one file per (block, bundled quarter); returns the number of data rows written. */
    long write(BundledSources bundled) throws IOException {
        Files.createDirectories(spec.complaintsDir());
        int blocks = spec.quarterBlocks();
        long rows = 0;
        for (int block = 0; block < blocks; block++) {
            for (RankingFile file : bundled.rankings()) {
                rows += writeFile(file, block, blocks);
            }
        }
        return rows;
    }

    private long writeFile(RankingFile file, int block, int blocks) throws IOException {
        String[] first = file.rows().get(0);
        int year = Integer.parseInt(first[0].trim()) - 2 * block;
        int quarter = Integer.parseInt(first[1].trim().substring(0, 1));
        Path out = spec.complaintsDir().resolve(String.format(Locale.ROOT, "%d_tri_%02d.csv", year, quarter));
        long rows = 0;
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), BundledSources.CP1252),
                1 << 16)) {
            w.write(file.header());
            w.write('\n');
            for (int copy = block; copy < spec.scale(); copy += blocks) {
                for (String[] row : file.rows()) {
                    w.write(line(row, copy, year, file));
                    w.write('\n');
                    rows++;
                }
            }
        }
        return rows;
    }

    private String line(String[] bundled, int copy, int year, RankingFile file) {
        String key = InstitutionNames.naturalKey(bundled[4], bundled[5]);
        double complaintsFactor = Draws.logNormal(draws.random("complaints", copy, key), 0.6);
        double clientsFactor = Draws.logNormal(draws.random("clients", copy, key), 0.4);
        SplittableRandom quarterNoise = draws.random("quarter", copy, key + "@" + year + bundled[1]);
        double factor = complaintsFactor * Draws.logNormal(quarterNoise, 0.15);

        String[] f = bundled.clone();
        f[0] = Integer.toString(year);
        if (!f[4].isBlank()) {
            long root = cnpjs.map(copy, Long.parseLong(f[4].trim()));
            f[4] = file.unpaddedCnpj() ? Long.toString(root) : CnpjMap.padded(root);
        }
        f[5] = InstitutionNames.tag(f[5], copy);
        long sum = 0;
        boolean allThree = true;
        for (int c : COMPLAINT_COLUMNS) {
            if (f[c].isBlank()) {
                allThree = false;
            } else {
                long v = Math.round(Long.parseLong(f[c].trim()) * factor);
                f[c] = Long.toString(v);
                sum += v;
            }
        }
        if (!f[10].isBlank()) {
            f[10] = Long.toString(allThree ? sum : Math.round(Long.parseLong(f[10].trim()) * factor));
        }
        for (int c : CLIENT_COLUMNS) {
            if (!f[c].isBlank()) {
                // within the bound on counts, so generated rows are never quarantined for it
                f[c] = Long.toString(Math.min(CuratedTables.MAX_COUNT,
                        Math.max(1, Math.round(Long.parseLong(f[c].trim()) * clientsFactor))));
            }
        }
        if (!f[6].isBlank()) {
            BigDecimal index;
            if (!f[7].isBlank() && !f[11].isBlank()) {
                index = BigDecimal.valueOf(Long.parseLong(f[7]) * 1_000_000L)
                        .divide(BigDecimal.valueOf(Long.parseLong(f[11])), 2, RoundingMode.HALF_UP);
            } else {
                index = new BigDecimal(f[6].trim().replace(".", "").replace(',', '.'))
                        .multiply(BigDecimal.valueOf(factor / clientsFactor)).setScale(2, RoundingMode.HALF_UP);
            }
            f[6] = brazilian(index);
        }
        String joined = String.join(";", f);
        return file.trailingSemicolon() ? joined + ";" : joined;
    }

    private String brazilian(BigDecimal value) {
        return decimalComma.format(value);
    }

    private static DecimalFormat decimalCommaFormat() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return new DecimalFormat("#,##0.00", symbols);
    }
}
