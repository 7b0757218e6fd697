package io.prescale.providers.k8s;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A scenario written to a folder and loaded as every command loads it, target checks included. */
final class ScenarioFixture {
    private ScenarioFixture() {
    }

    static Scenario load(Path dir, String yaml) throws IOException {
        Files.writeString(dir.resolve("prescale.yaml"), yaml);
        return ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
    }
}
