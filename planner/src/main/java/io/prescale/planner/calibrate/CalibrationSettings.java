package io.prescale.planner.calibrate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a calibration fits on.
 *
 * @param layer     the layer whose trace is fitted; empty means the scenario's only layer
 * @param events    ids of the events to fit on; empty means every event kicking off in {@code [from, until)}
 * @param from      first kickoff to fit on (inclusive), when no ids are given
 * @param until     kickoffs before this instant, when no ids are given
 * @param weighting how minute errors are weighed against each other
 */
public record CalibrationSettings(Optional<String> layer, List<String> events, Optional<Instant> from,
                                  Optional<Instant> until, Weighting weighting, Optional<Duration> halfLife) {
    public static final CalibrationSettings DEFAULT =
            new CalibrationSettings(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Weighting.ABSOLUTE);

    /** Every fitted minute weighs the same. */
    public CalibrationSettings(Optional<String> layer, List<String> events, Optional<Instant> from,
                               Optional<Instant> until, Weighting weighting) {
        this(layer, events, from, until, weighting, Optional.empty());
    }

    /** The same settings with evidence weighed by its age: a weight that halves every {@code h}. */
    public CalibrationSettings withHalfLife(Duration h) {
        return new CalibrationSettings(layer, events, from, until, weighting, Optional.of(h));
    }

    /** How much evidence {@code ageMinutes} old weighs against the newest (1 without a half-life). */
    public double weightOfAge(double ageMinutes) {
        return halfLife.map(h -> Math.pow(0.5, Math.max(0, ageMinutes) / Math.max(1, h.toMinutes()))).orElse(1.0);
    }

    /**
     * {@code ABSOLUTE}: errors in rps, so the busiest minutes, which capacity is sized for, weigh most (the
     * default); {@code RELATIVE}: each minute's error as a fraction of the real load, so a quiet weekend match
     * counts as much as a busy final.
     */
    public enum Weighting {
        RELATIVE, ABSOLUTE
    }

    public CalibrationSettings {
        layer = layer == null ? Optional.empty() : layer;
        events = events == null ? List.of() : List.copyOf(events);
        from = from == null ? Optional.empty() : from;
        until = until == null ? Optional.empty() : until;
        Objects.requireNonNull(weighting, "weighting");
        halfLife = halfLife == null ? Optional.empty() : halfLife;
        if (halfLife.isPresent() && (halfLife.get().isNegative() || halfLife.get().isZero())) {
            throw new IllegalArgumentException("a half-life must be positive: " + halfLife.get());
        }
    }
}
