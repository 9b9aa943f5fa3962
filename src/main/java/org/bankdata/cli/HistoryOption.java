package org.bankdata.cli;

import java.nio.file.Path;
import org.bankdata.errors.UsageException;
import org.bankdata.history.HistoryLocation;
import org.bankdata.history.HistoryStore;
import org.bankdata.history.RunHistoryReader;
import org.bankdata.lake.LakeSite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --history} option of every verb that reads or writes the run history (run, job, runs, serve, expire; query
 * and report for {@code --as-of}, whose release tags are in the catalog that goes with the history): a
 * SQLite file or a Postgres database shared by several hosts; by default the lake's own {@code runs/history.db}
 * (for a lake on S3, the one in its local state folder).
 */
public final class HistoryOption {
    @Option(names = "--history", paramLabel = "FILE|JDBC_URL", defaultValue = "${env:BANKDATA_HISTORY}",
            converter = Converter.class,
            description = "Where the run history is kept: a SQLite file, or jdbc:postgresql://HOST[:PORT]/DATABASE to share"
                    + " it between hosts (login: the URL's, else --password-file, BANKDATA_HISTORY_USER/"
                    + "BANKDATA_HISTORY_PASSWORD, PGUSER/PGPASSWORD, ~/.pgpass or PGPASSFILE)."
                    + " Default: the lake's runs/history.db; env BANKDATA_HISTORY.")
    String history;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file whose first line is the password of the Postgres databases this command logs into"
                    + " (--history; for run also --sink) when their URL holds none; it wins over the password variables and"
                    + " ~/.pgpass. Keeps the password out of the arguments, which others may see.")
    Path passwordFile;

    /** The history location given, or null for the lake's own runs/history.db. */
    HistoryLocation given() {
        return history == null ? null : HistoryLocation.parse(history, System.getenv(), passwordFile);
    }

    /** {@code --password-file}, or null. */
    Path passwordFile() {
        return passwordFile;
    }

    /** The dashboard's reader of the lake's runs, asking the history's own locks whether a run's process lives. */
    RunHistoryReader reader(LakeSite site) {
        return HistoryStore.reader(site, given());
    }

    /**
     * Checks the form of {@code --history} and {@code BANKDATA_HISTORY} while parsing, so that a value of no accepted
     * form is a usage error (exit 2) before anything starts; the login is found later, with {@code --password-file}.
     */
    static final class Converter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return HistoryLocation.check(value);
            } catch (UsageException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
