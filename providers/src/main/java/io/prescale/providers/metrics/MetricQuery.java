package io.prescale.providers.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * What to read: one layer's load per minute over epoch minutes {@code [fromMinute, toMinute)}.
 *
 * @param ceiling a value above this is absurd (a unit or query mistake): dropped and reported; the layer's max
 *                capacity times a large factor is a good ceiling
 * @param timeout the deadline of the whole read
 */
public record MetricQuery(String layer, long fromMinute, long toMinute, double ceiling, Duration timeout) {
    public MetricQuery {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(timeout, "timeout");
        if (toMinute <= fromMinute) {
            throw new IllegalArgumentException("empty range " + fromMinute + ".." + toMinute);
        }
        if (toMinute - fromMinute > MetricRead.MAX_MINUTES) {
            throw new IllegalArgumentException("at most " + MetricRead.MAX_MINUTES + " minutes per read, asked "
                    + (toMinute - fromMinute));
        }
    }

    public int minutes() {
        return (int) (toMinute - fromMinute);
    }
}
