package org.bankdata.errors;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logback's {@code %ex} (a stack trace, shown with {@code BANKDATA_LOG_LEVEL=DEBUG}), with passwords taken out of
 * every message in it ({@link Redaction}); logback.xml maps {@code %ex} to it.
 */
public final class RedactedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Redaction.redact(super.throwableProxyToString(proxy));
    }
}
