package io.prescale.providers.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Resources;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figures examples/invidi-ads/README.md says the plan reproduces. */
class InvidiAdsExampleTest {
    static Plan plan;

    @BeforeAll
    static void planIt() {
        Scenario s = ExampleScenarios.load(Path.of("../examples/invidi-ads"));
        plan = ExampleScenarios.plan(s).plan();
    }

    private static LayerSummary layer(String name) {
        return plan.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static Change change(String layer, String event, Action a) {
        return plan.changes().stream().filter(c -> c.layer().equals(layer) && c.action() == a
                && c.events().contains(event)).findFirst().orElseThrow();
    }

    @Test
    void plan_final_adEdgeWithin50To400InstancesAt400RpsEach() {
        LayerSummary edge = layer("ad-edge");
        assertEquals(131_000, edge.peakRps(), 1_000);
        assertEquals(386, edge.peakUnits());
        // the forecast itself needs 386, not a figure clipped at max: the unbounded need and no clipped-at-max warning
        assertEquals(386, edge.neededUnits());
        assertTrue(plan.diagnostics().stream().noneMatch(d -> d.summary().contains("layer ad-edge needs")),
                plan.diagnostics().toString());
        assertEquals("FINAL", edge.drivenBy());
        assertEquals(Instant.parse("2026-07-19T20:51:00Z"), edge.peakAt(), "the final's full-time ad break");
    }

    @Test
    void plan_midRollTracking_nearOneMillionRps_farAboveAdRequests() {
        LayerSummary buffer = layer("tracking-buffer");
        assertEquals(958_000, buffer.peakRps(), 10_000);
        assertTrue(buffer.peakRps() > 0.9e6 && buffer.peakRps() < 1.1e6);
        assertTrue(buffer.peakRps() > 7 * layer("ad-edge").peakRps());
        assertEquals(1130, buffer.peakUnits());
        assertEquals(100, buffer.min());
        assertEquals(1200, buffer.max());
        // 958k beacon requests a second of 700 B: 2,415 GB/h, 2,684 LCU with 10% headroom, 2,700 in steps of 50
        assertEquals(2700, layer("tracking-lb").peakUnits());
        assertEquals("processed bytes", layer("tracking-lb").dimension());
        assertEquals(java.util.Map.of("processed bytes", 2700, "rule evaluations", 1100, "active connections", 300,
                "new connections", 150), layer("tracking-lb").dimensionUnits());
        assertEquals(144, layer("beacon-processor").peakUnits());
    }

    @Test
    void plan_preScaleFollowsEstimatedViewers() {
        assertEquals(304, change("ad-edge", "USA-PAR", Action.SCALE_OUT).to());
        assertEquals(222, change("ad-edge", "MEX-KOR", Action.SCALE_OUT).to());
        assertEquals(380, change("ad-edge", "R16-USA", Action.SCALE_OUT).to());
        assertEquals(386, change("ad-edge", "FINAL", Action.SCALE_OUT).to());
    }

    @Test
    void plan_final_preScaledBeforeTheRampInDependencyOfLeadTimes() {
        // the load balancer is needed from the ramp's first viewers (18:15Z, their connections), an hour ahead
        assertEquals(Instant.parse("2026-07-19T17:15:00Z"), change("tracking-lb", "FINAL", Action.PREWARM).at());
        assertEquals(Instant.parse("2026-07-19T18:35:00Z"), change("tracking-buffer", "FINAL", Action.SCALE_OUT).at());
        Change edge = change("ad-edge", "FINAL", Action.SCALE_OUT);
        assertEquals(Instant.parse("2026-07-19T18:40:00Z"), edge.at());
        assertEquals(50, edge.from());
        assertEquals(Instant.parse("2026-07-19T18:49:00Z"), change("beacon-processor", "FINAL", Action.SCALE_OUT).at());
    }

    @Test
    void plan_knockout_holdsThroughExtraTimeAndPenaltiesThenBackToMin() {
        Change group = change("ad-edge", "USA-PAR", Action.SCALE_IN);
        Change fin = change("ad-edge", "FINAL", Action.SCALE_IN);
        assertEquals(Instant.parse("2026-07-19T22:17:00Z"), fin.at());
        assertEquals(50, fin.to());
        // kickoff 21:00 EDT -> 03:27Z scale-in for the group match: 147 minutes after kickoff vs 197 for the final
        assertEquals(147, java.time.Duration.between(Instant.parse("2026-06-13T01:00:00Z"), group.at()).toMinutes());
        assertEquals(197, java.time.Duration.between(Instant.parse("2026-07-19T19:00:00Z"), fin.at()).toMinutes());
    }

    @Test
    void plan_beaconNodes_fivePodsANodeCpuBound_32NodesAheadOfThePodsAndReleasedAfterThem() {
        // inputs, as the README's table gives them
        Scenario s = ExampleScenarios.load(Path.of("../examples/invidi-ads"));
        var nodes = s.layer("beacon-nodes").orElseThrow();
        var carries = nodes.carries().orElseThrow();
        assertEquals("beacon-processor", carries.layer());
        assertEquals(new Resources(1500, 2L << 30), carries.requests());
        assertEquals(new Resources(7910, 14L << 30), carries.allocatable());
        assertEquals(new Resources(400, 1L << 30), carries.overhead());
        assertEquals(0.10, nodes.headroom(), 1e-9);
        assertEquals(java.time.Duration.ofMinutes(3), nodes.warmup());
        assertEquals(java.time.Duration.ofMinutes(1), nodes.leadTime());
        assertEquals(java.time.Duration.ofMinutes(15), nodes.cooldown());
        assertEquals(List.of(5, 70), List.of(nodes.min(), nodes.max()));
        var target = nodes.target();
        assertEquals("k8s-karpenter-nodepool", target.type());
        assertEquals("beacon-processor", target.name());
        assertEquals(List.of("8", "16Gi", "640", "ads/beacon-nodes-placeholder"), List.of(
                target.settings().get("nodeCpu"), target.settings().get("nodeMemory"), target.settings().get("maxCpu"),
                target.settings().get("placeholders")));
        // derived at load: what a placeholder requests is what a node leaves free
        assertEquals("7510m", target.settings().get("podCpu"));
        assertEquals("13Gi", target.settings().get("podMemory"));

        // outputs: (7910m - 400m) / 1500m = 5.01 by cpu, 13Gi / 2Gi = 6.5 by memory: 5 a node
        Resources free = carries.free();
        assertEquals(5.01, (double) free.milliCpu() / carries.requests().milliCpu(), 0.005);
        assertEquals(6.5, (double) free.memoryBytes() / carries.requests().memoryBytes(), 1e-9);
        assertEquals(5, carries.perUnit());
        LayerSummary pool = layer("beacon-nodes");
        assertEquals(32, pool.peakUnits(), "144 / (5 x 90%) = 32");
        assertEquals(144, layer("beacon-processor").peakUnits());
        assertEquals(Instant.parse("2026-07-19T18:49:00Z"), pool.peakAt(), "when the final's pods are requested");
        Change out = change("beacon-nodes", "FINAL", Action.SCALE_OUT);
        assertEquals(List.of(5, 32), List.of(out.from(), out.to()));
        assertEquals(Instant.parse("2026-07-19T18:45:00Z"), out.at(), "4 minutes before the pods' 18:49Z");
        assertEquals(Instant.parse("2026-07-19T22:47:00Z"), change("beacon-nodes", "FINAL", Action.SCALE_IN).at(),
                "the pods' scale-in at 22:32Z plus 15 minutes");
        assertEquals(Instant.parse("2026-07-19T22:32:00Z"), change("beacon-processor", "FINAL", Action.SCALE_IN).at());
        assertEquals(26, change("beacon-nodes", "USA-PAR", Action.SCALE_OUT).to());
        assertEquals(113, change("beacon-processor", "USA-PAR", Action.SCALE_OUT).to());
        assertEquals(19, change("beacon-nodes", "MEX-KOR", Action.SCALE_OUT).to());
        assertEquals(83, change("beacon-processor", "MEX-KOR", Action.SCALE_OUT).to());
        // the limit cap holds the layer's max: 70 x 8 = 560 cpu, within 640
        assertEquals(560_000, nodes.max() * Resources.milliCpu(target.settings().get("nodeCpu")));
        assertTrue(560_000 <= Resources.milliCpu(target.settings().get("maxCpu")));
    }

    @Test
    void plan_counts() {
        List<Change> cs = plan.changes();
        assertEquals(40, cs.size());
        assertEquals(16, cs.stream().filter(c -> c.action() == Action.SCALE_OUT).count());
        assertEquals(4, cs.stream().filter(c -> c.action() == Action.PREWARM).count());
        assertEquals(20, cs.stream().filter(c -> c.action() == Action.SCALE_IN).count());
        assertTrue(plan.diagnostics().isEmpty(), plan.diagnostics().toString());
    }
}
