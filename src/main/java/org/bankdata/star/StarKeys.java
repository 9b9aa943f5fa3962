package org.bankdata.star;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/**
 * Surrogate keys of the star schema. Keys are a 64-bit hash of the natural key, so the same institution,
 * category or service gets the same key in every run and every backfill, and facts need no lookup join
 * to find them (the check step proves each key is unique and each fact joins its dimensions).
 */
public final class StarKeys {
    private StarKeys() {
    }

    /**
     * Natural key of an institution: {@code cnpj:<8 digits>} for a legal entity; for a conglomerate
     * (no CNPJ) {@code conglomerate:<NAME>} with " (conglomerado)" removed, upper-cased, spaces collapsed.
     */
    public static Column institutionNaturalKey(Column cnpj8, Column name) {
        Column conglomerate = upper(trim(regexp_replace(regexp_replace(name, "(?i)\\s*\\(conglomerado\\)\\s*$", ""), "\\s+", " ")));
        return when(cnpj8.isNotNull(), concat(lit("cnpj:"), cnpj8)).otherwise(concat(lit("conglomerate:"), conglomerate));
    }

    public static Column institutionKey(Column cnpj8, Column name) {
        return xxhash64(institutionNaturalKey(cnpj8, name));
    }

    /** Key of a legal entity known by its CNPJ root (fees are always published per CNPJ). */
    public static Column institutionKeyOfCnpj(Column cnpj8) {
        return xxhash64(concat(lit("cnpj:"), cnpj8));
    }

    public static Column categoryKey(Column category) {
        return xxhash64(concat(lit("category:"), category));
    }

    public static Column serviceKey(Column serviceCode) {
        return xxhash64(concat(lit("service:"), serviceCode));
    }
}
