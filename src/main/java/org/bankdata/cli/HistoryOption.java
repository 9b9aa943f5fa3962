package org.bankdata.cli;

import org.bankdata.errors.UsageException;
import org.bankdata.history.HistoryLocation;
import org.bankdata.history.HistoryStore;
import org.bankdata.history.RunHistoryReader;
import org.bankdata.lake.LakeSite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --history} option of every verb that reads or writes the run history (run, job, runs, serve): a
 * SQLite file or a Postgres database shared by several hosts; by default the lake's own {@code runs/history.db}
 * (for a lake on S3, the one in its local state folder).
 */
public final class HistoryOption {
    @Option(names = "--history", paramLabel = "FILE|JDBC_URL", defaultValue = "${env:BANKDATA_HISTORY}",
            converter = Converter.class,
            description = "Where the run history is kept: a SQLite file, or jdbc:postgresql://HOST[:PORT]/DATABASE to share"
                    + " it between hosts (login from the URL, else BANKDATA_HISTORY_USER/BANKDATA_HISTORY_PASSWORD, else"
                    + " PGUSER/PGPASSWORD). Default: the lake's runs/history.db; env BANKDATA_HISTORY.")
    HistoryLocation history;

    /** The history location given, or null for the lake's own runs/history.db. */
    HistoryLocation given() {
        return history;
    }

    /** The dashboard's reader of the lake's runs, asking the history's own locks whether a run's process lives. */
    RunHistoryReader reader(LakeSite site) {
        return HistoryStore.reader(site, history);
    }

    /** Reads {@code --history} and {@code BANKDATA_HISTORY}; a value of no accepted form is a usage error (exit 2). */
    static final class Converter implements ITypeConverter<HistoryLocation> {
        @Override
        public HistoryLocation convert(String value) {
            try {
                return HistoryLocation.parse(value, System.getenv());
            } catch (UsageException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
