package io.prescale.planner.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fragments load back with the scenario loader and mean the same: for every example, its audience, shapes and
 * layers written as fragments and read back forecast exactly what the example forecasts.
 */
class FragmentWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    // the examples with a load balancer, whose units its target type sizes, are in the providers' ExampleFragmentsTest
    @ValueSource(strings = {"broadcaster-wc-2018", "conviva-fifa-2014", "nowtv-linear", "worldcup-1998-website"})
    void fragments_ofEveryExample_loadBackAndForecastTheSame(String example) {
        // given
        Scenario original = ScenarioLoader.load(Path.of("../examples", example), Optional.empty(), Instant.EPOCH);
        Map<String, String> files = FragmentWriter.fragments(original, List.of("written by FragmentWriterTest"));

        // when: a scenario made of the fragments (one placeholder event, so it loads), with the example's events;
        // kickoff rules are read in the zone of the scenario using the fragment
        TestScenarios.write(dir, files);
        TestScenarios.write(dir, Map.of("prescale.yaml", """
                name: fragments
                zone: %s
                events:
                  - {id: placeholder, stage: custom:x, kickoff: 2026-01-01T00:00:00Z, audience: 1}
                audience: audience.yaml
                shapes: shapes.yaml
                layers: layers.yaml
                """.formatted(original.zone())));
        Scenario loaded = TestScenarios.load(dir);
        Scenario rebuilt = new Scenario(original.name(), original.description(), original.zone(), original.plan(),
                original.events(), loaded.audience(), loaded.shapes(), original.shapeByStage(), original.defaultShape(),
                loaded.layers(), original.baseline(), original.inputs(), original.warnings());

        // then: the fragments of what was read are the fragments written, and the forecasts are the same
        assertEquals(files, FragmentWriter.fragments(rebuilt, List.of("written by FragmentWriterTest")));
        Instant at = ScenarioLoader.effectiveAt(original, Optional.empty(), Instant.EPOCH);
        Forecast a = new RpsForecaster().forecast(original, at, original.plan().quantile(), e -> true);
        Forecast b = new RpsForecaster().forecast(rebuilt, at, original.plan().quantile(), e -> true);
        assertEquals(a.layers().size(), b.layers().size());
        for (int i = 0; i < a.layers().size(); i++) {
            assertArrayEquals(a.layers().get(i).load(), b.layers().get(i).load(), 1e-6 * a.layers().get(i).peakLoad(),
                    example + " layer " + a.layers().get(i).layer().name());
        }
        assertTrue(files.get(FragmentWriter.AUDIENCE_FILE).startsWith("# written by FragmentWriterTest\naudience:\n"));
    }
}
