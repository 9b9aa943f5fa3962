package org.bankdata.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class whose successful requests must beat deadlines of a fraction of a second: no {@link RunsBesideSpark}
 * class runs while it does (their work and collection pauses would take the time those requests are given). It
 * still runs on the first thread, in its turn; a class beside it that is running when its turn comes finishes first.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(value = RunsBesideSpark.SECOND_CORE, mode = ResourceAccessMode.READ_WRITE)
public @interface NothingBeside {
}
