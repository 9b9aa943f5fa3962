package org.bankdata.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where bankdata is installed, so the bundled BCB data can be found from any working directory.
 * The launcher passes it as {@code -Dbankdata.home}; without it the working directory is used.
 */
public record BankdataHome(Path root) {
    public static BankdataHome detect() {
        String home = System.getProperty("bankdata.home");
        return new BankdataHome(Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize());
    }

    public Path bundledComplaints() {
        return root.resolve("data/bcb/complaints");
    }

    public Path bundledBankList() {
        return root.resolve("data/bcb/banks/EnquadramentoInicia_v2.tsv");
    }

    public Path bundledConglomerateAliases() {
        return root.resolve("data/bcb/conform/conglomerate-aliases.csv");
    }

    public Path bundledFeeResponses() {
        return root.resolve("data/bcb/fees-api/responses");
    }

    public boolean hasBundledData() {
        return Files.isDirectory(bundledComplaints());
    }
}
