package org.bankdata.lake;

import java.time.Duration;

/**
 * Who is working on what, for every process of one deployment. A lease proves that a live process is working
 * on a run (or on one task of a run); the publish lock makes snapshot swaps take turns. Both are released when
 * closed and also when the process holding them dies, however it dies, so nobody waits on a dead process and
 * no run is shown as running after its process is gone.
 * <p>
 * Where they live follows where the run history lives: OS file locks in a folder for a history kept in a
 * SQLite file, advisory locks in the database for a history kept in Postgres (shared by several hosts).
 * <p>
 * Every grant carries a fencing token, larger than the token of every earlier grant of the same lease or lock. A
 * holder checks that its grant is still the current one ({@link Held#requireCurrent}) right before the write the
 * grant guards (the publish's commit, a task's recorded success): a holder whose lock was lost while it went on
 * working (its connection to a shared history dropped, so the server released the lock and another process took
 * it) is refused there instead of undoing the newer holder's work.
 */
public interface LakeLocks {
    /** Takes {@code holder}'s lease; fails with a message naming it when another live process holds it. */
    Held hold(String holder);

    /** Whether a live process, this one included, holds {@code holder}'s lease. */
    boolean isHeld(String holder);

    /** Takes the publish lock, waiting up to {@code wait}; fails with a message when it is not granted in time. */
    Held publishLock(Duration wait);

    /** A held lease or lock; closing releases it. */
    interface Held extends AutoCloseable {
        /** This grant's fencing token: larger than the token of every earlier grant of the same lease or lock. */
        long token();

        /**
         * Refuses, with a message naming the lease or lock, when this grant is no longer the current one: it was lost
         * (released by the server when its connection dropped) or a newer grant exists. Called right before the write
         * the grant guards.
         */
        void requireCurrent();

        @Override
        void close();
    }
}
