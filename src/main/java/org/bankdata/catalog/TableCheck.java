package org.bankdata.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A rule a published table obeys, declared with the table (like a test in a dbt {@code schema.yml}). The
 * check step turns each into SQL over the files a run wrote; Postgres DDL turns keys and relationships
 * into constraints. Besides these, every declared key is unique and every column declared not nullable
 * is checked for nulls.
 */
public sealed interface TableCheck {
    /** Whether a violation stops the run ({@code ERROR}) or is reported and the run goes on ({@code WARN}). */
    enum Level { ERROR, WARN }

    /** No two rows share a value of {@code columns} (rows with a null in them are not compared). */
    record Unique(List<String> columns) implements TableCheck {
        public Unique {
            columns = List.copyOf(columns);
        }
    }

    /** {@code column} holds no null (derived from every column declared not nullable). */
    record NotNull(String column) implements TableCheck {
        public NotNull {
            Objects.requireNonNull(column, "column");
        }
    }

    /** Every non-null value of {@code column} is one of {@code values}. */
    record AcceptedValues(String column, List<String> values) implements TableCheck {
        public AcceptedValues {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
        }
    }

    /** Every value of {@code column} is a {@code toColumn} of {@code toTable}: a foreign key. */
    record Relationship(String column, String toTable, String toColumn) implements TableCheck {
        public Relationship {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(toTable, "toTable");
            Objects.requireNonNull(toColumn, "toColumn");
        }
    }

    /** The table holds at most {@code rows} rows. */
    record MaxRows(long rows) implements TableCheck {
    }

    /**
     * Rows landed from raw {@code source} (as counted when landed) = rows curated into this table + rows
     * quarantined (+ rows outside a backfill's quarters). Needs the run's landing counts, so the check task
     * evaluates it.
     */
    record LandedRows(String source) implements TableCheck {
        public LandedRows {
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * Any other rule, e.g. a reconciliation between tables: {@code violations} is DuckDB SQL selecting one row
     * per violation with a {@code detail} column describing it.
     */
    record SqlRule(String name, Level level, String violations) implements TableCheck {
        public SqlRule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(violations, "violations");
        }
    }

    static Unique unique(String... columns) {
        return new Unique(List.of(columns));
    }

    static AcceptedValues acceptedValues(String column, String... values) {
        return new AcceptedValues(column, List.of(values));
    }

    /** {@code column} refers to the same-named key column of {@code dimension}. */
    static Relationship references(String column, TableDef dimension) {
        return new Relationship(column, dimension.name(), column);
    }
}
