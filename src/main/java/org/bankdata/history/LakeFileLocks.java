package org.bankdata.history;

import java.time.Duration;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeLock;
import org.bankdata.lake.LakeLocks;
import org.bankdata.lake.RunLease;

/**
 * TEMPORARY: the lake's file locks ({@link RunLease}, {@link LakeLock}: OS locks under the lake folder) seen as
 * {@link LakeLocks}, until the lake package provides its own implementation of the interface; then
 * {@link HistoryStore} uses that one and this class goes.
 */
final class LakeFileLocks implements LakeLocks {
    private final LakeLayout layout;

    LakeFileLocks(LakeLayout layout) {
        this.layout = layout;
    }

    @Override
    public Held hold(String holder) {
        RunLease lease = RunLease.hold(layout, holder);
        return lease::close;
    }

    @Override
    public boolean isHeld(String holder) {
        return RunLease.isHeld(layout, holder);
    }

    @Override
    public Held publishLock(Duration wait) {
        LakeLock lock = LakeLock.acquire(layout, wait);
        return lock::close;
    }
}
