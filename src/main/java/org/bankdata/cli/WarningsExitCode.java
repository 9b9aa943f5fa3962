package org.bankdata.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --warnings-exit-code N} of {@code run} and {@code job}: the exit code of a run that succeeded with
 * warnings, a whole number from 0 to 255 (what a process can exit with). 0 makes such a run a success for any
 * scheduler; 1 makes it a failure.
 */
final class WarningsExitCode implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            int code = Integer.parseInt(value.strip());
            if (code >= 0 && code <= 255) {
                return code;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new TypeConversionException("--warnings-exit-code " + value + " is not an exit code; give a whole number from"
                + " 0 to 255, e.g. 0 (a run with warnings counts as a success) or 3 (the default of run)");
    }
}
