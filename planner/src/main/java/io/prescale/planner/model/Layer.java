package io.prescale.planner.model;

import io.prescale.planner.diag.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One platform layer: how the audience loads it ({@code terms}), what one capacity unit carries ({@code perUnit}
 * in the layer's metric), and how it may be scaled.
 *
 * @param headroom      fraction of each unit kept spare: a unit is loaded to at most {@code perUnit * (1 - headroom)}
 * @param step          capacity changes in multiples of this many units
 * @param warmup        time from a scale request until new capacity serves
 * @param leadTime      extra margin before warm-up (a pre-warmed reservation can take much longer than instances)
 * @param cooldown      time after the latest possible end of the last live event before scaling in
 * @param coalesce      one pre-scale step covers the demand this far ahead (default 4h: a whole match in one step before its ramp); shorter gives several smaller steps
 * @param background    load present at all times (not tied to events), in the layer's metric
 * @param amplification multiplies the load, e.g. a Kafka replication factor of 2 writes every message twice
 * @param regions       events whose region is in this list load the layer; empty means all events
 * @param profile       the background by local hour and weekday/weekend, when the layer has one; {@code background}
 *                      is then its weekly mean, the figure used where a single number must stand for it
 * @param carries       when the layer is the capacity behind another (nodes for pods): which layer, and how many of
 *                      its units one of this layer's carries ({@code perUnit}); its load is that layer's units
 *                      ({@link Metric#PODS}), not the audience
 * @param dimensions    when the layer's target type sizes its units on several dimensions at once: the units needed
 *                      are the most any of them asks for ({@code perUnit} is then what a unit carries of the layer's
 *                      own metric, the yardstick simulate and backtest judge it by); empty for most layers
 */
public record Layer(
        String name,
        String description,
        CapacityUnit unit,
        Metric metric,
        double perUnit,
        double headroom,
        int min,
        int max,
        int step,
        Duration warmup,
        Duration leadTime,
        Duration cooldown,
        Duration coalesce,
        double background,
        double amplification,
        List<LoadTerm> terms,
        List<String> regions,
        List<DerivedUnit> derived,
        Target target,
        SourceLocation source,
        java.util.Optional<BackgroundProfile> profile,
        java.util.Optional<Carries> carries,
        List<Dimension> dimensions) {

    /** A layer with a constant background. */
    public Layer(String name, String description, CapacityUnit unit, Metric metric, double perUnit, double headroom,
                 int min, int max, int step, Duration warmup, Duration leadTime, Duration cooldown, Duration coalesce,
                 double background, double amplification, List<LoadTerm> terms, List<String> regions,
                 List<DerivedUnit> derived, Target target, SourceLocation source) {
        this(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown, coalesce,
                background, amplification, terms, regions, derived, target, source, java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    /** A layer that carries no other. */
    public Layer(String name, String description, CapacityUnit unit, Metric metric, double perUnit, double headroom,
                 int min, int max, int step, Duration warmup, Duration leadTime, Duration cooldown, Duration coalesce,
                 double background, double amplification, List<LoadTerm> terms, List<String> regions,
                 List<DerivedUnit> derived, Target target, SourceLocation source,
                 java.util.Optional<BackgroundProfile> profile) {
        this(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown, coalesce,
                background, amplification, terms, regions, derived, target, source, profile,
                java.util.Optional.empty());
    }

    /** A layer sized on its own metric (or the layer it carries), not on dimensions. */
    public Layer(String name, String description, CapacityUnit unit, Metric metric, double perUnit, double headroom,
                 int min, int max, int step, Duration warmup, Duration leadTime, Duration cooldown, Duration coalesce,
                 double background, double amplification, List<LoadTerm> terms, List<String> regions,
                 List<DerivedUnit> derived, Target target, SourceLocation source,
                 java.util.Optional<BackgroundProfile> profile, java.util.Optional<Carries> carries) {
        this(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown, coalesce,
                background, amplification, terms, regions, derived, target, source, profile, carries, List.of());
    }

    public Layer {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        terms = List.copyOf(terms);
        regions = regions == null ? List.of() : List.copyOf(regions);
        derived = derived == null ? List.of() : List.copyOf(derived);
        target = target == null ? Target.planOnly() : target;
        profile = profile == null ? java.util.Optional.empty() : profile;
        carries = carries == null ? java.util.Optional.empty() : carries;
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    }

    /** The same layer sized on {@code dims}, a unit carrying {@code perUnitOfMetric} of its own metric. */
    public Layer withDimensions(List<Dimension> dims, double perUnitOfMetric) {
        return new Layer(name, description, unit, metric, perUnitOfMetric, headroom, min, max, step, warmup, leadTime,
                cooldown, coalesce, background, amplification, terms, regions, derived, target, source, profile, carries,
                dims);
    }

    /** This layer as one of its dimensions sees it: that dimension's terms, the background only if it counts. */
    public Layer asDimension(Dimension d) {
        return new Layer(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown,
                coalesce, d.background() ? background : 0, amplification, d.terms(), regions, derived, target, source,
                d.background() ? profile : java.util.Optional.empty(), carries, List.of());
    }

    /** The same layer with a constant background (no profile). */
    public Layer withBackground(double b) {
        return new Layer(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown,
                coalesce, b, amplification, terms, regions, derived, target, source, java.util.Optional.empty(), carries,
                dimensions);
    }

    /** The same layer with a background profile ({@code background} becomes its weekly mean). */
    public Layer withBackground(BackgroundProfile p) {
        return new Layer(name, description, unit, metric, perUnit, headroom, min, max, step, warmup, leadTime, cooldown,
                coalesce, p.mean(), amplification, terms, regions, derived, target, source, java.util.Optional.of(p),
                carries, dimensions);
    }

    /** The background for every minute of {@code [from, from + length)} at {@code quantile}, before amplification. */
    public double[] backgroundSeries(long from, int length, double quantile) {
        double[] out = new double[length];
        if (profile.isPresent()) {
            profile.get().fill(out, from, quantile);
        } else {
            java.util.Arrays.fill(out, background);
        }
        return out;
    }

    /** The background at epoch minute {@code minute} and {@code quantile}, before amplification. */
    public double backgroundAt(long minute, double quantile) {
        return profile.isPresent() ? profile.get().at(minute, quantile) : background;
    }

    /** Warm-up plus lead time: how long before the capacity is needed the request must be made. */
    public Duration totalLead() {
        return warmup.plus(leadTime);
    }

    /** Load one unit may carry once headroom is kept. */
    public double usablePerUnit() {
        return perUnit * (1 - headroom);
    }

    public boolean servesRegion(String region) {
        return regions.isEmpty() || regions.stream().anyMatch(r -> r.equalsIgnoreCase(region));
    }
}
