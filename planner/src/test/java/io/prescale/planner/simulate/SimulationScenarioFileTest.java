package io.prescale.planner.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.model.WhatIf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scenario file's {@code simulation:}, {@code prices:} and {@code whatIf:} sections: read, and validated. */
class SimulationScenarioFileTest {
    @TempDir
    Path dir;

    private static String scenario(String extra) {
        return SimScenarios.single("{p50: 1M, p90: 1.5M}", "- {type: per-viewer, every: 6s}", extra);
    }

    @Test
    void sections_readIntoTheScenario() {
        Scenario s = SimScenarios.load(dir, scenario("""
                prices: {l: 0.17/h, lcu: $0.008/h, pods: 1.2/day}
                whatIf:
                  storm: [surge.E=+10%@60m/5m, goals.mean=3.2]
                  big: {audience.E: x3, capacity.l: -33%}
                """).replace("simulation: {adBreakJitter: 0s}",
                "simulation: {goals: 3, extraTime: 25%, penalties: 0.4, adBreakJitter: 3m}"));
        SimulationSettings sim = s.simulation();
        assertEquals(3, sim.goalsPer90());
        assertEquals(0.25, sim.extraTime());
        assertEquals(0.4, sim.penalties());
        assertEquals(Duration.ofMinutes(3), sim.adBreakJitter());
        assertEquals(0.17, sim.prices().get("l"));
        assertEquals(0.008, sim.prices().get("lcu"));
        assertEquals(0.05, sim.prices().get("pods"), 1e-12, "1.2 a day");
        assertEquals(List.of("storm", "big"), List.copyOf(sim.whatIfs().keySet()));
        assertEquals(List.of(new WhatIf.Surge("surge.E=+10%@60m/5m", "E", 0.1, Duration.ofMinutes(60),
                Duration.ofMinutes(5)), new WhatIf.GoalsMean("goals.mean=3.2", 3.2)), sim.whatIfs().get("storm"));
        assertEquals(List.of(new WhatIf.EventAudience("audience.E=x3", "E", 3),
                new WhatIf.Capacity("capacity.l=-33%", "l", 0.67)), sim.whatIfs().get("big"));
    }

    @Test
    void sections_absent_giveTheDefaults() {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", scenario("")
                .replace("simulation: {adBreakJitter: 0s}\n", ""))));
        assertEquals(SimulationSettings.DEFAULT, s.simulation());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("price without a unit", "prices: {l: 0.17}", "prices.l",
                        "expected a price per unit-hour, e.g. 0.17/h"),
                Arguments.of("price for nothing", "prices: {nope: 0.17/h}", "prices.nope",
                        "prices names neither a layer nor a unit kind: 'nope'"),
                Arguments.of("unknown what-if key", "whatIf: {x: [audiance.E=x3]}", "whatIf.x[0]",
                        "unknown what-if key 'audiance.E'"),
                Arguments.of("what-if on an unknown event", "whatIf: {x: [audience.NOPE=x3]}", "whatIf.x[0]",
                        "no event 'NOPE'"),
                Arguments.of("what-if on an unknown layer", "whatIf: {x: {capacity.cdn: -33%}}", "whatIf.x.capacity.cdn",
                        "no layer 'cdn'"),
                Arguments.of("empty what-if", "whatIf: {x: []}", "whatIf.x", "needs at least one override"),
                Arguments.of("probability above 1", "simulation: {extraTime: 1.3}", "simulation.extraTime",
                        "percentage"),
                Arguments.of("unknown simulation field", "simulation: {goal: 3}", "simulation.goal",
                        "unknown field 'goal'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void sections_invalid_errorNamesFileLineAndField(String name, String section, String field, String message) {
        String yaml = scenario(section).replace("simulation: {adBreakJitter: 0s}\n", "");
        TestScenarios.write(dir, Map.of("prescale.yaml", yaml));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        Diagnostic d = e.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        int line = yaml.lines().toList().indexOf(section) + 1;
        assertTrue(d.location().file().endsWith("prescale.yaml"), d.format());
        assertEquals(line, d.location().line(), d.format());
        assertEquals(field, d.location().field(), d.format());
        assertTrue(d.format().contains(message), d.format());
    }
}
