package io.prescale.planner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan values: target-specific actions, the plan file, and the digest. */
class PlanTest {
    static final String YAML = """
            name: mixed
            zone: Europe/London
            plan: {from: 2026-07-11T00:00:00Z, maxAge: 2h}
            events:
              - {id: SEMI, stage: semi-final, teams: [England, Croatia], kickoff: 2026-07-11T19:00:00+01:00, audience: {p50: 2M, p90: 3M}}
            layers:
              - name: api
                unit: instances
                rpsPerUnit: 500rps
                min: 4
                target: {type: aws-asg, name: api-asg}
                terms: [{type: per-viewer, every: 60s}]
              - name: alb
                unit: lcu
                rpsPerUnit: 1000rps
                leadTime: 2h
                target: {type: test-reservation, name: web-lb}
                terms: [{type: per-viewer, every: 60s}]
              - name: cdn
                unit: gbps
                gbpsPerUnit: 1Gbps
                headroom: 10%
                max: 12000
                target: {type: cdn, name: E2QWRUHAPOMQZL}
                terms: [{type: egress, bitrate: 5Mbps}]
              - name: idle
                unit: pods
                rpsPerUnit: 100rps
                min: 2
                regions: [US]
                target: {type: k8s-deployment, name: web/idle}
                terms: [{type: per-viewer, every: 60s}]
            baseline: {api: 4, alb: 0, cdn: 0, idle: 2}
            """;

    @TempDir
    Path dir;

