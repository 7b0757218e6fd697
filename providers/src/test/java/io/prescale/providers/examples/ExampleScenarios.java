package io.prescale.providers.examples;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Loads and plans a shipped example with the shipped target types: the examples whose layers a provider sizes (a
 * load balancer's LCU from its dimensions) are tested here, where the providers are, not in the planner's tests.
 */
final class ExampleScenarios {
    private ExampleScenarios() {
    }

    static Scenario load(Path dir) {
        return ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
    }

    static Planner.Result plan(Scenario s) {
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), Instant.EPOCH);
        return Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
    }
}
