package io.prescale.planner.backtest;

import java.time.Duration;
import java.util.Objects;

/**
 * The reactive baseline: a target-tracking autoscaler (as AWS Auto Scaling or a Kubernetes HPA). Each minute it
 * looks at the load of the minute {@code reactionDelay} ago (metric period, alarm evaluation) and wants
 * {@code load / (perUnit x targetUtilisation)} units, in steps, within min and max. New units serve after the
 * layer's warm-up; units warming up count as capacity, so it does not ask twice for the same load. It scales in
 * at once to what it wants, but not within {@code scaleInCooldown} of its last scaling activity.
 *
 * @param targetUtilisation the load per unit it aims at, as a fraction of the unit's full capacity
 */
public record ReactiveSettings(double targetUtilisation, Duration reactionDelay, Duration scaleInCooldown) {
    public static final ReactiveSettings DEFAULT = new ReactiveSettings(0.7, Duration.ofMinutes(3), Duration.ofMinutes(5));

    public ReactiveSettings {
        Objects.requireNonNull(reactionDelay, "reactionDelay");
        Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
        if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
            throw new IllegalArgumentException("target utilisation must be in (0, 1], got " + targetUtilisation);
        }
        if (reactionDelay.isNegative() || scaleInCooldown.isNegative()) {
            throw new IllegalArgumentException("reaction delay and cooldown must not be negative");
        }
    }
}
