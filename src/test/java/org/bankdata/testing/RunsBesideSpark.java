package org.bankdata.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that uses no Spark and no process-wide state, and mostly waits (on servers and deadlines on
 * 127.0.0.1, on child processes) or does plain-Java, DuckDB or Iceberg work on its own temporary folder: it runs on a
 * second thread of the test JVM, beside the classes that run one after another on the first (every Spark test among
 * them), whose Spark work leaves the second core idle much of the time. Its own tests still run one after another.
 * Classes without this annotation run one after another as before (src/test/resources/junit-platform.properties).
 * Not for a class whose successful requests must beat a deadline of a fraction of a second: such a class takes
 * {@link #SHORT_DEADLINES} alone ({@code @ResourceLock(RunsBesideSpark.SHORT_DEADLINES)}), so that no class marked
 * here runs beside it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = RunsBesideSpark.SHORT_DEADLINES, mode = ResourceAccessMode.READ)
public @interface RunsBesideSpark {
    /** Held shared by every class marked here, alone by a class whose requests must beat short deadlines. */
    String SHORT_DEADLINES = "short-deadlines";
}
