package org.bankdata.pipeline;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Run ids sort by start time and never collide: {@code 20261124T031500Z-3f2a9c}. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /**
     * A run id given from outside (e.g. Airflow's {@code manual__2024-05-01T00:00:00+00:00}) made safe for folder
     * names and Hadoop paths: every character other than letters, digits, '.', '_' and '-' becomes '_'.
     */
    public static String fromExternal(String id) {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new org.bankdata.errors.UsageException("--run needs a run id of 1 to 200 characters, got '" + id + "'");
        }
        return id.strip().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static String next() {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return ZonedDateTime.now(ZoneOffset.UTC).format(FORMAT) + "-" + HexFormat.of().formatHex(suffix);
    }
}
