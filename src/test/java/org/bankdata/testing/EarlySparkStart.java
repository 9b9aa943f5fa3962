package org.bankdata.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.TestSpark;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the test JVM's shared SparkSession ({@link TestSpark}) on a thread of its own when a run of several test
 * classes begins (a lane: {@code ./run-tests}, {@code ./run-tests --fast}), so that Spark's start, seconds of class
 * loading on one core, overlaps the classes that run before the first one that needs Spark. A run of one class
 * ({@code -Dtest=SomeTest}) starts nothing early: it creates the session when it asks for it, as before.
 *
 * <p>An integration class ({@code *IT}) waits for that start to end before it begins: such a class may start a
 * pipeline run in this JVM, and a run that finds no session yet takes it for its own and stops it when it ends
 * ({@code PipelineLauncher}), which would stop the shared one being started. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class EarlySparkStart implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        AtomicInteger classes = new AtomicInteger();
        for (TestIdentifier root : plan.getRoots()) {
            plan.getDescendants(root).forEach(id -> {
                if (isClass(id)) {
                    classes.incrementAndGet();
                }
            });
        }
        if (classes.get() > 1) {
            TestSpark.startInBackground();
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (isClass(id) && ((ClassSource) id.getSource().orElseThrow()).getClassName().endsWith("IT")) {
            try {
                TestSpark.awaitBackgroundStart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isClass(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent();
    }
}
