package io.prescale.planner.forecast;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-minute load of every layer over a grid of epoch minutes {@code [gridStart, gridStart + length)}, and the
 * events that make it.
 */
public record Forecast(Instant at, double quantile, long gridStart, int length, List<EventTimeline> events,
                       List<LayerForecast> layers) {

    public Instant minute(int index) {
        return Instant.ofEpochSecond((gridStart + index) * 60);
    }

    public int indexOf(Instant t) {
        return (int) (Math.floorDiv(t.getEpochSecond(), 60) - gridStart);
    }

    public Optional<LayerForecast> layer(String name) {
        return layers.stream().filter(l -> l.layer().name().equals(name)).findFirst();
    }
}
