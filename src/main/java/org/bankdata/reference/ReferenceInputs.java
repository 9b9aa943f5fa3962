package org.bankdata.reference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * The inputs of a reference build: the same files a pipeline run reads (the ranking folder, the bank list, the
 * conglomerate alias file or null for none) and the fee recordings the replay would serve. {@code out} receives the Parquet tables.
 */
public record ReferenceInputs(Path complaintsDir, Path bankList, Path feeResponses, Path out, Path conglomerateAliases) {
    /** Inputs with no conglomerate alias file. */
    public ReferenceInputs(Path complaintsDir, Path bankList, Path feeResponses, Path out) {
        this(complaintsDir, bankList, feeResponses, out, null);
    }

    public ReferenceInputs {
        Objects.requireNonNull(out, "out");
        if (complaintsDir == null || !Files.isDirectory(complaintsDir)) {
            throw new UsageException("--complaints " + complaintsDir + " is not a folder of ranking *.csv files");
        }
        if (bankList == null || !Files.isRegularFile(bankList)) {
            throw new UsageException("--banks " + bankList + " is not a file; point it at the bank list TSV");
        }
        if (feeResponses == null || !Files.isDirectory(feeResponses)) {
            throw new UsageException("--responses " + feeResponses + " is not a folder of J_<cnpj8>.json recordings");
        }
        if (conglomerateAliases != null && !Files.isRegularFile(conglomerateAliases)) {
            throw new UsageException("--conglomerate-aliases " + conglomerateAliases + " is not a file; point it at the"
                    + " conglomerate alias CSV (the bundled one is data/bcb/conform/conglomerate-aliases.csv)");
        }
        complaintsDir = complaintsDir.toAbsolutePath().normalize();
        bankList = bankList.toAbsolutePath().normalize();
        feeResponses = feeResponses.toAbsolutePath().normalize();
        out = out.toAbsolutePath().normalize();
    }
}
