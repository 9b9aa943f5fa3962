package org.bankdata.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a part of a run's configuration that decides the run's output (its inputs, the fees service and what is
 * asked of it, the quarantine limit), as opposed to where and how politely it runs (lake, Spark master,
 * concurrency, timeouts, rate). Two runs whose marked parts, quarters and input bytes are equal produce the same
 * tables: that is how a run finds an identical earlier one to skip. A marked record component that is itself a
 * record contributes its own marked components.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Identifying {
}
