package org.bankdata;

import java.nio.file.Path;
import org.bankdata.config.BankdataHome;

/** Paths of the BCB data bundled in the repository (tests run from the project root). */
public final class BundledData {
    public static final BankdataHome HOME = new BankdataHome(Path.of("").toAbsolutePath());

    private BundledData() {
    }

    public static Path complaints() {
        return HOME.bundledComplaints();
    }

    public static Path bankList() {
        return HOME.bundledBankList();
    }

    public static Path feeResponses() {
        return HOME.bundledFeeResponses();
    }
}
