package org.bankdata.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Writes the synthetic bank list in the BCB format: TSV {@code Segmento, CNPJ, Nome}, CNPJ roots without
 * leading zeros, one line per bundled line and copy with the segment kept. Names keep the bundled bytes,
 * broken characters included (the text is carried as ISO-8859-1, one char per byte).
 */
final class BankListWriter {
    private final GenerateSpec spec;
    private final CnpjMap cnpjs;

    BankListWriter(GenerateSpec spec, CnpjMap cnpjs) {
        this.spec = spec;
        this.cnpjs = cnpjs;
    }

    long write(BundledSources bundled) throws IOException {
        Files.createDirectories(spec.bankList().getParent());
        long rows = 0;
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(spec.bankList()),
                StandardCharsets.ISO_8859_1), 1 << 16)) {
            w.write(bundled.bankListHeader());
            w.write('\n');
            for (int copy = 0; copy < spec.scale(); copy++) {
                for (String line : bundled.bankListLines()) {
                    String[] cells = line.split("\t", -1);
                    String name = cells[2];
                    String cr = name.endsWith("\r") ? "\r" : "";
                    name = name.substring(0, name.length() - cr.length());
                    w.write(cells[0] + "\t" + cnpjs.map(copy, Long.parseLong(cells[1].trim())) + "\t"
                            + InstitutionNames.tag(name, copy) + cr);
                    w.write('\n');
                    rows++;
                }
            }
        }
        return rows;
    }
}
