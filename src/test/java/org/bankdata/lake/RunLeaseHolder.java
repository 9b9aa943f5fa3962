package org.bankdata.lake;

import java.nio.file.Path;

/** Run in a child JVM by {@link RunLeaseTest}: holds a run's lease, prints "held", then waits to be killed. */
public final class RunLeaseHolder {
    private RunLeaseHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        RunLease lease = RunLease.hold(new LakeLayout(Path.of(args[0])), args[1]);
        System.out.println("held");
        System.out.flush();
        Thread.sleep(120_000);
        lease.close();
    }
}
