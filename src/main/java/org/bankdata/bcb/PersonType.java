package org.bankdata.bcb;

/** Whom a fee schedule applies to, as the Olinda service names it: J (legal person) or F (natural person). */
public enum PersonType {
    J, F;

    public static PersonType parse(String text) {
        return PersonType.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
