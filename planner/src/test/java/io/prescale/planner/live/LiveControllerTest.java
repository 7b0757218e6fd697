package io.prescale.planner.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.planner.sizing.CapacitySizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live controller on the 1998 World Cup closed-loop example's plan, fed synthetic loads whose truth is known:
 * the median forecast scaled by a chosen audience factor.
 */
class LiveControllerTest {
    private static final Path LIVE = Path.of("../examples/worldcup-1998-website/loop/live");

    private static Scenario scenario;
    private static Planner.Result plan;
    private static Forecast median;
    private static LiveLayer layer;

    @BeforeAll
    static void planTheLiveLoop() {
        scenario = ScenarioLoader.load(LIVE, Optional.empty(), Instant.EPOCH);
        Instant at = scenario.plan().from().orElseThrow();
        plan = Planner.plan(scenario, at, at, new ObservedState("baseline", at, scenario.baseline()));
        median = new RpsForecaster().forecast(scenario, at, 0.5, e -> true);
        layer = LiveLayer.of(scenario.layers().get(0), median, plan.forecast(), plan.schedules().get(0).requested());
    }

    /** The load a match would bring with {@code factor} times the median audience, on the background. */
    static double[] loadAt(double factor) {
        double[] obs = new double[layer.length()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = layer.background() + factor * layer.shape()[i];
        }
        return obs;
    }

    static int busiestMinute() {
        int best = 0;
        for (int i = 0; i < layer.length(); i++) {
            if (layer.shape()[i] > layer.shape()[best]) {
                best = i;
            }
        }
        return best;
    }

    static int[] run(LiveController c, double[] observed) {
        int[] units = new int[layer.length()];
        for (int i = 0; i < units.length; i++) {
            units[i] = c.tick(i, observed).units();
        }
        return units;
    }

    @Test
    void tick_audienceTwiceTheMedian_raisesAboveThePlanInTimeForThePeak() {
        // given: the busiest slot draws twice the median audience, above the plan's P90
        double[] observed = loadAt(2.0);
        int peak = busiestMinute();
        Layer l = layer.layer();
        int needed = CapacitySizer.bounded(l, observed[peak]);
        assertTrue(needed > layer.floor()[peak], "the plan alone must be short for this test to mean anything: plan "
                + layer.floor()[peak] + ", needed " + needed);

        // when
        int[] units = run(new LiveController(layer, LiveSettings.DEFAULT), observed);

        // then: what was asked for by peak minus warm-up serves at the peak
        int warm = LiveLayer.minutes(l.warmup().toSeconds());
        assertTrue(units[peak - warm] >= needed, "asked " + units[peak - warm] + " by " + warm + " min before the peak, "
                + "needed " + needed);
    }

    @Test
    void tick_audienceAsTheMedianInPlay_asksForNoMoreThanThePlan() {
        double[] observed = loadAt(1.0);
        int[] units = run(new LiveController(layer, LiveSettings.DEFAULT), observed);

        // half an hour into the busiest match: far from the whistle and its surge buffer
        EventTimeline busiest = plan.forecast().events().stream()
                .max((x, y) -> Double.compare(x.peakAudience(), y.peakAudience())).orElseThrow();
        int inPlay = Math.toIntExact(busiest.kickoff() + 30 - layer.gridStart());
        assertEquals(layer.floor()[inPlay], units[inPlay], "the plan (P90) already covers a median audience");
    }

    @Test
    void tick_approachingTheWhistle_holdsASurgeBufferAboveTheLevel() {
        double[] observed = loadAt(1.0);
        int[] units = run(new LiveController(layer, LiveSettings.DEFAULT), observed);

        int peak = busiestMinute();
        int needed = CapacitySizer.bounded(layer.layer(), observed[peak]);
        assertTrue(units[peak] > needed, "at the whistle's peak the controller holds more than the median load needs: "
                + units[peak] + " vs " + needed);
    }

    @Test
    void tick_sourceSilent_keepsThePlanAndNeverLowersDuringAnEvent() {
        double[] silent = new double[layer.length()];
        Arrays.fill(silent, Double.NaN);
        LiveController c = new LiveController(layer, LiveSettings.DEFAULT);

        int before = 0;
        for (int i = 0; i < layer.length(); i++) {
            Decision d = c.tick(i, silent);
            assertTrue(d.units() >= layer.floor()[i], "below the plan at " + i);
            assertTrue(d.state() == Decision.State.STALE || d.state() == Decision.State.IDLE, d.toString());
            if (d.state() == Decision.State.STALE) {
                // blind, it does not follow the plan's tail down: it keeps what it had
                assertTrue(d.units() >= before, "lowered from " + before + " to " + d.units() + " at " + i);
            }
            before = d.units();
        }
    }

    @Test
    void tick_negativeAndNaNSamples_areIgnoredAndNeverLowerCapacity() {
        double[] observed = loadAt(2.0);
        int[] clean = run(new LiveController(layer, LiveSettings.DEFAULT), observed);
        double[] dirty = observed.clone();
        for (int i = 0; i < dirty.length; i += 7) {
            dirty[i] = i % 2 == 0 ? -5 : Double.NaN;
        }

        int[] withGarbage = run(new LiveController(layer, LiveSettings.DEFAULT), dirty);

        for (int i = 0; i < clean.length; i++) {
            assertTrue(withGarbage[i] >= layer.floor()[i], "below the plan at " + i);
        }
        int peak = busiestMinute();
        assertTrue(withGarbage[peak] >= clean[peak] - 1, "garbage samples cost the peak " + clean[peak] + " -> "
                + withGarbage[peak]);
    }

    @Test
    void tick_samplesAfterItsSourceDelay_changeNoDecision() {
        // given: a decision at minute t may read samples up to t - delay; everything later is changed wildly
        double[] observed = loadAt(1.6);
        int delay = LiveLayer.minutes(LiveSettings.DEFAULT.sourceDelay().toSeconds());
        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            int t = busiestMinute() - 60 + random.nextInt(120);
            double[] future = observed.clone();
            for (int i = t - delay + 1; i < future.length; i++) {
                future[i] = observed[i] * (0.2 + 5 * random.nextDouble());
            }
            LiveController a = new LiveController(layer, LiveSettings.DEFAULT);
            LiveController b = new LiveController(layer, LiveSettings.DEFAULT);
            int[] ua = new int[t + 1];
            int[] ub = new int[t + 1];

            // when
            for (int i = 0; i <= t; i++) {
                ua[i] = a.tick(i, observed).units();
                ub[i] = b.tick(i, future).units();
            }

            // then
            assertArrayEquals(ua, ub, "decisions up to minute " + t + " changed with samples after t - delay");
        }
    }

    @Test
    void tick_afterTheLatestWhistle_followsTheTailDownButNeverBelowThePlan() {
        double[] observed = loadAt(2.0);
        int[] units = run(new LiveController(layer, LiveSettings.DEFAULT), observed);
        EventTimeline busiest = plan.forecast().events().stream()
                .max((x, y) -> Double.compare(x.peakAudience(), y.peakAudience())).orElseThrow();
        int end = Math.toIntExact(busiest.windowEnd() - layer.gridStart()) - 1;
        int peak = busiestMinute();

        int top = Arrays.stream(units, peak - 30, peak + 30).max().orElseThrow();
        assertTrue(units[end] < top, "still at the peak's " + top + " at the end of the window");
        for (int i = 0; i < units.length; i++) {
            assertTrue(units[i] >= layer.floor()[i], "below the plan at " + i);
        }
    }
}
