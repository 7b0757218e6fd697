package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures of what prescale talks to are the user's to fix: exit 1, one line, no secret. Exit 3 is for bugs. */
class ErrorReportingTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(Clock.systemUTC(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void plan_outUnderAFile_isOneLineExitOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Run r = run("plan", "../examples/invidi-ads", "--out", file.resolve("plan.json").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("exists and is not a directory"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void schedule_unreachableDatabaseWithAPasswordInTheUrl_isOneLineWithoutThePassword() {
        Run r = run("schedule", "list", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/prescale?user=ops&password=hunter2");
        assertEquals(1, r.code(), r.err());
        assertFalse((r.out() + r.err()).contains("hunter2"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc password   | jdbc:postgresql://db/x?user=ops&password=hunter2&ssl=true | hunter2",
            "url user info   | https://ops:hunter2@prometheus.internal/api              | hunter2",
            "bearer token    | Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdef        | eyJhbGciOiJIUzI1NiJ9",
            "aws secret key  | AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI"})
    void mask_secretInAMessage_isHidden(String what, String message, String secret) {
        String masked = Secrets.mask(message);
        assertFalse(masked.contains(secret), masked);
        assertTrue(masked.contains("***"), masked);
    }
}
