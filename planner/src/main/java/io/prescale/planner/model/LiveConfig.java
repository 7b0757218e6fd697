package io.prescale.planner.model;

import io.prescale.planner.diag.SourceLocation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The closed loop ({@code live:} in prescale.yaml): which layers a metric source observes during events and how the
 * live controller weighs what it reads. A layer with a source is planned for the loop: the plan holds its capacity
 * until the latest possible whistle plus cool-down and then follows the forecast's tail down, because the controller
 * raises it again if the tail is heavier than forecast.
 *
 * @param observe    the metric source per layer name
 * @param quantile   the upper quantile the controller covers (empty: the plan's)
 * @param delay      the age of the newest sample when a decision is made (scrape interval, metric period)
 * @param staleAfter no sample for this long beyond the delay: the source is stale and the plan's capacity is kept
 * @param tick       how often the controller decides
 * @param learn      the daemon's re-calibration after each event, when configured
 */
public record LiveConfig(Map<String, Observe> observe, OptionalDouble quantile, Duration delay, Duration staleAfter,
                         Duration tick, java.util.Optional<LearnSettings> learn) {
    public static final LiveConfig NONE = new LiveConfig(Map.of(), OptionalDouble.empty(), Duration.ofMinutes(3),
            Duration.ofMinutes(5), Duration.ofMinutes(1));

    /** No re-calibration. */
    public LiveConfig(Map<String, Observe> observe, OptionalDouble quantile, Duration delay, Duration staleAfter,
                      Duration tick) {
        this(observe, quantile, delay, staleAfter, tick, java.util.Optional.empty());
    }

    public LiveConfig {
        observe = Map.copyOf(observe);
        Objects.requireNonNull(quantile, "quantile");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(tick, "tick");
        learn = learn == null ? java.util.Optional.empty() : learn;
    }

    public boolean observes(String layer) {
        return observe.containsKey(layer);
    }

    /**
     * One layer's metric source: its type ({@code prometheus}, {@code cloudwatch}, {@code trace}) and its settings
     * as written (checked against the type's keys when loaded; secrets are never here, only the names of the
     * environment variables that hold them).
     */
    public record Observe(String layer, String type, Map<String, String> settings, SourceLocation source) {
        public Observe {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(type, "type");
            settings = Map.copyOf(settings);
        }
    }
}
