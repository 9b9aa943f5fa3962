package org.bankdata.serve;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM while a test drives the in-process server: the largest heap still in use after a
 * garbage collection (what the server holds, not the garbage it has not collected yet) and the largest
 * resident set size (which also counts DuckDB's native memory), each as growth over the start.
 */
final class MemoryWatch implements AutoCloseable {
    private final long heapAtStart;
    private final long rssAtStart;
    private final AtomicLong maxHeapAfterGc = new AtomicLong();
    private final AtomicLong maxRss = new AtomicLong();
    private final long outsideHeapAtStart;
    private final AtomicLong maxOutsideHeap = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    MemoryWatch() {
        System.gc();
        heapAtStart = usedHeap();
        rssAtStart = rss();
        maxHeapAfterGc.set(heapAtStart);
        maxRss.set(rssAtStart);
        outsideHeapAtStart = rssAtStart - committedHeap();
        maxOutsideHeap.set(outsideHeapAtStart);
        NotificationListener listener = (notification, handback) -> {
            if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            maxHeapAfterGc.accumulateAndGet(used, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            NotificationEmitter emitter = (NotificationEmitter) gc;
            emitter.addNotificationListener(listener, null, null);
            unregister.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // already gone
                }
            });
        }
        sampler = new Thread(() -> {
            while (running) {
                long rss = rss();
                maxRss.accumulateAndGet(rss, Math::max);
                maxOutsideHeap.accumulateAndGet(rss - committedHeap(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Largest heap in use after a collection, minus the heap in use at the start (bytes). */
    long heapGrowth() {
        return maxHeapAfterGc.get() - heapAtStart;
    }

    /** Largest resident set size seen, minus the one at the start (bytes). */
    long rssGrowth() {
        return maxRss.get() - rssAtStart;
    }

    /**
     * Largest resident memory outside the Java heap (resident set minus the heap the JVM has committed), minus the
     * same at the start (bytes): DuckDB's native memory, without the heap growing towards -Xmx, which a JVM shared
     * with other tests does as it pleases.
     */
    long outsideHeapGrowth() {
        return maxOutsideHeap.get() - outsideHeapAtStart;
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException ignored) {
            // not Linux: growth reads as zero
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unregister.forEach(Runnable::run);
    }
}
