package org.bankdata.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class that uses no Spark and no process-wide state, and mostly waits (on servers and deadlines on
 * 127.0.0.1, on child processes) or does plain-Java work: it runs on a second thread of the test JVM, beside the
 * classes that run one after another on the first (every Spark test among them), whose Spark work leaves the
 * second core idle much of the time. Its own tests still run one after another. Classes without this annotation
 * run one after another as before (src/test/resources/junit-platform.properties). This takes effect in a single test
 * JVM ({@code -Dtest.forks=1}), which Surefire gives every class in one launch; with two test JVMs it hands each JVM
 * one class at a time, so no class runs beside another and the second core is the other JVM's. Not for a class whose
 * successful requests must beat a deadline of a fraction of a second: beside Spark (a collection pause stops every
 * thread of the JVM) such a request can miss it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface RunsBesideSpark {
}
