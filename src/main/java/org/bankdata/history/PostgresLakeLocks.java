package org.bankdata.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLocks;

/**
 * A lake's leases and publish lock as Postgres session-level advisory locks, for a deployment whose processes run
 * on several hosts and share a run history in Postgres. Each lease or lock is held on a connection of its own for
 * as long as it is held: when the process dies, however it dies, its connections drop and the server releases
 * them, the guarantee OS file locks give on one host. Keys are {@link LockKeys} of (lake, holder), so lakes sharing
 * one database never share a lock. {@link #isHeld} reads {@code pg_locks}, taking nothing, so asking never makes
 * another process's {@link #hold} fail.
 * <p>
 * A lock lives as long as its connection: should the server restart or the network drop it (or an operator
 * terminate its backend), the lock is gone while the process goes on, and another process may take it. Every grant
 * therefore raises a fencing token in {@code lock_grants} (one row per lake and holder); before the write a grant
 * guards, its holder calls {@link Held#requireCurrent}, which reads the token on the lock's own connection: a
 * dropped connection (the lock is gone) or a larger token (a newer holder) refuses the write.
 */
public final class PostgresLakeLocks implements LakeLocks {
    /** The databases whose {@code lock_grants} table this JVM has made sure of. */
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    private final HistoryLocation.Postgres database;
    private final String lake;

    public PostgresLakeLocks(HistoryLocation.Postgres database, String lake) {
        this.database = Objects.requireNonNull(database, "database");
        this.lake = Objects.requireNonNull(lake, "lake");
    }

    @Override
    public Held hold(String holder) {
        long key = leaseKey(holder);
        Connection db = PostgresConnections.connect(database);
        try {
            if (!tryLock(db, key)) {
                close(db);
                throw new LakeException(holder + " is being run by another live process; wait for it, or stop it first");
            }
            return granted(db, key, "lease:" + holder, holder + "'s lease");
        } catch (SQLException e) {
            close(db);
            throw PostgresConnections.unreachable(database, e);
        }
    }

    @Override
    public boolean isHeld(String holder) {
        long key = leaseKey(holder);
        try (Connection db = PostgresConnections.connect(database);
                PreparedStatement q = db.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND objsubid = 1 AND classid::bigint = ? AND objid::bigint = ?")) {
            // a bigint advisory key is shown as its high 32 bits (classid) and low 32 bits (objid), both unsigned
            q.setLong(1, key >>> 32);
            q.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw PostgresConnections.unreachable(database, e);
        }
    }

    @Override
    public Held publishLock(Duration wait) {
        long key = LockKeys.key(lake, "publish");
        Connection db = PostgresConnections.connect(database);
        try {
            boolean granted;
            if (wait.isZero() || wait.isNegative()) {
                granted = tryLock(db, key);
            } else {
                granted = waitForLock(db, key, wait);
            }
            if (!granted) {
                close(db);
                throw new LakeException("another bankdata process is publishing to lake " + lake
                        + "; wait for it to finish or use another --lake");
            }
            return granted(db, key, "publish", "the publish lock of lake " + lake);
        } catch (SQLException e) {
            close(db);
            throw PostgresConnections.unreachable(database, e);
        }
    }

    /** Records the grant of a lock just taken on {@code db}: its fencing token, one more than the last grant's. */
    private Held granted(Connection db, long key, String holder, String what) throws SQLException {
        requireGrantsTable();
        long token;
        try (PreparedStatement s = db.prepareStatement("INSERT INTO lock_grants(lake, holder, token, granted_at)"
                + " VALUES (?, ?, 1, ?) ON CONFLICT (lake, holder) DO UPDATE SET token = lock_grants.token + 1,"
                + " granted_at = EXCLUDED.granted_at RETURNING token")) {
            s.setString(1, lake);
            s.setString(2, holder);
            s.setString(3, Instant.now().toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                token = rs.getLong(1);
            }
        } catch (SQLException e) {
            release(db, key);
            throw e;
        }
        return new Grant(db, key, holder, what, token);
    }

    /** The history's schema (which holds {@code lock_grants}), created once per database and JVM. */
    private void requireGrantsTable() {
        if (READY.contains(database.url())) {
            return;
        }
        try (Connection db = PostgresConnections.connect(database)) {
            if (!HistoryDialect.POSTGRES.hasTable(db, "lock_grants")) {
                HistoryDatabase.createSchema(db, HistoryDialect.POSTGRES);
            }
            READY.add(database.url());
        } catch (SQLException e) {
            throw PostgresConnections.unreachable(database, e);
        }
    }

    /** One grant: the lock held on {@code db} (its own connection) with fencing token {@code token}. */
    private final class Grant implements Held {
        private final Connection db;
        private final long key;
        private final String holder;
        private final String what;
        private final long token;

        Grant(Connection db, long key, String holder, String what, long token) {
            this.db = db;
            this.key = key;
            this.holder = holder;
            this.what = what;
            this.token = token;
        }

        @Override
        public long token() {
            return token;
        }

        @Override
        public void requireCurrent() {
            long latest;
            try (PreparedStatement q = db.prepareStatement("SELECT token FROM lock_grants WHERE lake = ? AND holder = ?")) {
                q.setString(1, lake);
                q.setString(2, holder);
                try (ResultSet rs = q.executeQuery()) {
                    latest = rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new LakeException(what + " was lost: its connection to the run history's " + database.describe()
                        + " dropped (" + PostgresConnections.firstLine(e) + "), so the server released it and another"
                        + " process may hold it now; nothing more is written under it", e);
            }
            if (latest != token) {
                throw new LakeException(what + " was lost: another process was granted it since (grant " + latest
                        + ", this process holds grant " + token + "); nothing more is written under it");
            }
        }

        @Override
        public void close() {
            release(db, key);
        }
    }

    /** The key of {@code holder}'s lease in this lake. */
    long leaseKey(String holder) {
        return LockKeys.key(lake, "lease:" + holder);
    }

    private static boolean tryLock(Connection db, long key) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Waits for the lock up to {@code wait} (the server's lock_timeout); false when it was not granted in time. */
    private static boolean waitForLock(Connection db, long key, Duration wait) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
        }
        try (PreparedStatement s = db.prepareStatement("SELECT pg_advisory_lock(?)")) {
            s.setLong(1, key);
            s.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void release(Connection db, long key) {
        try (PreparedStatement s = db.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, key);
            s.executeQuery().close();
        } catch (SQLException ignored) {
            // closing the connection below releases it anyway
        } finally {
            close(db);
        }
    }

    private static void close(Connection db) {
        try {
            db.close();
        } catch (SQLException ignored) {
            // the server releases the session's locks when the connection goes
        }
    }
}
