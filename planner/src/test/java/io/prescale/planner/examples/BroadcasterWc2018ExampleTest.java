package io.prescale.planner.examples;

import io.prescale.planner.TestScenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures examples/broadcaster-wc-2018/README.md promises: England's semi-final at 2M viewers, goal surges on
 * the API, CDN egress checked against the contract, and the thunderstorm what-if beside it.
 */
class BroadcasterWc2018ExampleTest {
    private static Plan plan;
    private static Plan storm;

    @BeforeAll
    static void planTheExampleAndItsThunderstorm() {
        plan = plan(Path.of("../examples/broadcaster-wc-2018"));
        storm = plan(Path.of("../examples/broadcaster-wc-2018/thunderstorm"));
    }

    private static Plan plan(Path dir) {
        Scenario s = TestScenarios.load(dir);
        return TestScenarios.plan(s).plan();
    }

    private static LayerSummary layer(Plan p, String name) {
        return p.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static PlanEvent event(Plan p, String id) {
        return p.events().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static Change change(Plan p, String layer, Action a, String event) {
        return p.changes().stream().filter(c -> c.layer().equals(layer) && c.action() == a
                && c.events().contains(event)).findFirst().orElseThrow();
    }

    @Test
    void plan_croatiaEnglandSemi_peaks2MViewersAnd7_5TbpsWithinTheCdnContract() {
        assertEquals(2_000_000, event(plan, "CRO-ENG").audience(), 1);
        LayerSummary cdn = layer(plan, "cdn");
        // 2M x 3.5 Mbps = 7.0 Tbps + 0.5 Tbps background; at 85% usable: 8,824 of the 9,000 Gbps contracted
        assertEquals(7500, cdn.peakGbps(), 0.01);
        assertEquals(8824, cdn.neededUnits());
        assertEquals("CRO-ENG", cdn.drivenBy());
        Change check = change(plan, "cdn", Action.CHECK, "CRO-ENG");
        assertEquals(8824, check.to());
        assertTrue(check.reason().contains("within"), check.reason());
        assertEquals(Instant.parse("2018-07-11T16:15:00Z"), check.at(), "an hour before the 18:15 BST ramp");
    }

    @Test
    void plan_croatiaEnglandSemi_goalSurgeOf300kJoinsDrivesTheApiPeak() {
        LayerSummary api = layer(plan, "api");
        // 15k background + 2M / 30 s + 300k x 8 / 90 s + churn: 110k rps at 70% of 1,000 per instance
        assertEquals(110_111, api.peakRps(), 500);
        // what the forecast needs, not a figure clipped at max (300); no clipped-at-max warning in this plan
        assertEquals(158, api.neededUnits());
        assertEquals(List.of(), plan.diagnostics());
        assertEquals("CRO-ENG", api.drivenBy());
        assertEquals(Instant.parse("2018-07-11T19:50:00Z"), api.peakAt(), "20:50 BST: the last minute of regular time");
        Change out = change(plan, "api", Action.SCALE_OUT, "CRO-ENG");
        assertEquals(158, out.to());
        assertEquals(Instant.parse("2018-07-11T17:00:00Z"), out.at(), "15m before the 18:15 BST ramp");
        Change in = change(plan, "api", Action.SCALE_IN, "CRO-ENG");
        assertEquals(Instant.parse("2018-07-11T21:22:00Z"), in.at(), "extra time and penalties + 20m cool-down");
    }

    @Test
    void plan_englandMatches_drawFiveTimesTheStreamsOfOthers() {
        assertEquals(250_000, event(plan, "RUS-KSA").audience(), 1);
        assertEquals(1_250_000, event(plan, "TUN-ENG").audience(), 1);
        assertEquals(1_625_000, event(plan, "COL-ENG").audience(), 1);
        assertEquals(1_750_000, event(plan, "SWE-ENG").audience(), 1);
        assertEquals(400_000, event(plan, "FRA-CRO").audience(), 1);
        assertEquals(122, change(plan, "api", Action.SCALE_OUT, "TUN-ENG").to());
        assertEquals(38, change(plan, "api", Action.SCALE_OUT, "RUS-KSA").to());
    }

    @Test
    void plan_englandBelgiumAndPanamaTunisia_sameKickoff_addUp() {
        // (1.25M + 250k) x 3.5 Mbps + 0.5 Tbps
        Change check = change(plan, "cdn", Action.CHECK, "ENG-BEL");
        assertEquals(List.of("ENG-BEL", "PAN-TUN"), check.events());
        assertEquals(6765, check.to());
        assertEquals(136, change(plan, "api", Action.SCALE_OUT, "ENG-BEL").to());
    }

    @Test
    void plan_broadcasterWc2018_has24Changes_everyCdnCheckWithinContract() {
        List<Change> checks = plan.changes().stream().filter(c -> c.action() == Action.CHECK).toList();
        assertEquals(8, checks.size());
        assertTrue(checks.stream().allMatch(c -> c.reason().contains("within") && c.to() <= 9000), checks.toString());
        assertEquals(8, plan.changes().stream().filter(c -> c.action() == Action.SCALE_OUT).count());
        assertEquals(8, plan.changes().stream().filter(c -> c.action() == Action.SCALE_IN).count());
        assertEquals(24, plan.changes().size());
        assertEquals(0, plan.diagnostics().size(), plan.diagnostics().toString());
    }

    @Test
    void plan_thunderstormDuringTheSemi_exceedsTheCdnContract() {
        assertEquals(2_200_000, event(storm, "CRO-ENG").audience(), 1);
        LayerSummary cdn = layer(storm, "cdn");
        assertEquals(8200, cdn.peakGbps(), 0.01);
        // the need above the contract, and the warning saying so (the planned units stop at max, which proves nothing)
        assertEquals(9648, cdn.neededUnits());
        Change check = change(storm, "cdn", Action.CHECK, "CRO-ENG");
        assertEquals(9648, check.to());
        assertTrue(check.reason().contains("EXCEEDS"), check.reason());
        assertEquals(1, storm.diagnostics().size(), storm.diagnostics().toString());
        assertTrue(storm.diagnostics().get(0).summary().contains("layer cdn needs 9648 gbps"), storm.diagnostics().toString());

        LayerSummary api = layer(storm, "api");
        assertEquals(116_956, api.peakRps(), 500);
        assertEquals(168, api.neededUnits());
    }

    @Test
    void plan_thunderstorm_changesOnlyTheSemiFinal() {
        List<String> before = plan.changes().stream().filter(c -> !c.events().contains("CRO-ENG"))
                .map(Change::toString).toList();
        List<String> after = storm.changes().stream().filter(c -> !c.events().contains("CRO-ENG"))
                .map(Change::toString).toList();
        assertEquals(before, after);
        assertEquals(plan.changes().size(), storm.changes().size());
    }
}
