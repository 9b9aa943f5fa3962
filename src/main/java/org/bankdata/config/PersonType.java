package org.bankdata.config;

import java.util.List;
import java.util.Locale;
import org.bankdata.errors.UsageException;

/** Whom a fee schedule applies to, as the Olinda service names it: J (legal person) or F (natural person). */
public enum PersonType {
    J, F;

    public static PersonType parse(String text) {
        return PersonType.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** {@code J}, {@code F} or {@code both} (J then F), as {@code --person-type} takes them. */
    public static List<PersonType> parseChoice(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "J" -> List.of(J);
            case "F" -> List.of(F);
            case "BOTH" -> List.of(J, F);
            default -> throw new UsageException("--person-type must be J, F or both, got '" + text + "'");
        };
    }
}
