package org.bankdata.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.bankdata.errors.LakeException;

/**
 * Opens connections to a Postgres run history, and says in one line, naming the server and the fix, why one could
 * not be opened (server unreachable, login refused, no such database).
 */
final class PostgresConnections {
    private PostgresConnections() {
    }

    static Connection connect(HistoryLocation.Postgres where) {
        try {
            return DriverManager.getConnection(where.url(), where.login());
        } catch (SQLException e) {
            throw unreachable(where, e);
        }
    }

    /** A failure to connect, in a user's words. */
    static LakeException unreachable(HistoryLocation.Postgres where, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = where.host() + ":" + where.port();
        String message;
        if (where.password() == null && (state.equals("08004") || state.startsWith("28"))) {
            message = "the run history's Postgres at " + server + " asks" + (where.user() == null ? "" : " user " + where.user())
                    + " for a password and none was given; give --password-file, or set " + HistoryLocation.PASSWORD_ENV
                    + " (or PGPASSWORD), or add a line to ~/.pgpass (or the file PGPASSFILE names)";
        } else if (state.equals("28P01") || state.equals("28000")) {
            message = "the run history's Postgres at " + server + " refused login" + (where.user() == null ? ""
                    : " for user " + where.user()) + " (" + firstLine(e) + "); set " + HistoryLocation.USER_ENV + " and "
                    + HistoryLocation.PASSWORD_ENV + " (or PGUSER and PGPASSWORD, --password-file or ~/.pgpass)";
        } else if (state.equals("3D000")) {
            message = "the run history's database " + where.database() + " does not exist at " + server
                    + "; create it (e.g. `createdb -h " + where.host() + " -p " + where.port() + " " + where.database()
                    + "`) or name another one in --history";
        } else if (state.startsWith("08")) {
            message = "cannot reach the run history's " + where.describe() + " (" + firstLine(e) + "); start the server,"
                    + " or fix --history (env " + HistoryLocation.ENV + ")";
        } else {
            message = "cannot use the run history's " + where.describe() + ": " + firstLine(e);
        }
        return new LakeException(message, e);
    }

    static String firstLine(SQLException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }
}
