package io.prescale.providers.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An {@code aws-elbv2} layer planned from its LCU dimensions, and its settings checked where they are written. */
class LoadBalancerPlanTest {

    /**
     * 2M viewers, each with 2 connections and an API call every 10 s (800 B, 12 listener rules); after a goal 20% of
     * the audience comes back within 10 s.
     */
    static final String SCENARIO = """
            name: lb
            zone: UTC
            plan: {from: 2026-06-01T00:00:00Z}
            events:
              - {id: FINAL, stage: final, teams: [A, B], kickoff: 2026-06-01T19:00:00Z}
            audience:
              base: {p50: 2M, p90: 2M}
            shapes:
              football: {goalSurge: {joins: 0, share: 20%, within: 10s}}
            layers:
              - name: api-lb
                unit: lcu
                headroom: 10%
                max: 20000
                warmup: 10m
                leadTime: 50m
                target: {type: aws-elbv2, name: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/50dc6c495c0c9188",
                         connectionsPerViewer: 2, bytesPerRequest: 800B, rulesPerRequest: 12}
                terms:
                  - {type: per-viewer, name: api, every: 10s}
            baseline: {api-lb: 0}
            """;

    @TempDir
    Path dir;

    Plan plan(String yaml) throws IOException {
        Files.writeString(dir.resolve("prescale.yaml"), yaml);
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
        Instant at = s.plan().from().orElseThrow();
        return Planner.plan(s, at, at, new ObservedState("baseline", at, s.baseline())).plan();
    }

    /**
     * At the peak 2M viewers hold 4M connections (1,333.3 LCU) and make 200k requests a second: 576 GB/h (576 LCU)
     * and 400k counted rule evaluations a second (400 LCU). A goal brings 20% of them back within 10 s: 400k viewers
     * opening 2 connections each, 80k new connections a second, 3,200 LCU; with 10% headroom 3,556.
     */
    @Test
    void plan_goalSurge_newConnectionsDriveTheReservation() throws IOException {
        Plan p = plan(SCENARIO);

        LayerSummary lb = p.layers().get(0);
        assertEquals(LoadBalancerUnits.NEW_CONNECTIONS, lb.dimension());
        // the surge alone needs 3,556; the ramp's joins and the churn (0.5% of viewers a minute) add a little
        int surge = lb.dimensionUnits().get(LoadBalancerUnits.NEW_CONNECTIONS);
        assertTrue(surge >= 3556 && surge <= 3556 * 1.03, "new connections need " + surge);
        assertEquals(1482, (int) lb.dimensionUnits().get(LoadBalancerUnits.ACTIVE_CONNECTIONS));
        assertEquals(640, (int) lb.dimensionUnits().get(LoadBalancerUnits.PROCESSED_BYTES));
        assertEquals(445, (int) lb.dimensionUnits().get(LoadBalancerUnits.RULE_EVALUATIONS));
        assertEquals(surge, lb.peakUnits());
        Change prewarm = p.changes().stream().filter(c -> c.action() == Action.PREWARM).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(surge, prewarm.to());
        assertTrue(prewarm.reason().matches(".*: 8\\d(\\.\\d+)?k new connections/s \\(its largest dimension: 32\\d\\d lcu "
                + "before headroom\\) at .*"), prewarm.reason());
    }

    @Test
    void plan_noGoalSurge_activeConnectionsDriveIt() throws IOException {
        Plan p = plan(SCENARIO.replace("shapes:\n  football: {goalSurge: {joins: 0, share: 20%, within: 10s}}\n", ""));

        LayerSummary lb = p.layers().get(0);
        assertEquals(LoadBalancerUnits.ACTIVE_CONNECTIONS, lb.dimension());
        assertEquals(1482, lb.peakUnits());
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("reservation above the account's limit", "max: 20000", "max: 20000\n    target: {}",
                        "connectionsPerViewer: 2,", "connectionsPerViewer: 2, lcuLimit: 15000,", 14, "layers[0].max",
                        "max 20000 lcu is above the account's reservation limit of 15000"),
                Arguments.of("a reservation below AWS's minimum", "headroom: 10%", "headroom: 10%\n    min: 50",
                        "", "", 14, "layers[0].min", "holds 0 or at least 100 units"),
                Arguments.of("bytes per request missing", "bytesPerRequest: 800B, ", "", "", "", 17,
                        "layers[0].target.bytesPerRequest", "missing required field 'bytesPerRequest'"),
                Arguments.of("a hand-set rate beside the dimensions", "unit: lcu", "unit: lcu\n    rpsPerUnit: 1000rps",
                        "", "", 13, "layers[0].rpsPerUnit", "target type aws-elbv2 sizes its units itself: remove rpsPerUnit"),
                Arguments.of("rules on a network load balancer", "loadbalancer/app/", "loadbalancer/net/", "", "", 18,
                        "layers[0].target.rulesPerRequest", "evaluates no listener rules"),
                Arguments.of("counted in instances", "unit: lcu", "unit: instances", "", "", 12, "layers[0].unit",
                        "counted in capacity units: use unit: lcu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void load_badLoadBalancerInput_isAnErrorAtItsFileLineAndField(String name, String from, String to, String from2,
                                                                  String to2, int line, String field, String message) {
        String yaml = SCENARIO.replace(from, to.replace("\n    target: {}", "")).replace(from2.isEmpty() ? "\0" : from2,
                to2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> plan(yaml));
        List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic d = errors.stream().filter(x -> x.format().contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no error containing \"" + message + "\" in " + errors));
        assertEquals(field, d.location().field(), d.format());
        assertTrue(d.location().line() == line, d.format());
    }
}
