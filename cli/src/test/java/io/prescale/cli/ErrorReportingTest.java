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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "fractional units (were rounded down) | {\"units\": {\"ad-edge\": 1.5}} | state.json:1:23: error: units.ad-edge: expected a whole number",
            "a list (was nothing observed)        | []                                | state.json:1:1: error: expected a JSON object of units",
            "an empty file (was nothing observed) | ``                                | state.json:1: error: the state file is empty",
            "a layer twice (the last won)         | {\"ad-edge\": 1, \"ad-edge\": 9}   | state.json:1:27: error: ad-edge: layer ad-edge given twice",
            "observedAt that is no time (exit 3)  | {\"observedAt\": \"yesterday\"}     | state.json:1:16: error: observedAt: observedAt \"yesterday\" is not a date",
    })
    void plan_badStateFile_errorWithFileLineAndFieldExitOne(String name, String json, String expected) throws Exception {
        Path state = Files.writeString(tmp.resolve("state.json"), json);

        CliRun r = run("plan", "../examples/invidi-ads", "--no-save", "--state-file", state.toString());

        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("internal error") || r.err().matches("(?s).*(?:Exception|java\\.|fasterxml).*"), r.err());
    }

    /**
     * A plan whose digest was made again after a change lost its time (a tool that "fixes" plans, a broken writer)
     * passed the digest check and stopped apply with exit 3 and a NullPointerException; a count of -1 went on to the
     * providers. Now the file, the line and the field.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a change without its time | at | null | changes[0].at: missing",
            "a negative count          | to | -1   | changes[0].to: -1 is not a unit count",
            "an empty digest (exit 3)  | '' | ''   | digest: \"\" is not a sha256: digest"})
    void apply_planWithItsDigestMadeAgainOverAnImpossibleField_fileLineAndFieldExitOne(String name, String field,
            String value, String expected) throws Exception {
        // given
        Path plan = tmp.resolve("plan.json");
        assertEquals(0, run("plan", "../examples/invidi-ads", "--out", plan.toString(), "-q").code());
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(plan.toFile());
        if (field.isEmpty()) {
            tree.put("digest", "");
        } else {
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/changes/0")).set(field, mapper.readTree(value));
        }
        // the digest as PlanJson makes it (package-private: a plan is not meant to be made outside it)
        var digest = io.prescale.planner.plan.PlanJson.class.getDeclaredMethod("bodyDigest",
                com.fasterxml.jackson.databind.JsonNode.class);
        digest.setAccessible(true);
        tree.put("bodyDigest", (String) digest.invoke(null, tree));
        Files.writeString(plan, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree));

        // when
        CliRun r = run("apply", plan.toString(), "--dry-run", "--auto-approve");

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().matches("(?s)prescale: \\S*plan\\.json:\\d+: " + java.util.regex.Pattern.quote(expected) + ".*"),
                r.err());
        assertFalse(r.err().contains("internal error") || r.err().matches("(?s).*(?:Exception|java\\.|fasterxml).*"), r.err());
    }

    @Test
    void plan_outOnAPipe_refusedAndThePipeLeftInPlace() throws Exception {
        // given: a named pipe where the plan is to be saved (as /dev/stdout or /dev/full are devices: as root, the
        // save renamed the plan onto the device, which became a plan file)
        Path pipe = tmp.resolve("plan.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0,
                "mkfifo is needed");

        // when
        CliRun r = run("plan", "../examples/invidi-ads", "--out", pipe.toString(), "-q");

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("prescale: cannot write --out " + pipe + ": it is not a regular file"), r.err());
        assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe), "the pipe is still a pipe");
    }

    @Test
    void scheduleList_storeFileCutShort_saysSoInWordsExitOne() throws Exception {
        // given: the H2 file of a job store holding a few bytes (a disk that filled, a copy cut short)
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(store.resolve("prescale.mv.db"), "garbage\n");

        // when
        CliRun r = run("schedule", "list", "--store", "h2:" + store);

        // then: it said "EOFException"
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("h2:" + store + ": the file ends too soon (cut short, or not what it should be)"),
                r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
    }

    @Test
    void apply_planNestedTooDeep_saysSoWithoutJacksonsSettingNames() throws Exception {
        Path plan = Files.writeString(tmp.resolve("plan.json"), "[".repeat(5000) + "]".repeat(5000));

        CliRun r = run("apply", plan.toString(), "--dry-run", "--auto-approve");

        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("not a prescale plan: Document nesting depth (1001) exceeds the maximum allowed (1000)"),
                r.err());
        assertFalse(r.err().contains("StreamReadConstraints"), r.err());
    }

    @Test
    void apply_planOverTheSizeLimit_refusedBeforeReading() throws Exception {
        Path plan = tmp.resolve("plan.json");
        try (var w = Files.newBufferedWriter(plan)) {
            w.write("{\"x\": \"");
            for (int i = 0; i < 33; i++) {
                w.write("x".repeat(1024 * 1024));
            }
            w.write("\"}\n");
        }

        CliRun r = run("apply", plan.toString(), "--dry-run", "--auto-approve");

        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("plan.json:1: error: the plan file is 33.0 MB, more than the 32 MB limit"), r.err());
    }

    @Test
    void plan_folderWithoutReadPermission_saysSoNotThatItHasNoScenario() throws Exception {
        // given: root reads every folder, so this is checked as another user only
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "runs as root");
        Path dir = Files.createDirectories(tmp.resolve("locked"));
        Files.writeString(dir.resolve("prescale.yaml"), "name: x\n");
        Files.setPosixFilePermissions(dir, java.util.Set.of());
        try {
            // when
            CliRun r = run("plan", dir.toString(), "--no-save");

            // then
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("cannot read folder " + dir + ": permission denied"), r.err());
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void plan_prescaleYamlLinkLeadingNowhere_saysSo_notThatTheFolderHasNone() throws Exception {
        Files.createSymbolicLink(tmp.resolve("prescale.yaml"), tmp.resolve("moved-away.yaml"));

        CliRun r = run("plan", tmp.toString(), "--no-save");

        assertEquals(1, r.code(), r.err());
        assertEquals("prescale: cannot read " + tmp.resolve("prescale.yaml") + ": is a symbolic link that leads nowhere "
                + "(its target is missing, or the links form a loop)", r.err().strip());
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"backtest", "calibrate"})
    void traceLinkLeadingNowhere_saysSo_notThatTheTraceIsNotFound(String command) throws Exception {
        Path trace = Files.createSymbolicLink(tmp.resolve("trace.csv"), tmp.resolve("trace.csv"));

        CliRun r = run(command, "../examples/worldcup-1998-website", "--trace", trace.toString());

        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("prescale: cannot read trace " + trace + ": is a symbolic link that leads nowhere"),
                r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "runs past the limit (OutOfMemoryError)   | simulate,../examples/invidi-ads,--runs,2000000000,-q                | --runs is at most 1000000",
            "threads past the limit (hung)            | simulate,../examples/invidi-ads,--threads,100000,--runs,5,-q       | --threads must be from 1 to 256",
            "calibrate half-life of zero (exit 3)     | calibrate,../examples/worldcup-1998-website/loop/structure,--trace,x.csv,--half-life,0s | '0s' must be longer than zero",
            "walk-forward half-life of zero (exit 3)  | backtest,../examples/worldcup-1998-website/walk-forward,--trace,x.csv,--walk-forward,--half-life,0s | '0s' must be longer than zero"})
    void option_pastWhatItMeans_isBadUsageBeforeAnyWork(String name, String args, String message) {
        CliRun r = run(args.strip().split(","));

        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.err());
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

    @Test
    void mask_aFileNamedLikeASecret_isLeftAsItIs() {
        // a message about /etc/passwd or a token file says why it failed: the word after it is no secret
        assertEquals("cannot read /etc/passwd: no such file", Secrets.mask("cannot read /etc/passwd: no such file"));
        assertEquals("cannot read C:\\ops\\token: denied", Secrets.mask("cannot read C:\\ops\\token: denied"));
        assertEquals("db_password=***", Secrets.mask("db_password=hunter2"));
    }
}
