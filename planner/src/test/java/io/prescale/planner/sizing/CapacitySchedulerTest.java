package io.prescale.planner.sizing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizing bounds, the pre-scale lead, the knockout hold, cluster merging and safety at the planning instant. */
class CapacitySchedulerTest {
    @TempDir
    Path dir;

    private static Layer layer(double perUnit, double headroom, int min, int max, int step) {
        return new Layer("l", "", CapacityUnit.INSTANCES, Metric.RPS, perUnit, headroom, min, max, step,
                Duration.ofMinutes(5), Duration.ZERO, Duration.ofMinutes(15), Duration.ofHours(4), 0, 1, List.of(),
                List.of(), List.of(), Target.planOnly(), SourceLocation.of("t"));
    }

    @ParameterizedTest(name = "{0} rps at 400/unit, headroom {1}, min {2}, max {3}, step {4} -> {5}")
    @CsvSource({
            "40000, 0.0, 0, 1000, 1, 100",
            "40000, 0.2, 0, 1000, 1, 125",
            "40001, 0.0, 0, 1000, 1, 101",
            "40001, 0.0, 0, 1000, 10, 110",
            "100, 0.0, 50, 1000, 1, 50",
            "1000000, 0.0, 0, 400, 1, 400",
            "0, 0.2, 3, 10, 1, 3"})
    void bounded_roundsUpToStepWithinMinAndMax(double load, double headroom, int min, int max, int step, int units) {
        assertEquals(units, CapacitySizer.bounded(layer(400, headroom, min, max, step), load));
    }

    @Test
    void unbounded_ignoresMax_toShowTheShortfall() {
        assertEquals(2500, CapacitySizer.unbounded(layer(400, 0, 0, 400, 1), 1_000_000));
    }

    @Test
    void slidingMax_isMaxOverTheLeadWindowAhead() {
        assertArrayEquals(new int[] {5, 5, 5, 3, 1, 1}, CapacityScheduler.slidingMax(new int[] {1, 2, 5, 3, 1, 1}, 2));
        assertArrayEquals(new int[] {1, 2, 5}, CapacityScheduler.slidingMax(new int[] {1, 2, 5}, 0));
    }

    private static String scenario(String events, String layerExtra, String from) {
        return """
                name: t
                plan: {from: %s}
                events:
                %s
                defaultShape: flat
                shapes: {flat: {type: keyframes, points: [[0m, 100%%], [60m, 100%%]]}}
                layers:
                  - name: edge
                    unit: instances
                    rpsPerUnit: 1000rps
                    headroom: 0%%
                    min: 10
                    max: 1000
                    warmup: 5m
                    leadTime: 10m
                    cooldown: 15m
                    target: {type: aws-asg, name: edge-asg}
                    terms: [{type: per-viewer, rate: 0.1rps}]
                %s
                baseline: {edge: 10}
                """.formatted(from, events.indent(2).stripTrailing(), layerExtra.indent(4).stripTrailing());
    }

