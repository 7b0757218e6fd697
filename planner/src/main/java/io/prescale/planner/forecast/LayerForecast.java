package io.prescale.planner.forecast;

import io.prescale.planner.model.Layer;

/**
 * A layer's load per minute on the forecast grid, in the layer's metric (rps or Gbps), with the event that
 * contributes most in each minute ({@code -1} when only background load is present). Each minute holds the
 * highest rate expected within it: a burst shorter than a minute (goal surge, ad-break tracking) counts at its
 * own rate, not diluted over the minute.
 */
public record LayerForecast(Layer layer, long gridStart, double[] load, int[] topEvent, double[][] dimensionLoads) {

    /** A layer sized on its own metric. */
    public LayerForecast(Layer layer, long gridStart, double[] load, int[] topEvent) {
        this(layer, gridStart, load, topEvent, new double[0][]);
    }

    /**
     * @param dimensionLoads per dimension of the layer ({@link Layer#dimensions()}, same order), its load per minute,
     *                       in its terms' units; empty for a layer sized on its own metric (or while its own
     *                       load is forecast)
     */
    public LayerForecast {
        if (dimensionLoads.length != 0 && dimensionLoads.length != layer.dimensions().size()) {
            throw new IllegalArgumentException("layer " + layer.name() + " has " + layer.dimensions().size()
                    + " dimensions, got loads for " + dimensionLoads.length);
        }
    }

    public boolean dimensioned() {
        return dimensionLoads.length > 0;
    }

    /** Units (before headroom) the layer's dimensions need in minute {@code i}: the most any of them asks for. */
    public double demand(int i) {
        int d = drivingDimension(i);
        return layer.dimensions().get(d).units(dimensionLoads[d][i]);
    }

    /** The dimension that needs the most units in minute {@code i} (the first on ties); -1 without dimensions. */
    public int drivingDimension(int i) {
        int best = -1;
        double most = -1;
        for (int d = 0; d < dimensionLoads.length; d++) {
            double u = layer.dimensions().get(d).units(dimensionLoads[d][i]);
            if (u > most) {
                most = u;
                best = d;
            }
        }
        return best;
    }

    public int length() {
        return load.length;
    }

    /** Index of the minute with the highest load (the first one on ties). */
    public int peakIndex() {
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] > load[best]) {
                best = i;
            }
        }
        return best;
    }

    public double peakLoad() {
        return load.length == 0 ? 0 : load[peakIndex()];
    }
}
