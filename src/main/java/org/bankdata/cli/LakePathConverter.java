package org.bankdata.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --lake} (and {@code BANKDATA_LAKE}): a local folder, as a path or a {@code file:} URL. A URL of
 * any other scheme (e.g. {@code s3a://bucket/prefix}) is refused before anything is written, naming what is
 * supported, instead of becoming a local folder named after the URL.
 */
final class LakePathConverter implements ITypeConverter<Path> {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");

    @Override
    public Path convert(String value) {
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.find()) {
            return Path.of(value);
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (name.equals("file")) {
            return Path.of(URI.create(value));
        }
        throw new TypeConversionException(value + " is a " + name + ":// URL; a lake is a local folder: a path such as"
                + " ./lake or /data/lake, or a file:// URL");
    }
}
