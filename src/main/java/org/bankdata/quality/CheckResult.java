package org.bankdata.quality;

/** Outcome of one check: how many violations and one example. */
public record CheckResult(Check check, long violations, String example) {
    public boolean passed() {
        return violations == 0;
    }

    public String describe() {
        return check.name() + ": " + violations + " violation(s)" + (example == null ? "" : ", e.g. " + example);
    }
}
