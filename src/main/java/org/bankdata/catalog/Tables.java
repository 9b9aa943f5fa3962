package org.bankdata.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every table bankdata publishes, declared once ({@link CuratedTables}, {@link StarTables}, {@link ChartTables}).
 * Table and column names are a public contract: BI tools and users' scripts query them by name.
 */
public final class Tables {
    private static final List<TableDef> ALL;
    private static final Map<String, TableDef> BY_NAME;

    static {
        List<TableDef> all = new ArrayList<>();
        all.addAll(CuratedTables.ALL);
        all.addAll(StarTables.ALL);
        all.addAll(ChartTables.ALL);
        ALL = List.copyOf(all);
        Map<String, TableDef> byName = new LinkedHashMap<>();
        for (TableDef table : ALL) {
            if (byName.put(table.name(), table) != null) {
                throw new IllegalStateException("table " + table.name() + " is declared twice");
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private Tables() {
    }

    /** Every published table: curated, quarantine, dimensions, facts, charts. */
    public static List<TableDef> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(TableDef::name).toList();
    }

    public static TableDef named(String name) {
        TableDef table = BY_NAME.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table " + name + " is declared; the tables are " + BY_NAME.keySet());
        }
        return table;
    }

    public static List<TableDef> inLayer(TableDef.Layer layer) {
        return ALL.stream().filter(t -> t.layer() == layer).toList();
    }

    /** The tables {@code task} writes (each declares its writers). */
    public static List<TableDef> writtenBy(String task) {
        return ALL.stream().filter(t -> t.writtenBy().contains(task)).toList();
    }
}
