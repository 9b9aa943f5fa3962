package org.bankdata.bcb.banks;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the BCB's two files name institutions, and how those names are compared: the ranking calls a conglomerate
 * "X (conglomerado)", the bank list "X - PRUDENCIAL"; names are compared ignoring accents, case and punctuation. The
 * bank list's broken characters (U+FFFD, from a bad re-encoding) stand for one unknown character each: a damaged name
 * matches any name that agrees everywhere else, and is repaired only from such a name.
 */
public final class ConglomerateNames {
    /** The replacement character the bank list holds where a character was lost. */
    public static final char DAMAGED = '\uFFFD';
    private static final Pattern RANKING_SUFFIX = Pattern.compile("(?i)\\s*\\(conglomerado\\)\\s*$");
    private static final Pattern PRUDENTIAL_SUFFIX = Pattern.compile("(?i)\\s*-\\s*prudencial\\s*$");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Z0-9\\uFFFD]+");

    private ConglomerateNames() {
    }

    /** "BRADESCO (conglomerado)" → "BRADESCO". */
    public static String withoutRankingSuffix(String name) {
        return RANKING_SUFFIX.matcher(name).replaceFirst("").trim();
    }

    /** "BRADESCO - PRUDENCIAL" → "BRADESCO". */
    public static String withoutPrudentialSuffix(String name) {
        return PRUDENTIAL_SUFFIX.matcher(name).replaceFirst("").trim();
    }

    public static boolean isPrudential(String bankListName) {
        return PRUDENTIAL_SUFFIX.matcher(bankListName).find();
    }

    /** Accents, case and punctuation ignored: "CAIXA ECONÔMICA FEDERAL" and "Caixa Economica Federal." give the same. */
    public static String normalize(String name) {
        String plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("").toUpperCase(Locale.ROOT);
        return NOT_ALNUM.matcher(plain).replaceAll(" ").trim();
    }

    /**
     * Whether {@code name} (normalized) is {@code bankListName} (normalized), a damaged character of the bank list
     * standing for any one character.
     */
    public static boolean sameName(String bankListName, String name) {
        String damaged = normalize(bankListName);
        String candidate = normalize(name);
        if (damaged.indexOf(DAMAGED) < 0) {
            return damaged.equals(candidate);
        }
        // the damaged character may have been a letter with an accent, which normalize() would have reduced to a letter
        return agreesOutsideDamage(damaged, candidate);
    }

    /**
     * {@code damaged} with each broken character replaced by the one {@code spelling} has there, when {@code spelling}
     * agrees with it exactly everywhere else (same length, same characters); empty otherwise, or when nothing is broken.
     */
    public static Optional<String> repair(String damaged, String spelling) {
        if (damaged.indexOf(DAMAGED) < 0 || !agreesOutsideDamage(damaged, spelling)) {
            return Optional.empty();
        }
        return Optional.of(spelling);
    }

    /** The first of {@code spellings} that repairs {@code damaged} ({@link #repair}), if any. */
    public static Optional<String> repair(String damaged, Collection<String> spellings) {
        return spellings.stream().map(s -> repair(damaged, s)).flatMap(Optional::stream).findFirst();
    }

    private static boolean agreesOutsideDamage(String damaged, String candidate) {
        if (damaged.length() != candidate.length()) {
            return false;
        }
        for (int i = 0; i < damaged.length(); i++) {
            char d = damaged.charAt(i);
            if (d != DAMAGED && d != candidate.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
