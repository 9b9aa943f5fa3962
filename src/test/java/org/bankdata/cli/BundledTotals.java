package org.bankdata.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bankdata.BundledData;

/** Sum of "Quantidade total de reclamações" over the bundled files, read as plain text. */
final class BundledTotals {
    private BundledTotals() {
    }

    static long totalComplaints() {
        long total = 0;
        try (Stream<Path> files = Files.list(BundledData.complaints())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                String[] lines = new String(Files.readAllBytes(file), Charset.forName("windows-1252")).split("\n");
                for (int i = 1; i < lines.length; i++) {
                    if (!lines[i].isBlank()) {
                        total += Long.parseLong(lines[i].split(";")[10].trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return total;
    }
}
