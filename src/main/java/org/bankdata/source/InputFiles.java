package org.bankdata.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.errors.BadInputException;

/** Reads an input file whole, to land its exact bytes; an unreadable file is bad input naming the file. */
public final class InputFiles {
    private InputFiles() {
    }

    public static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
