package org.bankdata.warehouse;

/**
 * Where on the command line a Postgres target was given, so that a failure names the flags and variables that
 * exist there: {@code export postgres} has {@code --url}, {@code --user} and {@code --password}; {@code run --sink}
 * has only its URL.
 */
public enum TargetFlags {
    EXPORT("--url (or PGHOST, PGPORT and PGDATABASE)", "--user and --password-file (or PGUSER and PGPASSWORD)",
            "set PGPASSWORD (or give --password-file, or add a line to ~/.pgpass)"),
    SINK("the --sink URL", "user= in the --sink URL and --password-file (or PGUSER and PGPASSWORD)",
            "set PGPASSWORD (or give --password-file, or add a line to ~/.pgpass)");

    private final String server;
    private final String login;
    private final String password;

    TargetFlags(String server, String login, String password) {
        this.server = server;
        this.login = login;
        this.password = password;
    }

    /** What names the host, port and database, e.g. "--url (or PGHOST, PGPORT and PGDATABASE)". */
    public String server() {
        return server;
    }

    /** What gives the login, e.g. "--user and --password (or PGUSER and PGPASSWORD)". */
    public String login() {
        return login;
    }

    /** How to give the password that was missing. */
    public String password() {
        return password;
    }
}
