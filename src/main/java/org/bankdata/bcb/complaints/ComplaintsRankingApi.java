package org.bankdata.bcb.complaints;

import java.net.URI;
import java.util.Objects;
import org.bankdata.config.Quarter;

/**
 * Addresses of the BCB download endpoint for the quarterly complaints ranking of banks and finance companies
 * ("Ranking de reclamações", type "Bancos e financeiras"). It answers one CSV file per quarter, the same
 * cp1252 file the BCB site offers; for a quarter not yet published it answers an empty body.
 */
public record ComplaintsRankingApi(URI base) {
    public static final String LIVE_BASE = "https://www3.bcb.gov.br/rdrweb/rest/ext/ranking/arquivo";
    public static final String TYPE = "Bancos%20e%20financeiras";

    public ComplaintsRankingApi {
        Objects.requireNonNull(base, "base");
    }

    public static ComplaintsRankingApi live() {
        return new ComplaintsRankingApi(URI.create(LIVE_BASE));
    }

    /** The ranking file of one quarter. */
    public URI fileUri(Quarter quarter) {
        String root = base.toString().replaceAll("[/?]+$", "");
        return URI.create(root + "?ano=" + quarter.year() + "&periodicidade=TRIMESTRAL&periodo=" + quarter.quarter()
                + "&tipo=" + TYPE);
    }

    /** The name the file is stored under, as the BCB names its downloads: {@code 2022_tri_01.csv}. */
    public static String fileName(Quarter quarter) {
        return String.format("%d_tri_%02d.csv", quarter.year(), quarter.quarter());
    }
}
