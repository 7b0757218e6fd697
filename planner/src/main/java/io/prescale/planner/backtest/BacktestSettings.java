package io.prescale.planner.backtest;

import io.prescale.planner.live.LiveSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backtest runs.
 *
 * @param layers         layers to backtest; empty means every layer the trace has a series for
 * @param unnamedLayer   the layer a trace's unnamed series (one {@code requests} column) belongs to; empty means
 *                       the scenario's only layer
 * @param reactive       the reactive baseline's settings
 * @param live           the live controller's settings for the {@code live} strategy (its quantile is the
 *                       plan's, its source delay the reactive baseline's reaction delay)
 * @param pricePerUnitHour price of one unit for one hour, per layer; a layer without a price reports unit-hours
 *                       and no cost
 */
public record BacktestSettings(List<String> layers, Optional<String> unnamedLayer, ReactiveSettings reactive,
                               Map<String, Double> pricePerUnitHour, LiveSettings live) {
    public static final BacktestSettings DEFAULT =
            new BacktestSettings(List.of(), Optional.empty(), ReactiveSettings.DEFAULT, Map.of());

    /** With the live controller's default settings (its source delay is the reactive baseline's delay). */
    public BacktestSettings(List<String> layers, Optional<String> unnamedLayer, ReactiveSettings reactive,
                            Map<String, Double> pricePerUnitHour) {
        this(layers, unnamedLayer, reactive, pricePerUnitHour, LiveSettings.DEFAULT);
    }

    public BacktestSettings {
        layers = List.copyOf(layers);
        unnamedLayer = unnamedLayer == null ? Optional.empty() : unnamedLayer;
        Objects.requireNonNull(reactive, "reactive");
        Objects.requireNonNull(live, "live");
        pricePerUnitHour = Map.copyOf(pricePerUnitHour);
        pricePerUnitHour.forEach((k, v) -> {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("price of layer " + k + " must not be negative, got " + v);
            }
        });
    }
}
