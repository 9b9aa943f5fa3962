package org.bankdata.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bankdata.config.BankdataHome;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.UsageException;

/**
 * Writes synthetic BCB inputs at a scale, in the exact source formats, drawn from the bundled data:
 * {@code complaints/*.csv}, {@code banks/EnquadramentoInicia_v2.tsv}, {@code fees-api/responses/J_<cnpj8>.json}
 * with {@code fees-api/index.csv}, and {@code generated.json}. See {@link GenerateSpec} for what a scale means.
 */
public final class SyntheticDataGenerator {
    private final BankdataHome home;

    public SyntheticDataGenerator(BankdataHome home) {
        this.home = home;
    }

    public GeneratedData generate(GenerateSpec spec) {
        requireEmpty(spec.out());
        BundledSources bundled = BundledSources.read(home);
        CnpjMap cnpjs = new CnpjMap(bundled.cnpjRoots(), spec.seed());
        Draws draws = new Draws(spec.seed());
        try {
            long ranking = new RankingFilesWriter(spec, cnpjs, draws).write(bundled);
            long banks = new BankListWriter(spec, cnpjs).write(bundled);
            long fees = new FeeRecordingsWriter(spec, cnpjs, draws).write(bundled);
            GeneratedData data = new GeneratedData(spec.scale(), spec.seed(), spec.quarterBlocks() * bundled.rankings().size(),
                    ranking, banks, fees, (long) spec.scale() * bundled.recordings().size());
            data.save(spec.out());
            return data;
        } catch (IOException e) {
            throw new LakeException("cannot write the generated data under " + spec.out() + ": " + e.getMessage(), e);
        }
    }

    private static void requireEmpty(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file; name a new or empty folder");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new UsageException("--out " + out + " is not empty; name a new or empty folder (generated files are"
                        + " never mixed with others)");
            }
        } catch (IOException e) {
            throw new LakeException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }
}
