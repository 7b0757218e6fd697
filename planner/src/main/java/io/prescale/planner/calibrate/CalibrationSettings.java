package io.prescale.planner.calibrate;

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
                                  Optional<Instant> until, Weighting weighting) {
    public static final CalibrationSettings DEFAULT =
            new CalibrationSettings(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Weighting.ABSOLUTE);

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
    }
}
