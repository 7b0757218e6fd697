package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The libraries' logs reach stderr with levels, as JSON when asked, and never with a credential. */
class LoggingTest {
    private final PrintStream original = System.err;

    @AfterEach
    void restore() {
        System.setErr(original);
        Logging.configure(Level.ERROR, false);
    }

    @Test
    void configure_jsonAtWarn_writesMaskedJsonLinesAndDropsInfo() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Logging.configure(Level.WARN, true);

        var log = LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool");
        log.info("pool starting");
        log.warn("Failed to validate connection jdbc:postgresql://db/prescale?user=ops&password=hunter2");

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("pool starting"), "INFO is below WARN: " + out);
        assertTrue(out.startsWith("{\"time\":\""), out);
        assertTrue(out.contains("\"level\":\"WARN\"") && out.contains("\"logger\":\"com.zaxxer.hikari.pool.HikariPool\""),
                out);
        assertFalse(out.contains("hunter2"), out);
        assertTrue(out.contains("password=***"), out);
    }
}
