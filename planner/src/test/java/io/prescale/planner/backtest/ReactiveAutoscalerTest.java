package io.prescale.planner.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reactive baseline on its own: reaction delay, warm-up, steps, bounds and the scale-in cooldown. */
class ReactiveAutoscalerTest {

    static Layer layer(int warmupMinutes, int min, int max, int step) {
        return new Layer("web", "", CapacityUnit.INSTANCES, Metric.RPS, 100, 0, min, max, step,
                Duration.ofMinutes(warmupMinutes), Duration.ZERO, Duration.ofMinutes(15), Duration.ofHours(4), 0, 1,
                List.of(new LoadTerm.PerViewer("v", 1, 1)), List.of(), List.of(), Target.planOnly(),
                SourceLocation.of("layers.yaml"));
    }

    static ReactiveSettings settings(double target, int delay, int cooldown) {
        return new ReactiveSettings(target, Duration.ofMinutes(delay), Duration.ofMinutes(cooldown));
    }

    @Test
    void reactive_stepUp_arrivesAfterDelayPlusWarmUp() {
        // given: 100 rps, then 1,000 from minute 2
        double[] rps = {100, 100, 1000, 1000, 1000, 1000, 1000, 1000, 1000};

        // when: target 100% (10 units for 1,000 rps), delay 2, warm-up 3
        CapacitySeries c = ReactiveAutoscaler.simulate(layer(3, 1, 100, 1), rps, settings(1.0, 2, 5));

        // then: seen at minute 4, requested then, serving at 7
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 10, 10}, c.serving());
        assertArrayEquals(new int[] {1, 1, 1, 1, 10, 10, 10, 10, 10}, c.running());
    }

    @Test
    void reactive_noDelayNoWarmUp_followsTheLoadAtItsTarget() {
        // given
        double[] rps = {100, 700, 1400, 350};

        // when: target 70%: a unit is wanted per 70 rps; no cooldown
        CapacitySeries c = ReactiveAutoscaler.simulate(layer(0, 1, 100, 1), rps, settings(0.7, 0, 0));

        // then
        assertArrayEquals(new int[] {2, 10, 20, 5}, c.serving());
        assertArrayEquals(c.serving(), c.running());
    }

    @Test
    void reactive_scaleIn_waitsForTheCooldownAfterItsLastScaling() {
        // given: a spike in minute 1 only
        double[] rps = {100, 1000, 100, 100, 100, 100, 100, 100};

        // when: no delay or warm-up, cooldown 3
        CapacitySeries c = ReactiveAutoscaler.simulate(layer(0, 1, 100, 1), rps, settings(1.0, 0, 3));

        // then: scaled out at 1, may scale in from 4
        assertArrayEquals(new int[] {1, 10, 10, 10, 1, 1, 1, 1}, c.serving());
    }

    @Test
    void reactive_unitsWarmingUp_countAsCapacity() {
        // given: the load stays high while the first request warms up
        double[] rps = {0, 1000, 1000, 1000, 1000, 1000};

        // when: warm-up 3, no delay
        CapacitySeries c = ReactiveAutoscaler.simulate(layer(3, 1, 100, 1), rps, settings(1.0, 0, 5));

        // then: asked once for 9 more, not every minute
        assertArrayEquals(new int[] {1, 1, 1, 1, 10, 10}, c.serving());
        assertArrayEquals(new int[] {1, 10, 10, 10, 10, 10}, c.running());
    }

    @ParameterizedTest(name = "{0} rps, step {1}, min {2}, max {3} -> {4} units")
    @CsvSource({
            "0, 1, 2, 100, 2",
            "350, 1, 1, 100, 5",
            "350, 4, 1, 100, 8",
            "99999, 1, 1, 30, 30",
    })
    void desired_unitsInStepsWithinBounds(double rps, int step, int min, int max, int expected) {
        assertEquals(expected, ReactiveAutoscaler.desired(layer(0, min, max, step), rps, 70));
    }
}
