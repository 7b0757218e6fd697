package io.prescale.providers.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figures examples/clevertap-ipl/README.md promises: IPL event ingestion, ALB pre-warm, wicket pushes. */
class ClevertapIplExampleTest {
    private static Plan plan;

    @BeforeAll
    static void planTheExample() {
        Scenario s = ExampleScenarios.load(Path.of("../examples/clevertap-ipl"));
        Planner.Result r = ExampleScenarios.plan(s);
        plan = r.plan();
    }

    private static LayerSummary layer(String name) {
        return plan.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Change> changes(String layer, String event) {
        return plan.changes().stream().filter(c -> c.layer().equals(layer) && c.events().contains(event)).toList();
    }

    private static long count(Action a) {
        return plan.changes().stream().filter(c -> c.action() == a).count();
    }

    @Test
    void plan_clevertapIplFinal_ingestionRisesFrom200kToAbout1Mrps() {
        LayerSummary ingestion = layer("ingestion");
        // 200k background + 7.44M sessions / 10 s + 600k push opens x 5 / 90 s + churn
        assertEquals(1_000_000, ingestion.peakRps(), 1_000_000 * 0.05);
        assertEquals(983_533, ingestion.peakRps(), 1_000);
        // what the forecast needs, not a figure clipped at max (800); the empty diagnostics below: no clipped-at-max warning
        assertEquals(500, ingestion.neededUnits());
        assertEquals("FINAL", ingestion.drivenBy());
        // 22:45 IST: the first minute of play of a super over, which the knockout final is planned through
        assertEquals(Instant.parse("2027-05-30T17:15:00Z"), ingestion.peakAt());
        assertEquals(0, plan.diagnostics().size(), plan.diagnostics().toString());
    }

    @Test
    void plan_clevertapIplFinal_albPrewarmedTwoHoursBeforeTheRamp() {
        LayerSummary alb = layer("alb");
        assertEquals(983_533, alb.peakRps(), 1_000);
        assertEquals(4950, alb.neededUnits());

        List<Change> finalAlb = changes("alb", "FINAL");
        assertEquals(2, finalAlb.size(), finalAlb.toString());
        Change prewarm = finalAlb.get(0);
        assertEquals(Action.PREWARM, prewarm.action());
        assertEquals(4950, prewarm.to());
        assertEquals(Instant.parse("2027-05-30T11:30:00Z"), prewarm.at(), "17:00 IST: 2h before the 19:00 ramp");
        assertEquals(Instant.parse("2027-05-30T13:30:00Z"), prewarm.neededAt());
        Change release = finalAlb.get(1);
        assertEquals(Action.SCALE_IN, release.action());
        assertEquals(1000, release.to(), "back to the LCU the steady 200k rps needs, not to zero");
        assertEquals(Instant.parse("2027-05-30T18:16:00Z"), release.at(), "23:46 IST: super-over end 23:16 + 30m");
    }

    @Test
    void plan_clevertapIplLeagueMatches_sizedByTeamPopularity() {
        // pre-warmed for the opener, then back to what the steady 200k rps needs
        assertEquals(List.of(4300, 1000), changes("alb", "OPENER").stream().map(Change::to).toList());
        assertEquals(4300, changes("alb", "MI-CSK").get(0).to());
        assertEquals(430, changes("ingestion", "OPENER").get(0).to());
        assertEquals(430, changes("ingestion", "MI-CSK").get(0).to());
    }

    @Test
    void plan_clevertapIplDoubleHeader_keepsAfternoonCapacityAndStepsUpForTheEvening() {
        List<Change> ingestion = plan.changes().stream().filter(c -> c.layer().equals("ingestion")
                && c.at().isAfter(Instant.parse("2027-03-20T00:00:00Z"))
                && c.at().isBefore(Instant.parse("2027-03-21T00:00:00Z"))).toList();
        assertEquals(List.of("SCALE_OUT 100->260", "SCALE_OUT 260->370", "SCALE_IN 370->100"),
                ingestion.stream().map(c -> c.action() + " " + c.from() + "->" + c.to()).toList());
        assertEquals(List.of("DH-AFTERNOON", "DH-EVENING"), ingestion.get(2).events());

        List<Change> alb = plan.changes().stream().filter(c -> c.layer().equals("alb")
                && c.events().stream().anyMatch(e -> e.startsWith("DH-"))).toList();
        assertEquals(List.of("PREWARM 1000->2600", "PREWARM 2600->3650", "SCALE_IN 3650->1000"),
                alb.stream().map(c -> c.action() + " " + c.from() + "->" + c.to()).toList());
        assertEquals(Instant.parse("2027-03-20T07:30:00Z"), alb.get(0).at(), "13:00 IST, 2h before the 15:00 ramp");

        List<Change> push = changes("push-delivery", "DH-EVENING");
        assertEquals(1, push.size(), "push-delivery holds 134 pods from the afternoon through the evening: " + push);
        assertEquals(Action.SCALE_IN, push.get(0).action());
    }

    @Test
    void plan_clevertapIplWicketPush_6MSubscribersIn60sNeed134Pods() {
        LayerSummary push = layer("push-delivery");
        assertEquals(100_000, push.peakRps(), 1);
        assertEquals(134, push.neededUnits());
        List<Change> out = plan.changes().stream()
                .filter(c -> c.layer().equals("push-delivery") && c.action() == Action.SCALE_OUT).toList();
        assertEquals(4, out.size(), out.toString());
        assertTrue(out.stream().allMatch(c -> c.to() == 134), out.toString());
    }

    @Test
    void plan_clevertapIplPushNodes_22NodesAheadOfEveryPushScaleOutReleasedAfterItsScaleIn() {
        LayerSummary nodes = layer("push-nodes");
        // 7 pods a node (cpu: 3620m free / 500m), 10% of the slots kept: 134 / 6.3 = 21.3
        assertEquals(7, nodes.carries().podsPerUnit());
        assertEquals(134, nodes.carries().peakPods());
        assertEquals(22, nodes.neededUnits());
        List<Change> podsOut = plan.changes().stream()
                .filter(c -> c.layer().equals("push-delivery") && c.action() == Action.SCALE_OUT).toList();
        List<Change> nodesOut = plan.changes().stream()
                .filter(c -> c.layer().equals("push-nodes") && c.action() == Action.SCALE_OUT).toList();
        assertEquals(podsOut.size(), nodesOut.size(), nodesOut.toString());
        for (int i = 0; i < podsOut.size(); i++) {
            assertEquals(podsOut.get(i).at().minus(java.time.Duration.ofMinutes(7)), nodesOut.get(i).at());
            assertEquals(22, nodesOut.get(i).to());
        }
        List<Change> podsIn = plan.changes().stream()
                .filter(c -> c.layer().equals("push-delivery") && c.action() == Action.SCALE_IN).toList();
        List<Change> nodesIn = plan.changes().stream()
                .filter(c -> c.layer().equals("push-nodes") && c.action() == Action.SCALE_IN).toList();
        assertEquals(podsIn.size(), nodesIn.size(), nodesIn.toString());
        for (int i = 0; i < podsIn.size(); i++) {
            assertEquals(podsIn.get(i).at().plus(java.time.Duration.ofMinutes(10)), nodesIn.get(i).at());
        }
    }

    @Test
    void plan_clevertapIplSeason_has34Changes() {
        assertEquals(13, count(Action.SCALE_OUT));
        assertEquals(5, count(Action.PREWARM));
        assertEquals(16, count(Action.SCALE_IN));
        assertEquals(34, plan.changes().size());
    }
}
