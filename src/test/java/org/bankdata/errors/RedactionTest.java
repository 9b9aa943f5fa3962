package org.bankdata.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String SECRET = "Tr0ub4dor&3";

    @Test
    void everyFormOfAPasswordInAUrlIsMasked() {
        assertThat(Redaction.redact("jdbc:postgresql://keeper:s3cr%40t@db.example:5432/bankdata"))
                .isEqualTo("jdbc:postgresql://keeper:***@db.example:5432/bankdata");
        assertThat(Redaction.redact("--history jdbc:postgresql://h/db?user=u&password=hunter2&sslmode=require failed"))
                .isEqualTo("--history jdbc:postgresql://h/db?user=u&password=***&sslmode=require failed");
        assertThat(Redaction.redact("PGPASSWORD=hunter2 bankdata run")).isEqualTo("PGPASSWORD=*** bankdata run");
        assertThat(Redaction.redact("{\"user\":\"u\",\"password\":\"hun\\\"ter2\"}")).isEqualTo("{\"user\":\"u\",\"password\":\"***\"}");
        assertThat(Redaction.redact("s3a://AKIA:secretkey@bucket/lake")).isEqualTo("s3a://AKIA:***@bucket/lake");
    }

    @Test
    void textWithoutAPasswordIsUnchanged() {
        for (String text : new String[] {"jdbc:postgresql://db.example:5432/bankdata?user=u", "user@db.example:5432",
                "http://127.0.0.1:8080/api/runs?from=2020Q1", "set PGPASSWORD (or password= in the --history URL)",
                "s3a://bucket/prefix/raw/x.csv", ""}) {
            assertThat(Redaction.redact(text)).isEqualTo(text);
        }
        assertThat(Redaction.redact(null)).isNull();
    }

    /** The converters logback.xml maps %msg and %ex to mask the message and every message of a stack trace. */
    @Test
    void logLinesAndStackTracesAreMasked() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("org.bankdata.test"), Level.WARN,
                "opening {}", new SQLException("cannot open jdbc:postgresql://h/db?password=" + SECRET),
                new Object[] {"jdbc:postgresql://keeper:" + SECRET + "@h/db"});

        RedactedMessageConverter message = new RedactedMessageConverter();
        RedactedThrowableConverter stack = new RedactedThrowableConverter();
        stack.setContext(context);
        stack.start();

        assertThat(message.convert(event)).isEqualTo("opening jdbc:postgresql://keeper:***@h/db");
        assertThat(stack.convert(event)).contains("cannot open jdbc:postgresql://h/db?password=***").doesNotContain(SECRET)
                .contains("at org.bankdata.errors.RedactionTest");
    }
}
