package org.bankdata.history;

import java.util.Map;

/**
 * Run in a child JVM by {@link PostgresLakeLocksIT}: takes a lease as a Postgres advisory lock (args: JDBC URL with
 * login, lake, holder), prints "held", then waits to be killed.
 */
public final class PostgresLeaseHolder {
    private PostgresLeaseHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        HistoryLocation.Postgres db = (HistoryLocation.Postgres) HistoryLocation.parse(args[0], Map.of());
        new PostgresLakeLocks(db, args[1]).hold(args[2]);
        System.out.println("held");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
