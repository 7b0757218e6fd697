package io.prescale.planner.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast path (precomputed curves, segments and hulls) against a full per-minute recomputation of each run. */
class FastPathTest {
    @TempDir
    Path dir;

    static Stream<Arguments> worlds() {
        return Stream.of(
                Arguments.of("as planned", new String[0]),
                Arguments.of("storm, heartbeat 5m, CDN -33%", new String[] {"surge.T1=+10%@60m/5m",
                        "heartbeat.heartbeat.every=5m", "capacity.cdn=-33%"}),
                Arguments.of("England in the final x3, many goals, wide jitter", new String[] {
                        "final.teams=England,France", "audience.FINAL=x3", "goals.mean=6", "adBreaks.jitter=5m",
                        "knockout.extraTime=80%"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void fastPath_everyLayerAndRun_equalsExactPath(String name, String[] whatIfs) {
        // given
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Simulation sim = SimScenarios.prepare(s, whatIfs);
        int exceeded = 0;
        int checked = 0;
        // when, then
        for (long seed : new long[] {1, 42, 20260611}) {
            for (int run = 0; run < 40; run++) {
                RunSample sample = sim.sample(seed, run);
                for (int l = 0; l < s.layers().size(); l++) {
                    RunLoad fast = sim.fast(l, sample);
                    RunLoad exact = sim.exact(l, sample);
                    String at = s.layers().get(l).name() + " seed " + seed + " run " + run;
                    assertEquals(exact.peak(), fast.peak(), 1e-9 * exact.peak(), at + " peak");
                    assertEquals(exact.loadMinutes(), fast.loadMinutes(), 1e-9 * exact.loadMinutes(), at + " load-minutes");
                    assertEquals(exact.neededLoadMinutes(), fast.neededLoadMinutes(), 1e-9 * exact.neededLoadMinutes(),
                            at + " load-minutes at least the floor");
                    assertEquals(exact.exceeded(), fast.exceeded(), at + " exceeded");
                    exceeded += exact.exceeded() ? 1 : 0;
                    checked++;
                }
            }
        }
        if (whatIfs.length == 0) {
            assertTrue(exceeded > 0 && exceeded < checked, "both outcomes occur: " + exceeded + " of " + checked);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void floorPath_minsAboveTheLoadInRampsAndBursts_neededLoadMinutesEqualExactPath(String name, String[] whatIfs) {
        // given: floors the event load crosses: edge's ramps (two and three events live too), ad-break bursts,
        // goal pushes and joins that fill part of the room below the floor
        String yaml = SimScenarios.TOURNAMENT.replace("min: 10\n", "min: 700\n")
                .replace("min: 5\n", "min: 3000\n").replace("min: 1\n", "min: 40\n");
        Scenario s = SimScenarios.load(dir, yaml);
        Simulation sim = SimScenarios.prepare(s, whatIfs);
        int edge = sim.layerIndex("edge");
        java.util.Set<Double> belowInMatches = new java.util.HashSet<>();
        // when, then
        for (long seed : new long[] {3, 99}) {
            for (int run = 0; run < 40; run++) {
                RunSample sample = sim.sample(seed, run);
                for (int l = 0; l < s.layers().size(); l++) {
                    RunLoad fast = sim.fast(l, sample);
                    RunLoad exact = sim.exact(l, sample);
                    String at = s.layers().get(l).name() + " seed " + seed + " run " + run;
                    assertEquals(exact.neededLoadMinutes(), fast.neededLoadMinutes(), 1e-9 * exact.neededLoadMinutes(),
                            at + " load-minutes at least the floor");
                    assertTrue(exact.neededLoadMinutes() >= exact.loadMinutes(), at);
                }
                RunLoad e = sim.exact(edge, sample);
                belowInMatches.add((double) Math.round(e.neededLoadMinutes() - e.loadMinutes()));
            }
        }
        // below the floor between matches alone, every run would fall short by the same amount
        assertTrue(belowInMatches.size() > 10, "match minutes below edge's floor differ by run: " + belowInMatches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worlds")
    void fastPath_scenarioHasEverySegmentKind(String name, String[] whatIfs) {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Simulation sim = SimScenarios.prepare(s, whatIfs);
        LayerModel edge = sim.layerModel(0);
        assertTrue(edge.soloEvent.length > 0, "one-event segments");
        assertTrue(edge.pairA.length > 0, "two-event segments");
        assertTrue(edge.brutes.length > 0, "three-event segments");
    }
}
