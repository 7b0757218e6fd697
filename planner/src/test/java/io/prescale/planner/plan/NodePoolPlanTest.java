package io.prescale.planner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.sizing.LayerSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node pool planned from the pods it carries: sized on the pods' plan by bin-packing, in place by the time the
 * pods' scale-out starts (its own lead earlier), released only after the pods' scale-in.
 */
class NodePoolPlanTest {

    @TempDir
    Path dir;

    Planner.Result plan(String yaml) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        return TestScenarios.plan(s);
    }

    static Change only(List<Change> cs, String layer, Action a) {
        List<Change> m = cs.stream().filter(c -> c.layer().equals(layer) && c.action() == a).toList();
        assertEquals(1, m.size(), cs.toString());
        return m.get(0);
    }

    @Test
    void plan_nodePool_requestedItsLeadBeforeThePodsScaleOut_sizedByPacking() {
        Planner.Result r = plan(TestScenarios.NODE_POOL);
        Change pods = only(r.plan().changes(), "web", Action.SCALE_OUT);
        Change nodes = only(r.plan().changes(), "web-nodes", Action.SCALE_OUT);
        // nodes serve from the minute the pods are requested; requested warm-up 6m + lead 2m before that
        assertEquals(pods.at(), nodes.neededAt(), nodes.toString());
        assertEquals(pods.at().minus(Duration.ofMinutes(8)), nodes.at(), nodes.toString());
        // 7 pods per node (cpu-bound), 10% headroom: ceil(pods / 6.3)
        assertTrue(pods.to() > 50, pods.toString());
        assertEquals((int) Math.ceil(pods.to() / (7 * 0.9) - 1e-9), nodes.to(), nodes + " for " + pods);
        assertEquals(2, nodes.from());
        assertTrue(nodes.reason().contains(pods.to() + " pods at 7 per node (cpu-bound) with 10% headroom need "
                + nodes.to() + " nodes"), nodes.reason());
        assertTrue(nodes.reason().contains("requested 8m ahead (warm-up 6m + lead 2m)"), nodes.reason());
    }

    @Test
    void plan_nodePool_releasedACooldownAfterThePodsScaleIn() {
        Planner.Result r = plan(TestScenarios.NODE_POOL);
        Change pods = only(r.plan().changes(), "web", Action.SCALE_IN);
        Change nodes = only(r.plan().changes(), "web-nodes", Action.SCALE_IN);
        assertEquals(pods.at().plus(Duration.ofMinutes(10)), nodes.at(), nodes.toString());
        assertEquals(2, nodes.to());
        assertTrue(nodes.reason().startsWith("web scaled in to 10 pods at "), nodes.reason());
        assertEquals(List.of("FINAL"), nodes.events());
    }

    @Test
    void plan_nodePool_everyMinuteHoldsThePodsRequested() {
        // given the pods' and the nodes' schedules on one grid
        Planner.Result r = plan(TestScenarios.NODE_POOL);
        LayerSchedule pods = r.schedules().stream().filter(s -> s.forecast().layer().name().equals("web"))
                .findFirst().orElseThrow();
        LayerSchedule nodes = r.schedules().stream().filter(s -> s.forecast().layer().name().equals("web-nodes"))
                .findFirst().orElseThrow();
        // then at no minute do the nodes planned hold fewer pods than are requested (a node fits 7, 10% kept)
        for (int i = 0; i < pods.requested().length; i++) {
            assertTrue(nodes.planned()[i] * 7 * 0.9 + 1e-9 >= pods.requested()[i] || nodes.planned()[i] == 200,
                    "minute " + i + ": " + nodes.planned()[i] + " nodes for " + pods.requested()[i] + " pods");
        }
        assertEquals(r.forecast().layer("web-nodes").orElseThrow().peakLoad(), nodes.forecast().peakLoad(), 1e-9);
    }

    @Test
    void plan_nodePoolListedFirst_sameChanges() {
        // the carrier before the layer it carries in the file: sized after it all the same
        String v = TestScenarios.NODE_POOL;
        int web = v.indexOf("  - name: web\n");
        int nodes = v.indexOf("  - name: web-nodes\n");
        int end = v.indexOf("baseline:");
        String swapped = v.substring(0, web) + v.substring(nodes, end) + v.substring(web, nodes) + v.substring(end);
        List<Change> a = plan(v).plan().changes();
        List<Change> b = plan(swapped).plan().changes();
        assertEquals(a, b);
    }

    @Test
    void simulate_nodePool_shortWhenThePodsARunNeedsOutgrowItsNodes() {
        // given: the plan for P90 of 1M viewers; runs draw audiences around it
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", TestScenarios.NODE_POOL
                .replace("base: {p50: 1M, p90: 1M}", "base: {p50: 800k, p90: 1M}"))));
        Planner.Result p = TestScenarios.plan(s);
        var r = io.prescale.planner.simulate.Simulation.prepare(s, p, List.of()).run(400, 7, 1, null);
        var pods = r.layers().stream().filter(l -> l.name().equals("web")).findFirst().orElseThrow();
        var nodes = r.layers().stream().filter(l -> l.name().equals("web-nodes")).findFirst().orElseThrow();
        // then: the nodes' load is the pods the runs need, in pods, and they run short in runs the pods do
        assertEquals("pods", nodes.metric());
        assertEquals(pods.units().p90(), nodes.peakLoad().p90(), 1.0); // quantiles of whole pods, interpolated
        assertTrue(nodes.exceeded().probability() > 0 && nodes.exceeded().probability() <= pods.exceeded().probability() + 1e-9,
                nodes.exceeded() + " vs " + pods.exceeded());
    }
}
