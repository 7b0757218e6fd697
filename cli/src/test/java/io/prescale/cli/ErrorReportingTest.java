package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures of what prescale talks to are the user's to fix: exit 1, one line, no secret. Exit 3 is for bugs. */
class ErrorReportingTest {
    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void plan_outUnderAFile_isOneLineExitOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        CliRun r = run("plan", "../examples/invidi-ads", "--out", file.resolve("plan.json").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("exists and is not a directory"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @ParameterizedTest(name = "scenario that is {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a FIFO", "/dev/zero"})
    @org.junit.jupiter.api.Timeout(60) // a FIFO opened for reading blocks until someone writes
    void plan_scenarioNotARegularFile_isOneErrorLineExitOne(String kind) throws Exception {
        // given
        Path scenario = tmp.resolve("prescale.yaml");
        if (kind.equals("a FIFO")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    new ProcessBuilder("mkfifo", scenario.toString()).start().waitFor() == 0, "mkfifo");
        } else {
            scenario = Path.of(kind);
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(scenario), kind);
        }

        // when
        CliRun r = run("plan", scenario.toString(), "--no-save");

        // then
        assertEquals(1, r.code(), r.err());
        String first = r.err().strip().lines().findFirst().orElse("");
        assertTrue(first.contains("cannot read") && first.contains(scenario.getFileName().toString())
                && first.contains("not a regular file"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NaN headroom               | headroom: 20%   | headroom: NaN%              | headroom",
            "overflowing warm-up        | warmup: 5m      | warmup: 106751991167300d    | warmup",
            "kickoff in year 999999999  | kickoff: 2026-06-12T19:00:00Z | kickoff: +999999999-12-31T23:59:59Z | kickoff"})
    void plan_impossibleValue_isAnErrorAtItsLineExitOne(String name, String find, String replace, String field)
            throws Exception {
        // given
        String valid = """
                name: bad
                events:
                  - {id: A, stage: final, teams: [X, Y], kickoff: 2026-06-12T19:00:00Z}
                audience: {base: 1M}
                layers:
                  - name: edge
                    unit: instances
                    rpsPerUnit: 400rps
                    headroom: 20%
                    warmup: 5m
                    terms: [{type: per-viewer, every: 30s}]
                """;
        Files.writeString(tmp.resolve("prescale.yaml"), valid.replace(find, replace));

        // when
        CliRun r = run("plan", tmp.toString(), "--no-save");

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("prescale.yaml:") && l.contains(field)), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
    }

    @Test
    void schedule_unreachableDatabaseWithAPasswordInTheUrl_isOneLineWithoutThePassword() {
        CliRun r = run("schedule", "list", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/prescale?user=ops&password=hunter2");
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
