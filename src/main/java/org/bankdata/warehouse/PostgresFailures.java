package org.bankdata.warehouse;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.bankdata.errors.WarehouseException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a Postgres failure into one line a user can act on: it names the server, says what went wrong in words
 * (by SQLSTATE, not by driver text) and the fix, and that nothing was changed there. Never the password.
 */
final class PostgresFailures {
    private PostgresFailures() {
    }

    /** A failure while logging in to {@code target}. */
    static WarehouseException connecting(SQLException e, WarehouseTarget target) {
        String server = target.server();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String user = target.userName();
        if (!target.hasPassword() && (state.equals("08004") || state.startsWith("28"))) {
            return new WarehouseException("Postgres at " + server + " asks user " + user + " for a password and none was given; "
                    + target.flags().password() + "; nothing was changed", false, e);
        }
        return switch (state) {
            case "28P01", "28000" -> new WarehouseException("Postgres at " + server + " refused the login of user " + user + " ("
                    + serverText(e) + "); check " + target.flags().login() + "; nothing was changed", false, e);
            case "3D000" -> new WarehouseException("database " + target.database() + " does not exist on Postgres at " + server
                    + "; fix the database in " + target.flags().server() + " or create it (CREATE DATABASE "
                    + target.database() + "); nothing was changed", false, e);
            case "42501" -> privilege(e, target);
            default -> unreachable(e, target);
        };
    }

    private static WarehouseException unreachable(SQLException e, WarehouseTarget target) {
        Throwable cause = rootCause(e);
        String why;
        if (cause instanceof UnknownHostException) {
            why = "unknown host";
        } else if (cause instanceof ConnectException) {
            why = "connection refused";
        } else if (cause instanceof SocketTimeoutException) {
            why = "timed out";
        } else {
            why = serverText(e);
        }
        return new WarehouseException("cannot reach Postgres at " + target.server() + " (" + why + "); check the host and port in "
                + target.flags().server() + " and that the server is running and accepts TCP connections; nothing was changed",
                true, e);
    }

    private static WarehouseException privilege(SQLException e, WarehouseTarget target) {
        String text = serverText(e);
        String user = target.userName();
        String fix = text.contains("owner")
                ? "run the export as the schema's owner, or ALTER SCHEMA " + target.schema() + " OWNER TO " + user
                : "GRANT CREATE ON DATABASE " + target.database() + " TO " + user + " (the export creates schemas "
                        + target.schema() + " and " + target.schema() + PostgresDdl.STAGING_SUFFIX + ")";
        return new WarehouseException("user " + user + " lacks a privilege on Postgres at " + target.server() + " (" + text
                + "); " + fix + "; nothing was changed", false, e);
    }

    /** A failure while loading {@code snapshotId} into {@code target}: the transaction rolled back. */
    static WarehouseException loading(SQLException e, WarehouseTarget target, String snapshotId, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = target.server();
        if (state.equals("42501")) {
            return privilege(e, target);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return new WarehouseException("lost the connection to Postgres at " + server + " while " + doing + " ("
                    + serverText(e) + "); nothing was changed in schema " + target.schema() + "; run the export again when the"
                    + " server is back", true, e);
        }
        if (state.equals("55P03")) {
            return new WarehouseException("a reader held the tables of schema " + target.schema() + " on Postgres at " + server
                    + " too long to swap in snapshot " + snapshotId + "; nothing was changed; run the export again", true, e);
        }
        String fix = state.startsWith("23")
                ? "the lake's tables break a declared key or relationship; rerun `bankdata run` (its check step should have caught it)"
                : "see the server's log";
        return new WarehouseException("loading snapshot " + snapshotId + " into schema " + target.schema() + " on Postgres at "
                + server + " failed while " + doing + " (" + serverText(e) + "); " + fix + "; nothing was changed", false, e);
    }

    /** The server's own message (without "ERROR:"), else the driver's first line. */
    static String serverText(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        String message = e.getMessage() == null ? "no detail" : e.getMessage().lines().findFirst().orElse("no detail");
        return message.replaceFirst("^(ERROR|FATAL): ", "");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
