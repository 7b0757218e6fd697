package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale daemon --once} and {@code prescale schedule ...} against an embedded job store, through Main.run. */
class DaemonCommandTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static final String SCENARIO = """
            name: derby
            zone: Europe/London
            plan: {horizon: 4000d}
            events:
              - {id: DERBY, stage: league, teams: [Home, Away], kickoff: 2030-06-20T19:00:00Z}
              - {id: CUP-FINAL, stage: final, teams: [X, Y], kickoff: 2030-06-27T19:00:00Z}
            audience: {base: {p50: 1M, p90: 1.2M}}
            layers:
              - name: edge
                unit: instances
                rpsPerUnit: 400rps
                min: 10
                max: 400
                warmup: 5m
                leadTime: 10m
                cooldown: 15m
                target: {type: aws-asg, name: edge-asg}
                terms: [{type: per-viewer, every: 60s}]
            baseline: {edge: 10}
            recurring:
              - {name: friday-show, cron: "0 30 21 ? * FRI", zone: Europe/Stockholm, set: {edge: 40}, hold: 2h,
                 exclude: [2030-12-27]}
            """;

    @TempDir
    Path tmp;
    Path scenario;
    String store;

    CliRun run(String... args) {
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        return CliRun.run(Clock.fixed(NOW, ZoneOffset.UTC), () -> new ProviderRegistry().register(asg.factory()), args);
    }

    @BeforeEach
    void scenario() throws Exception {
        scenario = Files.createDirectories(tmp.resolve("derby"));
        Files.writeString(scenario.resolve("prescale.yaml"), SCENARIO);
        store = "h2:" + tmp.resolve("store");
    }

    CliRun once() {
        return run("daemon", scenario.toString(), "--store", store, "--once", "--http-port", "0");
    }

    @Test
    void daemonOnce_reconcilesTheStore_andAgainChangesNothing() {
        CliRun first = once();
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("added event/DERBY/edge/scale-out at 2030-06-20T18:07:00Z"), first.out());
        assertTrue(first.out().contains("added recurring/friday-show/scale-out on cron \"0 30 21 ? * FRI\" Europe/Stockholm"),
                first.out());
        assertTrue(first.out().contains("reconciled derby: 9 added, 0 rescheduled, 0 deleted, 0 unchanged"), first.out());

        CliRun again = once();
        assertTrue(again.out().contains("reconciled derby: 0 added, 0 rescheduled, 0 deleted, 9 unchanged"), again.out());
    }

    @Test
    void scheduleList_tableAndJson() throws Exception {
        once();

        CliRun table = run("schedule", "list", "--store", store);
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().startsWith("JOB"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("derby:event/CUP-FINAL/edge/scale-down ")
                && l.contains(" scale-down ") && l.contains(" scheduled ") && l.contains(" 2030-06-27T22:17:00Z ")), table.out());
        assertTrue(table.out().contains("9 job(s)"), table.out());

        CliRun json = run("schedule", "list", "--store", store, "--output", "json");
        JsonNode a = PlanJson.mapper().readTree(json.out());
        assertEquals(9, a.size());
        JsonNode first = a.get(0);
        assertEquals("derby", first.get("scenario").asText());
        assertEquals("recurring/friday-show/release-20300531T193000Z", first.get("key").asText());
        assertTrue(a.toString().contains("\"key\":\"event/DERBY/edge/check\",\"kind\":\"check\",\"event\":\"DERBY\","
                + "\"layer\":\"edge\",\"state\":\"scheduled\",\"nextFire\":\"2030-06-20T18:50:00Z\""), a.toString());
    }

    @Test
    void scheduleShow_oneJobWithItsDataAndExecutions() throws Exception {
        once();

        CliRun r = run("schedule", "show", "derby:event/DERBY/edge/scale-out", "--store", store, "-o", "json");

        assertEquals(0, r.code(), r.err());
        JsonNode n = PlanJson.mapper().readTree(r.out());
        assertEquals("scale-out", n.get("kind").asText());
        assertEquals("2030-06-20T18:07:00Z", n.get("data").get("fireAt").asText());
        assertEquals(0, n.get("executions").size());
        CliRun text = run("schedule", "show", "event/DERBY/edge/scale-out", "--store", store);
        assertTrue(text.out().contains("executions: none yet"), text.out());

        CliRun many = run("schedule", "show", "event/DERBY", "--store", store);
        assertEquals(1, many.code());
        assertTrue(many.err().contains("'event/DERBY' names 3 jobs; show needs one"), many.err());
    }

    @Test
    void schedulePauseResume_byEventPrefix_survivesAReconcile() {
        once();

        CliRun paused = run("schedule", "pause", "event/CUP-FINAL", "--store", store);
        assertEquals(0, paused.code(), paused.err());
        assertTrue(paused.out().contains("3 job(s)"), paused.out());
        assertEquals(3, paused.out().lines().filter(l -> l.contains(" paused ")).count(), paused.out());

        once(); // an unchanged calendar: paused jobs stay paused
        assertEquals(3, run("schedule", "list", "event/CUP-FINAL", "--store", store).out().lines()
                .filter(l -> l.contains(" paused ")).count());

        CliRun resumed = run("schedule", "resume", "event/CUP-FINAL", "--store", store);
        assertFalse(resumed.out().contains(" paused "), resumed.out());
    }

    @Test
    void scheduleCancel_removesTheJob_andTheDaemonDoesNotAddItBack() {
        once();

        CliRun c = run("schedule", "cancel", "derby:event/DERBY/edge/check", "--store", store);
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("derby:event/DERBY/edge/check: cancelled: it will not run"), c.out());

        CliRun again = once();
        assertTrue(again.out().contains("0 added, 0 rescheduled, 0 deleted, 8 unchanged, 1 already run"), again.out());
        assertFalse(run("schedule", "list", "--store", store).out().contains("event/DERBY/edge/check"));
    }

    @Test
    void schedule_unknownJob_exitsOne() {
        once();

        CliRun r = run("schedule", "pause", "event/NOPE", "--store", store);

        assertEquals(1, r.code());
        assertTrue(r.err().contains("no job matches 'event/NOPE' in h2:"), r.err());
    }

    @Test
    void daemon_invalidRecurring_reportsFileLineAndField_exitsOne() throws Exception {
        Files.writeString(scenario.resolve("prescale.yaml"), SCENARIO.replace("hold: 2h", "hold: 2h, set2: 1"));

        CliRun r = once();

        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("prescale.yaml:21:") && r.err().contains("recurring[0].set2: unknown field 'set2'"),
                r.err());
    }

    @Test
    void daemon_badOptions_areUserErrors() {
        CliRun both = run("daemon", scenario.toString(), "--store", store, "--jdbc-url", "jdbc:postgresql://db/x", "--once");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("give either --store or --jdbc-url, not both"), both.err());

        CliRun notPg = run("daemon", scenario.toString(), "--jdbc-url", "jdbc:mysql://db/x", "--once");
        assertEquals(1, notPg.code());
        assertTrue(notPg.err().contains("expected a PostgreSQL JDBC URL"), notPg.err());

        CliRun badDuration = run("daemon", scenario.toString(), "--store", store, "--reload-interval", "soon", "--once");
        assertEquals(1, badDuration.code());
        assertTrue(badDuration.err().contains("--reload-interval: expected a duration"), badDuration.err());

        CliRun badHeader = run("daemon", scenario.toString(), "--store", store, "--calendar-url-header", "X-Auth-Token",
                "--once");
        assertEquals(1, badHeader.code());
        assertTrue(badHeader.err().contains("--calendar-url-header is <name>=<env-var>"), badHeader.err());
    }

    @Test
    void calendarUrlHeader_valueFromTheEnvironment_aMissingVariableNamedNotItsValue() {
        assertEquals(java.util.Map.of("X-Auth-Token", "abc123"), DaemonCommand.headers(
                java.util.List.of("X-Auth-Token=FOOTBALL_DATA_TOKEN"), java.util.Map.of("FOOTBALL_DATA_TOKEN", "abc123")));

        UserException e = org.junit.jupiter.api.Assertions.assertThrows(UserException.class, () -> DaemonCommand.headers(
                java.util.List.of("X-Auth-Token=FOOTBALL_DATA_TOKEN"), java.util.Map.of()));
        assertEquals("--calendar-url-header X-Auth-Token: environment variable FOOTBALL_DATA_TOKEN is not set",
                e.getMessage());
    }

    @Test
    void help_listsTheNewCommands() {
        CliRun r = run("--help");
        assertTrue(r.out().contains("daemon"), r.out());
        assertTrue(r.out().contains("schedule"), r.out());
        CliRun d = run("daemon", "--help");
        assertTrue(d.out().contains("--jdbc-url") && d.out().contains("Default: 9464"), d.out());
        CliRun s = run("schedule", "cancel", "--help");
        assertTrue(s.out().contains("--output"), s.out());
    }
}