    private Plan plan(String yaml) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        return TestScenarios.plan(s).plan();
    }

    @Test
    void plan_loadBalancerTarget_isPreWarmed() {
        Plan p = plan(YAML);
        Change c = p.changes().stream().filter(x -> x.layer().equals("alb")).findFirst().orElseThrow();
        assertEquals(Action.PREWARM, c.action());
        assertEquals("test-reservation", c.targetType());
        assertEquals(Instant.parse("2026-07-11T15:10:00Z"), c.at(), "2h lead + 5m warm-up before the 17:15Z ramp");
    }

    @Test
    void plan_cdnTarget_isCheckedAgainstItsCapacity_notScaled() {
        Plan p = plan(YAML);
        var cdn = p.changes().stream().filter(x -> x.layer().equals("cdn")).toList();
        assertEquals(1, cdn.size(), cdn.toString());
        Change c = cdn.get(0);
        assertEquals(Action.CHECK, c.action());
        assertEquals(12000, c.from());
        // 3M x 5 Mbps = 15,000 Gbps at 90% usable = 16,667 units
        assertEquals(16667, c.to());
        assertTrue(c.reason().contains("EXCEEDS"), c.reason());
        assertEquals(15000, p.layers().stream().filter(l -> l.name().equals("cdn")).findFirst().orElseThrow().peakGbps(), 1);
    }

    @Test
    void plan_layerNoEventReaches_isNoOp() {
        Plan p = plan(YAML);
        Change c = p.changes().stream().filter(x -> x.layer().equals("idle")).findFirst().orElseThrow();
        assertEquals(Action.NO_OP, c.action());
        assertEquals(2, c.from());
        assertEquals(2, c.to());
    }

    @Test
    void plan_summary_namesPeakAndTheEventDrivingIt() {
        Plan p = plan(YAML);
        LayerSummary api = p.layers().get(0);
        assertEquals("api", api.name());
        assertEquals(50_000, api.peakRps(), 1);
        assertEquals(125, api.peakUnits());
        assertEquals("SEMI", api.drivenBy());
        assertEquals(3_000_000, p.events().get(0).audience(), 1);
        assertTrue(p.events().get(0).knockout());
    }

    @Test
    void planFile_roundTrips() {
        Plan p = plan(YAML);
        String json = PlanJson.write(p);
        assertEquals(p, PlanJson.read(json));
        assertTrue(json.contains("\"peakRps\""), json);
        assertTrue(json.contains("\"maxAge\" : \"PT2H\""), json);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "a change's target raised     | \"to\" : 125        | \"to\" : 9999",
            "a layer's max raised         | \"max\" : 12000     | \"max\" : 99000",
            "the plan made younger        | \"maxAge\" : \"PT2H\" | \"maxAge\" : \"PT2000H\"",
            "the digest removed           | \"bodyDigest\"      | \"removedDigest\""})
    void planFile_editedAfterItWasMade_isRefused(String what, String from, String to) {
        String json = PlanJson.write(plan(YAML));
        assertTrue(json.contains(from), "the fixture must hold " + from + ":\n" + json);
        String edited = json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read(edited));

        assertTrue(e.getMessage().contains("make a new plan"), e.getMessage());
    }

    /**
     * The digest proves a file is as it was written, not that a plan wrote it: a tool that edits a plan and
     * recomputes the digest (or a broken writer) must still be stopped at the field, before apply reads it (a
     * change without its time was exit 3, a time written as 1e308 was read as 1970, a count of -1 was applied).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "a change without its time       | /changes/0 | at       | null              | changes[0].at: missing",
            "a change's time as a number     | /changes/0 | at       | 1e308             | changes[0].at: expected an instant",
            "a change's time in year 1e9     | /changes/0 | at       | \"+999999999-12-31T23:59:59Z\" | changes[0].at: +999999999-12-31T23:59:59Z is outside the years 1900-2200",
            "a negative unit count           | /changes/0 | to       | -1                | changes[0].to: -1 is not a unit count",
            "a count as a fraction           | /changes/0 | to       | 1.5               | changes[0].to: 1.5 is not a whole number",
            "a count as null                 | /changes/0 | to       | null              | changes[0].to: missing",
            "an action nobody knows          | /changes/0 | action   | \"EXPLODE\"       | changes[0].action: \"EXPLODE\" is not one of [SCALE_OUT",
            "a change on no layer            | /changes/0 | layer    | \"ghost\"         | changes[0].layer: \"ghost\" is no layer of the plan",
            "a change on another target      | /changes/0 | target   | \"other-asg\"     | changes[0].target: \"other-asg\" is not layer",
            "a layer's max below its changes | /layers/0  | max      | 1                 | changes[",
            "a name as a number              | /changes/0 | layer    | 5                 | changes[0].layer: 5 is not a string",
            "an empty digest                 | ''         | digest   | \"\"               | digest: \"\" is not a sha256: digest",
            "a quantile of NaN               | ''         | quantile | \"NaN\"           | quantile: NaN is not a number",
            "a quantile of 2                 | ''         | quantile | 2                 | quantile: 2.0 is not a quantile",
            "a negative maximum age          | ''         | maxAge   | \"PT-5M\"         | maxAge: PT-5M is not a duration",
            "an observed count below zero    | /observed/units | api | -3                | observed.units.api: -3 is not a unit count",
            "the changes not a list          | ''         | changes  | 7                 | changes: expected a list"})
    void planFile_digestRecomputedOverAnImpossibleField_isRefusedNamingTheFieldAndLine(String what, String object,
            String field, String value, String expected) throws Exception {
        // given: a plan with one field edited and its digest made again over the edit
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(PlanJson.write(plan(YAML)));
        var parent = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at(object);
        assertTrue(parent.has(field), "the fixture must hold " + object + "/" + field);
        parent.set(field, mapper.readTree(value));
        tree.put(PlanJson.BODY_DIGEST, PlanJson.bodyDigest(tree));
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);

        // when
        PlanJson.InvalidPlan e = assertThrows(PlanJson.InvalidPlan.class, () -> PlanJson.read(json));

        // then: the field, what is wrong with it, and the line it is on
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
        assertTrue(e.getMessage().endsWith("make a new one"), e.getMessage());
        String key = e.field().replaceAll("\\[\\d+]$", "").replaceFirst("^.*\\.", "");
        String onLine = json.split("\n", -1)[e.line() - 1];
        assertTrue(onLine.contains("\"" + key + "\"") || onLine.strip().equals("{"), what + ": line " + e.line() + " is " + onLine);
    }

    @Test
    void planFile_reformatted_isStillTheSamePlan() throws Exception {
        Plan p = plan(YAML);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        // the same content, keys and spacing changed (as an editor or jq would): not an edit of what apply uses
        String compact = mapper.writeValueAsString(mapper.readTree(PlanJson.write(p)));
        assertEquals(p, PlanJson.read(compact));
    }

    @Test
    void planFile_notAPlan_isRejectedWithReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read("{\"formatVersion\": 99}"));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlanJson.read("not json"));
    }

    @Test
    void digest_sameInputs_sameDigest_changedInput_otherDigest() {
        String first = plan(YAML).digest();
        assertEquals(first, plan(YAML).digest());
        assertTrue(first.startsWith("sha256:"));
        assertNotEquals(first, plan(YAML.replace("every: 60s}]\n  - name: alb", "every: 30s}]\n  - name: alb")).digest());
    }

    @Test
    void plan_calendarWithNoEventInTheWindow_warnsThatOnlyBackgroundAndMinAreHeld() {
        // an empty feed, or a window after the last match, must not read as a quiet week with nothing to say
        Plan after = plan(YAML.replace("plan: {from: 2026-07-11T00:00:00Z, maxAge: 2h}",
                "plan: {from: 2026-07-20T00:00:00Z, maxAge: 2h}"));
        assertTrue(after.diagnostics().stream().anyMatch(d -> d.summary().startsWith(
                "no event in the planning window (1 in the calendar)")), after.diagnostics().toString());
        assertTrue(plan(YAML).diagnostics().stream().noneMatch(d -> d.summary().startsWith("no event in the planning")));
    }

    @Test
    void plan_layerWithoutBaseline_assumesMinAndWarns() {
        Plan p = plan(YAML.replace("baseline: {api: 4, alb: 0, cdn: 0, idle: 2}", "baseline: {alb: 0, cdn: 0, idle: 2}"));
        assertEquals(4, p.observed().units().get("api"));
        assertTrue(p.diagnostics().stream().anyMatch(d -> d.summary().contains("no observed capacity for layer api")));
    }

    @Test
    void plan_backgroundProfile_floorBetweenMatchesFollowsTheHourAndTheWeekend() {
        // given: a site quiet at night and busy in office hours on weekdays, quiet all weekend; P90 sizing
        String hours = "[" + "100rps, ".repeat(8) + "1000rps, ".repeat(10) + "100rps, ".repeat(5) + "100rps]";
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", """
                name: rhythm
                zone: Europe/London
                plan: {from: 2026-07-09T00:00:00+01:00, horizon: 3d}
                events:
                  - {id: SEMI, stage: semi-final, kickoff: 2026-07-11T20:00:00+01:00, audience: {p50: 20k, p90: 30k}}
                layers:
                  - name: web
                    unit: instances
                    rpsPerUnit: 150rps
                    headroom: 20%%
                    min: 1
                    warmup: 5m
                    background:
                      weekday: %s
                      weekend: 100rps
                      spread: 20%%
                    terms: [{type: per-viewer, every: 60s}]
                baseline: {web: 1}
                """.formatted(hours))));

        // when
        Planner.Result r = TestScenarios.plan(s);

        // then: Friday 12:00 is sized for the office-hours P90 (1000 x 1.2 / 120 per server = 10), Friday 03:00 and
        // Saturday noon for the night's (100 x 1.2 -> 1 server), and the morning rise is requested before 08:00
        var sched = r.schedules().get(0);
        long g0 = sched.forecast().gridStart();
        java.util.function.ToIntFunction<String> at = t -> sched.planned()[Math.toIntExact(
                Instant.parse(t).getEpochSecond() / 60 - g0)];
        java.util.function.ToIntFunction<String> requestedAt = t -> sched.requested()[Math.toIntExact(
                Instant.parse(t).getEpochSecond() / 60 - g0)];
        assertEquals(10, at.applyAsInt("2026-07-10T11:00:00Z"));
        assertEquals(1, at.applyAsInt("2026-07-10T02:00:00Z"));
        assertEquals(1, at.applyAsInt("2026-07-11T11:00:00Z"));
        assertEquals(10, requestedAt.applyAsInt("2026-07-10T06:55:00Z"), "requested a warm-up before 08:00 BST");
        assertEquals(1, requestedAt.applyAsInt("2026-07-10T06:50:00Z"));
    }
}
