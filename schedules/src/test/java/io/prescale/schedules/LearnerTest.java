package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.providers.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's re-fit after an event, on the real 1998 trace read back through a trace source: the fragments in
 * force are the loop example's (fitted on June 10-18 with one constant background); the structure is the
 * walk-forward example's (a background profile by hour).
 */
class LearnerTest {
    static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website").toAbsolutePath().normalize();
    /** The night after June 18's matches. */
    static final Instant NOW = Instant.parse("1998-06-19T02:00:00Z");

    @TempDir
    Path dir;

    @BeforeEach
    void scenario() throws Exception {
        Path structure = Files.createDirectories(dir.resolve("structure"));
        Files.writeString(structure.resolve("prescale.yaml"), Files.readString(EXAMPLE.resolve("walk-forward/prescale.yaml"))
                .replace("file: ../schedule.csv", "file: " + EXAMPLE.resolve("schedule.csv")));
        Files.copy(EXAMPLE.resolve("walk-forward/layers.yaml"), structure.resolve("layers.yaml"));
        Path learned = Files.createDirectories(dir.resolve("learned"));
        for (String f : List.of("audience.yaml", "shapes.yaml", "layers.yaml")) {
            Files.copy(EXAMPLE.resolve("loop/calibrated").resolve(f), learned.resolve(f));
        }
        writeScenario(false);
    }

    void writeScenario(boolean acceptWorse) throws Exception {
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: learning
                zone: Europe/Paris
                plan: {quantile: p90, horizon: 8d}
                calendar: {file: %s, zone: Europe/Paris}
                audience: learned/audience.yaml
                shapes: learned/shapes.yaml
                layers: learned/layers.yaml
                baseline: {web: 4}
                live:
                  observe:
                    web: {type: trace, file: %s}
                  learn:
                    structure: structure
                    into: learned
                    halfLife: 7d
                    acceptWorse: %s
                """.formatted(EXAMPLE.resolve("schedule.csv"), EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"),
                acceptWorse));
    }

    Learner.Result learn(Instant now) {
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), now);
        return Learner.learn(s, dir, ProviderConfig.defaults(Clock.fixed(now, ZoneOffset.UTC)), now, Duration.ofSeconds(30));
    }

    @Test
    void learn_afterJuneEighteenth_writesVersionOneWithItsDiffAndAppliesItsBetterFit() throws Exception {
        // when
        Learner.Result r = learn(NOW);

        // then: a better fit than the single constant background in force, so applied, and said how it compares
        assertEquals(ExecutionState.DONE, r.outcome().state(), r.outcome().detail());
        LearnedVersions.Version v = r.version().orElseThrow();
        assertEquals(1, v.number());
        assertEquals("active", v.status());
        assertEquals(22, v.events());
        assertTrue(v.rmsRps() < v.previousRmsRps(), v.rmsRps() + " vs " + v.previousRmsRps());
        assertTrue(r.outcome().detail().startsWith("re-fit of web as version 1: fit RMS "), r.outcome().detail());
        LearnedVersions store = new LearnedVersions(dir.resolve("learned"));
        assertEquals(1, store.active());
        assertTrue(Files.readString(dir.resolve("learned/layers.yaml")).contains("      weekday: ["),
                "the active layer now has the fitted profile");
        String diff = store.diff(1).orElseThrow();
        assertTrue(diff.contains("--- layers.yaml\n") && diff.contains("-     background: 378.2rps\n"), diff);
        // the scenario, re-read, plans with the new fragments
        Scenario next = ScenarioLoader.load(dir, Optional.empty(), NOW);
        assertTrue(next.layer("web").orElseThrow().profile().isPresent());
    }

    @Test
    void learn_worseFitThanTheFragmentsInForce_isWrittenButNotAppliedUnlessAcceptWorse() throws Exception {
        // given: version 1 in force; then a structure whose match curve is wrong (no audience at half-time)
        learn(NOW);
        String active = Files.readString(dir.resolve("learned/shapes.yaml"));
        Path structure = dir.resolve("structure/prescale.yaml");
        Files.writeString(structure, Files.readString(structure).replace("halfTimeLevel: 105%", "halfTimeLevel: 0%")
                .replace("secondHalfLevel: 120%", "secondHalfLevel: 20%"));

        // when
        Learner.Result r = learn(NOW);

        // then: version 2 kept for the record, not applied, and the outcome says so
        LearnedVersions.Version v = r.version().orElseThrow();
        assertEquals(2, v.number());
        assertEquals("rejected", v.status());
        assertTrue(r.rejected());
        assertTrue(v.rmsRps() > v.previousRmsRps());
        assertTrue(r.outcome().detail().contains("NOT applied: its fit is worse"), r.outcome().detail());
        LearnedVersions store = new LearnedVersions(dir.resolve("learned"));
        assertEquals(1, store.active());
        assertEquals(active, Files.readString(dir.resolve("learned/shapes.yaml")));

        // and with acceptWorse: applied, and the outcome still says it is worse
        writeScenario(true);
        Learner.Result forced = learn(NOW);
        assertEquals("accepted-worse", forced.version().orElseThrow().status());
        assertTrue(forced.outcome().detail().contains("APPLIED although worse"), forced.outcome().detail());
        assertEquals(3, store.active());
        assertEquals(List.of(1, 2, 3), store.list().stream().map(LearnedVersions.Version::number).toList());
    }

    @Test
    void learn_sourceFileMissing_failsAndLeavesTheFragmentsInForce() throws Exception {
        // given
        Files.writeString(dir.resolve("prescale.yaml"), Files.readString(dir.resolve("prescale.yaml"))
                .replace(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv").toString(), "missing.csv"));
        String before = Files.readString(dir.resolve("learned/audience.yaml"));

        // when
        Learner.Result r = learn(NOW);

        // then
        assertEquals(ExecutionState.FAILED, r.outcome().state());
        assertTrue(r.outcome().detail().endsWith("the fragments in force stay"), r.outcome().detail());
        assertEquals(before, Files.readString(dir.resolve("learned/audience.yaml")));
        assertEquals(0, new LearnedVersions(dir.resolve("learned")).list().size());
    }
}
