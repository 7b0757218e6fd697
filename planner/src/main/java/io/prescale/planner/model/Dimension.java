package io.prescale.planner.model;

import java.util.List;
import java.util.Objects;

/**
 * One thing a layer's unit carries when a unit carries several at once and the layer needs the most any of them
 * asks for (a unit priced on its largest dimension). Declared by the layer's target type from the layer's own terms;
 * the planner forecasts each like a layer of these terms and sizes on the largest.
 *
 * @param name       what is carried, as the plan names it ({@code new connections})
 * @param shown      how the plan writes {@code load x scale}, {@code %s} standing for the figure
 *                   ({@code %s new connections/s}, {@code %s GB/h processed})
 * @param terms      the load terms of this dimension: their arithmetic is the layer's (a per-viewer term is per
 *                   viewer, a per-join term per joining viewer), whatever they count
 * @param background whether the layer's background load (in its metric) is part of this dimension's load
 * @param scale      turns the terms' load into what the unit is rated in (e.g. requests/s into GB/h)
 * @param perUnit    how much of that one unit carries
 */
public record Dimension(String name, String shown, List<LoadTerm> terms, boolean background, double scale,
                        double perUnit) {
    public Dimension {
        Objects.requireNonNull(name, "name");
        shown = shown == null || !shown.contains("%s") ? "%s " + name : shown;
        terms = List.copyOf(terms);
        if (!(scale >= 0) || !(perUnit > 0) || Double.isInfinite(scale) || Double.isInfinite(perUnit)) {
            throw new IllegalArgumentException("dimension " + name + ": scale " + scale + ", perUnit " + perUnit);
        }
    }

    /** Units (before headroom) this dimension needs for a load of its terms. */
    public double units(double load) {
        return load * scale / perUnit;
    }

    /** The load as the plan shows it: {@code 12.3k new connections/s}. */
    public String describe(double load) {
        String figure = Quantities.human(load * scale);
        // the usual one-figure template without Formatter, whose first use costs a plan's start several ms
        int at = shown.indexOf("%s");
        return at >= 0 && shown.indexOf('%', at + 2) < 0 && shown.lastIndexOf('%', at - 1) < 0
                ? shown.substring(0, at) + figure + shown.substring(at + 2) : shown.formatted(figure);
    }
}
