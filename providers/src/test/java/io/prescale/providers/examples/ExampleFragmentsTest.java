package io.prescale.providers.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.planner.calibrate.FragmentWriter;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The planner's FragmentWriterTest for the examples with a load balancer: their layers written as fragments (the
 * target's sizing settings with them, no rpsPerUnit) load back and forecast the same, every LCU dimension included.
 */
class ExampleFragmentsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"clevertap-ipl", "invidi-ads", "tv-call-to-action"})
    void fragments_ofAnExampleWithALoadBalancer_loadBackAndForecastTheSame(String example) throws IOException {
        // given
        Scenario original = ExampleScenarios.load(Path.of("../examples", example));
        Map<String, String> files = FragmentWriter.fragments(original, List.of("written by ExampleFragmentsTest"));

        // when
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: fragments
                zone: %s
                events:
                  - {id: placeholder, stage: custom:x, kickoff: 2026-01-01T00:00:00Z, audience: 1}
                audience: audience.yaml
                shapes: shapes.yaml
                layers: layers.yaml
                """.formatted(original.zone()));
        Scenario loaded = ExampleScenarios.load(dir);
        Scenario rebuilt = new Scenario(original.name(), original.description(), original.zone(), original.plan(),
                original.events(), loaded.audience(), loaded.shapes(), original.shapeByStage(), original.defaultShape(),
                loaded.layers(), original.baseline(), original.inputs(), original.warnings());

        // then
        assertEquals(files, FragmentWriter.fragments(rebuilt, List.of("written by ExampleFragmentsTest")));
        Instant at = ScenarioLoader.effectiveAt(original, Optional.empty(), Instant.EPOCH);
        Forecast a = new RpsForecaster().forecast(original, at, original.plan().quantile(), e -> true);
        Forecast b = new RpsForecaster().forecast(rebuilt, at, original.plan().quantile(), e -> true);
        for (int i = 0; i < a.layers().size(); i++) {
            LayerForecast x = a.layers().get(i);
            LayerForecast y = b.layers().get(i);
            assertArrayEquals(x.load(), y.load(), 1e-6 * x.peakLoad(), example + " layer " + x.layer().name());
            assertEquals(x.dimensionLoads().length, y.dimensionLoads().length, x.layer().name());
            for (int d = 0; d < x.dimensionLoads().length; d++) {
                double peak = java.util.Arrays.stream(x.dimensionLoads()[d]).max().orElse(0);
                assertArrayEquals(x.dimensionLoads()[d], y.dimensionLoads()[d], 1e-6 * peak + 1e-9,
                        example + " " + x.layer().dimensions().get(d).name());
            }
        }
    }
}