    private Plan plan(String yaml) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        return TestScenarios.plan(s).plan();
    }

    private Plan planAt(String yaml, String at, int observed) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Instant i = Instant.parse(at);
        return Planner.plan(s, i, i, new ObservedState("test", i, Map.of("edge", observed))).plan();
    }

    @Test
    void plan_preScale_isRequestedWarmupPlusLeadBeforeTheRamp() {
        Plan p = plan(scenario("- {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}", "",
                "2026-06-12T00:00:00Z"));
        Change up = p.changes().get(0);
        assertEquals(Action.SCALE_OUT, up.action());
        assertEquals(10, up.from());
        assertEquals(100, up.to());
        assertEquals(Instant.parse("2026-06-12T18:45:00Z"), up.at());
        assertEquals(Instant.parse("2026-06-12T19:00:00Z"), up.neededAt());
        assertTrue(up.reason().contains("warm-up 5m + lead 10m"), up.reason());
    }

    @Test
    void plan_scaleIn_afterLatestEndPlusCooldown_backToMin() {
        Plan p = plan(scenario("- {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}", "",
                "2026-06-12T00:00:00Z"));
        Change down = p.changes().get(1);
        assertEquals(Action.SCALE_IN, down.action());
        assertEquals(100, down.from());
        assertEquals(10, down.to());
        // the keyframes end at 60m, the curve's last minute is 60m, so the event is over at 19:61 = 20:01
        assertEquals(Instant.parse("2026-06-12T20:16:00Z"), down.at());
        assertEquals(2, p.changes().size());
    }

    @Test
    void plan_knockoutMatch_holdsThroughExtraTimeAndPenalties() {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events:
                  - {id: G, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 1M, region: G}
                  - {id: K, stage: final, kickoff: 2026-06-12T19:00:00Z, audience: 1M, region: K}
                layers:
                  - {name: g, unit: instances, rpsPerUnit: 1000rps, min: 1, cooldown: 15m, regions: [G],
                     terms: [{type: per-viewer, rate: 0.1rps}]}
                  - {name: k, unit: instances, rpsPerUnit: 1000rps, min: 1, cooldown: 15m, regions: [K],
                     terms: [{type: per-viewer, rate: 0.1rps}]}
                baseline: {g: 1, k: 1}
                """;
        Plan p = plan(yaml);
        Instant gDown = p.changes().stream().filter(c -> c.layer().equals("g") && c.action() == Action.SCALE_IN)
                .findFirst().orElseThrow().at();
        Change kDown = p.changes().stream().filter(c -> c.layer().equals("k") && c.action() == Action.SCALE_IN)
                .findFirst().orElseThrow();
        // 111 min regular time + 20 min decay + 1 vs 161 min with extra time and penalties + 20 + 1, then 15 min
        assertEquals(Instant.parse("2026-06-12T19:00:00Z").plus(Duration.ofMinutes(111 + 21 + 15)), gDown);
        assertEquals(Instant.parse("2026-06-12T19:00:00Z").plus(Duration.ofMinutes(161 + 21 + 15)), kDown.at());
        assertTrue(kDown.reason().contains("extra time and penalties included"), kDown.reason());
    }

    @Test
    void plan_eventsCloserThanTheLead_mergeWithNoScaleInBetween() {
        String events = """
                - {id: A, stage: custom:show, kickoff: 2026-06-12T15:00:00Z, audience: 1M}
                - {id: B, stage: custom:show, kickoff: 2026-06-12T16:20:00Z, audience: 2M}
                """;
        Plan p = plan(scenario(events, "", "2026-06-12T00:00:00Z"));
        // A's scale-in would be at 16:16 but B's pre-scale must be requested at 16:05: one cluster
        List<Change> ins = p.changes().stream().filter(c -> c.action() == Action.SCALE_IN).toList();
        assertEquals(1, ins.size(), p.changes().toString());
        assertEquals(List.of("A", "B"), ins.get(0).events());
        // one pre-scale covers both: B is within the 4h coalesce window of A's ramp
        assertEquals(List.of(200), p.changes().stream().filter(c -> c.action() == Action.SCALE_OUT)
                .map(Change::to).toList());
    }

    @Test
    void plan_eventsFarApart_scaleInBetween() {
        String events = """
                - {id: A, stage: custom:show, kickoff: 2026-06-12T15:00:00Z, audience: 1M}
                - {id: B, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}
                """;
        Plan p = plan(scenario(events, "", "2026-06-12T00:00:00Z"));
        assertEquals(List.of(Action.SCALE_OUT, Action.SCALE_IN, Action.SCALE_OUT, Action.SCALE_IN),
                p.changes().stream().map(Change::action).toList());
    }

    @Test
    void plan_duringALiveEvent_neverScalesInEvenAboveThePlan() {
        Plan p = planAt(scenario("- {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}", "",
                "2026-06-12T00:00:00Z"), "2026-06-12T19:30:00Z", 300);
        // 300 running, 100 needed: hold 300 until the event is over, then back to min
        assertEquals(1, p.changes().size(), p.changes().toString());
        Change c = p.changes().get(0);
        assertEquals(Action.SCALE_IN, c.action());
        assertEquals(300, c.from());
        assertEquals(10, c.to());
        assertEquals(Instant.parse("2026-06-12T20:16:00Z"), c.at());
    }

    @Test
    void plan_madeAfterTheLeadStarted_scalesNowAndWarnsItIsLate() {
        Plan p = planAt(scenario("- {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}", "",
                "2026-06-12T00:00:00Z"), "2026-06-12T18:55:00Z", 10);
        Change up = p.changes().get(0);
        assertEquals(Instant.parse("2026-06-12T18:55:00Z"), up.at());
        assertEquals(100, up.to());
        assertTrue(up.reason().contains("late by 10m"), up.reason());
        assertTrue(p.diagnostics().stream().anyMatch(d -> d.summary().contains("later than its lead time allows")));
    }

    @Test
    void plan_forecastAboveMax_stopsAtMaxAndWarns() {
        Plan p = plan(scenario("- {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 20M}", "",
                "2026-06-12T00:00:00Z"));
        assertEquals(1000, p.changes().get(0).to());
        assertEquals(2000, p.layers().get(0).neededUnits());
        assertTrue(p.diagnostics().stream().anyMatch(d -> d.summary().contains("needs 2000 instances")
                && d.summary().contains("max is 1000")), p.diagnostics().toString());
    }

    @Test
    void plan_shortCoalesce_preScalesInSeveralSteps() {
        String events = "- {id: E, stage: custom:ramp, kickoff: 2026-06-12T19:00:00Z, audience: 1M, shape: ramp}";
        String yaml = scenario(events, "coalesce: 10m", "2026-06-12T00:00:00Z")
                .replace("shapes: {flat:", "shapes: {ramp: {type: keyframes, points: [[0m, 0%], [60m, 100%]]}, flat:");
        Plan p = plan(yaml);
        List<Integer> ups = p.changes().stream().filter(c -> c.action() == Action.SCALE_OUT).map(Change::to).toList();
        assertTrue(ups.size() >= 5, ups.toString());
        for (int i = 1; i < ups.size(); i++) {
            assertTrue(ups.get(i) > ups.get(i - 1), "a ramp only goes up: " + ups);
        }
        assertEquals(100, ups.get(ups.size() - 1));
    }

    @org.junit.jupiter.api.Test
    void holdWithinDecreaseBudget_threeResetsInADayWithTwoAllowed_holdsTheThirdUntilMidnight() {
        // given: a load balancer pre-warmed and reset around three matches of one UTC day (minute 0 = 00:00Z)
        int[] requested = new int[26 * 60];
        java.util.Arrays.fill(requested, 0);
        java.util.Arrays.fill(requested, 600, 700, 500);
        java.util.Arrays.fill(requested, 900, 1000, 500);
        java.util.Arrays.fill(requested, 1200, 1300, 500);

        // when
        CapacityScheduler.holdWithinDecreaseBudget(requested, 0, 0, 0, 2);

        // then: the first two resets happen, the third waits for the next day's budget
        org.junit.jupiter.api.Assertions.assertEquals(0, requested[700]);
        org.junit.jupiter.api.Assertions.assertEquals(0, requested[1000]);
        org.junit.jupiter.api.Assertions.assertEquals(500, requested[1300], "held: no decrease left today");
        org.junit.jupiter.api.Assertions.assertEquals(500, requested[24 * 60 - 1]);
        org.junit.jupiter.api.Assertions.assertEquals(0, requested[24 * 60], "reset once the new day's budget opens");
    }
}
