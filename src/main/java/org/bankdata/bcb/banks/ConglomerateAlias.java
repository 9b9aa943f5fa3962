package org.bankdata.bcb.banks;

import java.util.Objects;

/**
 * One row of the curated conglomerate alias file: how a ranking conglomerate is known in the bank list, and whose
 * fee schedule is its own.
 *
 * @param conglomerate the ranking's name without " (conglomerado)"
 * @param bankListName the bank list's prudential conglomerate name without " - PRUDENCIAL", or null when the names agree
 * @param feeCnpj8     CNPJ root (8 digits) of the bank whose published fee schedule is the conglomerate's, or null for
 *                     its leader
 * @param source       where the row comes from
 * @param line         1-based line of the row in the file
 */
public record ConglomerateAlias(String conglomerate, String bankListName, String feeCnpj8, String source, long line) {
    public ConglomerateAlias {
        Objects.requireNonNull(conglomerate, "conglomerate");
        Objects.requireNonNull(source, "source");
    }
}
