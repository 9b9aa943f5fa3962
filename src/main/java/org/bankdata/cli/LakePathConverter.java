package org.bankdata.cli;

import org.bankdata.config.LakeLocation;
import org.bankdata.errors.UsageException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --lake} (and {@code BANKDATA_LAKE}): a local folder (a path or a {@code file:} URL) or an
 * {@code s3a://bucket/prefix}. A URL of any other scheme ({@code s3://}, {@code gs://}, {@code hdfs://}, ...) is
 * refused before anything is written, naming what is supported, instead of becoming a local folder named after the
 * URL.
 */
final class LakePathConverter implements ITypeConverter<LakeLocation> {
    @Override
    public LakeLocation convert(String value) {
        try {
            return LakeLocation.parse(value);
        } catch (UsageException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
