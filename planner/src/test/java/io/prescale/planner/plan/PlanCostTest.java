package io.prescale.planner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's cost over its horizon against the baseline's, from the scenario's prices. */
class PlanCostTest {
    static final String YAML = """
            name: priced
            zone: Europe/London
            plan: {from: 2026-07-11T00:00:00Z, horizon: 1d}
            events:
              - {id: SEMI, stage: semi-final, kickoff: 2026-07-11T19:00:00+01:00, audience: {p50: 2M, p90: 3M}}
            layers:
              - name: api
                unit: instances
                rpsPerUnit: 500rps
                min: 4
                warmup: 5m
                terms: [{type: per-viewer, every: 60s}]
              - name: worker
                unit: instances
                rpsPerUnit: 2000rps
                min: 2
                terms: [{type: per-viewer, every: 60s}]
              - name: beacons
                unit: pods
                rpsPerUnit: 1000rps
                min: 3
                terms: [{type: per-viewer, every: 60s}]
            baseline: {api: 4, worker: 2, beacons: 3}
            %s
            """;

    @TempDir
    Path dir;

    private Plan plan(String prices) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", YAML.formatted(prices))));
        return TestScenarios.plan(s).plan();
    }

    /** Unit-hours of a layer from its changes alone: the observed units, then each change's target from its time. */
    private static double unitHoursFromChanges(Plan p, String layer, Instant until) {
        List<Change> cs = p.changes().stream().filter(c -> c.layer().equals(layer) && c.action() != Action.NO_OP)
                .toList();
        double hours = 0;
        Instant t = p.at();
        int units = p.observed().units().get(layer);
        for (Change c : cs) {
            hours += units * Duration.between(t, c.at()).toSeconds() / 3600.0;
            t = c.at();
            units = c.to();
        }
        return hours + units * Duration.between(t, until).toSeconds() / 3600.0;
    }

    @Test
    void plan_pricedLayers_costTheirRequestedUnitHours_againstTheBaselineKeptAllHorizon() {
        // given: api priced by name (over its unit kind's price), worker by its unit kind, beacons not at all
        Plan p = plan("prices: {api: 0.5/h, instances: 0.2/h}");

        // when
        PlanCost c = p.cost();

        // then: each priced layer's cost is what its changes keep in place, hour by hour, at its price
        PlanCost.LayerCost api = c.layers().get(0);
        PlanCost.LayerCost worker = c.layers().get(1);
        PlanCost.LayerCost beacons = c.layers().get(2);
        assertEquals(p.at(), c.from());
        double hours = Duration.between(c.from(), c.until()).toMinutes() / 60.0;
        assertTrue(hours >= 24, "the horizon: " + hours);
        assertTrue(p.changes().stream().anyMatch(x -> x.layer().equals("api") && x.action() == Action.SCALE_OUT),
                "the semi-final scales api out");
        assertEquals(unitHoursFromChanges(p, "api", c.until()), api.unitHours(), 1e-6);
        assertEquals(0.5, api.price());
        assertEquals(api.unitHours() * 0.5, api.cost(), 1e-6);
        assertEquals(4 * hours, api.baselineUnitHours(), 1e-6);
        assertEquals(0.2, worker.price(), "by unit kind");
        assertEquals(unitHoursFromChanges(p, "worker", c.until()) * 0.2, worker.cost(), 1e-6);
        assertFalse(beacons.priced());
        assertEquals(unitHoursFromChanges(p, "beacons", c.until()), beacons.unitHours(), 1e-6);
        assertEquals(0, beacons.cost());
        assertEquals(api.cost() + worker.cost(), c.planTotal(), 1e-6);
        assertEquals(api.baselineCost() + worker.baselineCost(), c.baselineTotal(), 1e-6);
        assertTrue(c.planTotal() > c.baselineTotal(), "a semi-final costs more than the baseline");
    }

    @Test
    void plan_noPrices_hasNoCost_andItsJsonSaysNothingOfIt() {
        // given
        Plan p = plan("");

        // then
        assertNull(p.cost());
        assertFalse(PlanJson.write(p).contains("\"cost\""));
        assertTrue(PlanJson.write(plan("prices: {pods: 0.05/h}")).contains("\"planTotal\""));
    }
}
