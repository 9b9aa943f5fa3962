package org.bankdata.star;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bankdata.bcb.banks.ConglomerateAlias;
import org.bankdata.bcb.banks.ConglomerateNames;

/**
 * Conforms the ranking's conglomerates to the bank list's prudential conglomerates. For each conglomerate, in order:
 * its name matches one "X - PRUDENCIAL" of the bank list ignoring accents, case and punctuation (a broken character of
 * the bank list matching any one character); otherwise a row of the curated alias file names the bank list's name for
 * it. A match gives the segment and the leader CNPJ root; the conglomerate's fee schedule is its leader's unless the
 * alias file names another bank (the leader is a holding). A conglomerate that matches nothing is returned too, with
 * the reason, never dropped.
 */
public final class ConglomerateConformance {
    /** How a conglomerate was matched. */
    public static final String BY_NAME = "name";
    public static final String BY_ALIAS = "alias";

    private ConglomerateConformance() {
    }

    /**
     * A conglomerate of the ranking.
     *
     * @param name     its name in the latest quarter it appears in, as published ("BRADESCO (conglomerado)")
     * @param quarters quarters it appears in
     * @param first    its first period key
     * @param last     its last period key
     */
    public record Ranked(String name, int quarters, int first, int last) {
    }

    /** A row of the bank list: segment, CNPJ root (8 digits), name exactly as in the file. */
    public record BankListEntry(String segment, String cnpj8, String name) {
    }

    /**
     * A ranking conglomerate and what the bank list says of it; every field after {@code last} is null when unmatched.
     *
     * @param matchedBy            {@link #BY_NAME} or {@link #BY_ALIAS}; null: unmatched
     * @param bankListName         the prudential conglomerate's name, broken characters repaired where a ranking name or
     *                             the alias file spells it
     * @param bankListNameOriginal that name exactly as in the bank list
     * @param feeCnpj8             whose published fee schedule is the conglomerate's
     * @param feeSource            why that bank: the leader, or the alias file's source
     * @param unmatchedReason      why nothing matched; null when matched
     */
    public record Conformed(Ranked ranked, String matchedBy, String bankListName, String bankListNameOriginal, String segment,
            String leaderCnpj8, String feeCnpj8, String feeSource, String unmatchedReason) {
        public boolean matched() {
            return matchedBy != null;
        }
    }

    /** One result per conglomerate of {@code ranked}, in its order. {@code aliasFile} names the alias file in reasons. */
    public static List<Conformed> conform(List<Ranked> ranked, List<BankListEntry> bankList, List<ConglomerateAlias> aliases,
            String aliasFile) {
        List<BankListEntry> prudential = distinctPrudential(bankList);
        Map<String, ConglomerateAlias> aliasByName = new HashMap<>();
        aliases.forEach(a -> aliasByName.put(ConglomerateNames.normalize(a.conglomerate()), a));
        List<Conformed> result = new ArrayList<>();
        for (Ranked conglomerate : ranked) {
            String name = ConglomerateNames.withoutRankingSuffix(conglomerate.name());
            ConglomerateAlias alias = aliasByName.get(ConglomerateNames.normalize(name));
            List<BankListEntry> byName = named(prudential, name);
            if (byName.size() == 1) {
                result.add(matched(conglomerate, BY_NAME, byName.get(0), name, alias));
                continue;
            }
            if (byName.size() > 1) {
                result.add(unmatched(conglomerate, "its name matches " + byName.size() + " prudential conglomerates of the bank"
                        + " list (" + describe(byName) + "); add a row to " + aliasFile + " naming one"));
                continue;
            }
            if (alias == null || alias.bankListName() == null) {
                result.add(unmatched(conglomerate, "the bank list has no '" + name + " - PRUDENCIAL' (accents, case and"
                        + " punctuation ignored) and " + aliasFile + " has no bank_list_name for it"));
                continue;
            }
            List<BankListEntry> byAlias = named(prudential, alias.bankListName());
            if (byAlias.size() == 1) {
                result.add(matched(conglomerate, BY_ALIAS, byAlias.get(0), alias.bankListName(), alias));
            } else {
                result.add(unmatched(conglomerate, aliasFile + ":" + alias.line() + " names '" + alias.bankListName()
                        + "', which matches " + (byAlias.isEmpty() ? "no" : byAlias.size() + " (" + describe(byAlias) + ")")
                        + " prudential conglomerate of the bank list"));
            }
        }
        return result;
    }

    private static Conformed matched(Ranked ranked, String by, BankListEntry entry, String spelling, ConglomerateAlias alias) {
        String original = entry.name();
        String base = ConglomerateNames.withoutPrudentialSuffix(original);
        String repaired = ConglomerateNames.repair(base, spelling).map(r -> r + original.substring(base.length())).orElse(original);
        boolean ownFeeBank = alias != null && alias.feeCnpj8() != null;
        String fee = ownFeeBank ? alias.feeCnpj8() : entry.cnpj8();
        String feeSource = ownFeeBank ? "conglomerate aliases line " + alias.line() + ": " + alias.source()
                : "the leader of " + original + " in the bank list";
        return new Conformed(ranked, by, repaired, original, entry.segment(), entry.cnpj8(), fee, feeSource, null);
    }

    private static Conformed unmatched(Ranked ranked, String reason) {
        return new Conformed(ranked, null, null, null, null, null, null, null, reason);
    }

    private static List<BankListEntry> named(List<BankListEntry> prudential, String name) {
        return prudential.stream()
                .filter(e -> ConglomerateNames.sameName(ConglomerateNames.withoutPrudentialSuffix(e.name()), name)).toList();
    }

    /** The "- PRUDENCIAL" rows, each (CNPJ, name) once (the bank list repeats some rows). */
    private static List<BankListEntry> distinctPrudential(List<BankListEntry> bankList) {
        Map<String, BankListEntry> distinct = new LinkedHashMap<>();
        bankList.stream().filter(e -> ConglomerateNames.isPrudential(e.name()))
                .sorted(Comparator.comparing(BankListEntry::segment))
                .forEach(e -> distinct.putIfAbsent(e.cnpj8() + "\t" + e.name(), e));
        return List.copyOf(distinct.values());
    }

    private static String describe(List<BankListEntry> entries) {
        return String.join(", ", entries.stream().map(e -> e.name() + " " + e.cnpj8()).toList());
    }

    /**
     * The bank list's name for a legal entity (its own row, not a "- PRUDENCIAL" one it leads; the first such row when
     * it has several) and that name repaired from {@code spellings} (its names in the ranking, sorted), if both are there;
     * when its only row is a "- PRUDENCIAL" one, the part before the suffix is what a spelling must match.
     *
     * @return [name repaired where possible, name as in the file], or empty when the bank list has no row for it
     */
    public static Optional<String[]> bankName(List<BankListEntry> rowsOfCnpj, List<String> spellings) {
        Optional<BankListEntry> own = rowsOfCnpj.stream().filter(e -> !ConglomerateNames.isPrudential(e.name())).findFirst()
                .or(() -> rowsOfCnpj.stream().findFirst());
        return own.map(e -> new String[] {repaired(e.name(), spellings), e.name()});
    }

    /** {@code name} (its part before " - PRUDENCIAL", if any) repaired from the first of {@code spellings} that spells it. */
    private static String repaired(String name, List<String> spellings) {
        String base = ConglomerateNames.withoutPrudentialSuffix(name);
        return ConglomerateNames.repair(base, spellings).map(r -> r + name.substring(base.length())).orElse(name);
    }
}
