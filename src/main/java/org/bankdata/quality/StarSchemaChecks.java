package org.bankdata.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bankdata.catalog.TableCheck;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.quality.Check.Severity;

/**
 * The rules every published table obeys, derived from the table catalog ({@link Tables}): unique keys, declared
 * not-null columns, joinable facts, accepted values, row limits and reconciliations, as DuckDB SQL. The
 * raw-to-curated reconciliation ({@link TableCheck.LandedRows}) needs the run's landing counts and is left to
 * the check task.
 */
public final class StarSchemaChecks {
    private StarSchemaChecks() {
    }

    public static List<Check> all() {
        List<Check> all = new ArrayList<>();
        Tables.all().forEach(table -> all.addAll(of(table)));
        return all;
    }

    /** The SQL checks of one table, in declaration order. */
    public static List<Check> of(TableDef table) {
        List<Check> checks = new ArrayList<>();
        for (TableCheck declared : table.allChecks()) {
            toSql(table.name(), declared).ifPresent(checks::add);
        }
        return checks;
    }

    static Optional<Check> toSql(String table, TableCheck declared) {
        if (declared instanceof TableCheck.Unique u) {
            return Optional.of(Check.unique(table, String.join(", ", u.columns())));
        } else if (declared instanceof TableCheck.NotNull n) {
            return Optional.of(Check.notNull(table, n.column()));
        } else if (declared instanceof TableCheck.AcceptedValues a) {
            return Optional.of(Check.acceptedValues(table, a.column(), a.values().toArray(String[]::new)));
        } else if (declared instanceof TableCheck.Relationship r) {
            return Optional.of(Check.relationship(table, r.column(), r.toTable(), r.toColumn()));
        } else if (declared instanceof TableCheck.MaxRows m) {
            return Optional.of(Check.maxRows(table, m.rows()));
        } else if (declared instanceof TableCheck.SqlRule s) {
            return Optional.of(new Check(s.name(), s.level() == TableCheck.Level.WARN ? Severity.WARN : Severity.ERROR,
                    s.violations()));
        } else if (declared instanceof TableCheck.LandedRows) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no SQL for check " + declared);
    }
}
