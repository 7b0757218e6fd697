package io.prescale.planner.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a scenario is planned.
 *
 * @param from     the instant to plan from when none is given on the command line (examples set it so their
 *                 figures are reproducible); otherwise the current time
 * @param quantile which quantile of each audience estimate to size for (0.9 = P90)
 * @param maxAge   how old a saved plan may be when applied
 * @param horizon  how far ahead of {@code from} events are planned
 */
public record PlanSettings(Optional<Instant> from, double quantile, Duration maxAge, Duration horizon) {
    public static final PlanSettings DEFAULT =
            new PlanSettings(Optional.empty(), 0.9, Duration.ofHours(1), Duration.ofDays(60));
}
