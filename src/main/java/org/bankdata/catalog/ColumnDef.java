package org.bankdata.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One column of a published table: its name (a public contract), type, whether it may be null, what it
 * means, its unit (empty when it has none) and where its values come from (empty when that is obvious
 * from the table). A column that may not be null is checked before publish.
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, String description, String unit, String source) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        unit = unit == null ? "" : unit;
        source = source == null ? "" : source;
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column name " + name + " is not lower_snake_case");
        }
    }

    /** A column that is never null. */
    public static ColumnDef required(String name, ColumnType type, String description, String unit, String source) {
        return new ColumnDef(name, type, false, description, unit, source);
    }

    /** A column that may be null. */
    public static ColumnDef optional(String name, ColumnType type, String description, String unit, String source) {
        return new ColumnDef(name, type, true, description, unit, source);
    }

    /** The same column under another description (e.g. a dimension's copy of a curated column). */
    public ColumnDef describedAs(String newDescription) {
        return new ColumnDef(name, type, nullable, newDescription, unit, source);
    }

    /** The same column under another description and source (e.g. a fact's foreign key). */
    public ColumnDef describedAs(String newDescription, String newSource) {
        return new ColumnDef(name, type, nullable, newDescription, unit, newSource);
    }

    /** {@code name type}, e.g. {@code period_key int}: how mismatches are reported. */
    public String signature() {
        return name + " " + type.docName();
    }

    /** The columns of several lists, in order (a table's own columns after shared ones, say). */
    @SafeVarargs
    static List<ColumnDef> concat(List<ColumnDef>... parts) {
        List<ColumnDef> all = new java.util.ArrayList<>();
        for (List<ColumnDef> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
