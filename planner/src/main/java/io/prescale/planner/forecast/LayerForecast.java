package io.prescale.planner.forecast;

import io.prescale.planner.model.Layer;

/**
 * A layer's load per minute on the forecast grid, in the layer's metric (rps or Gbps), with the event that
 * contributes most in each minute ({@code -1} when only background load is present). Each minute holds the
 * highest rate expected within it: a burst shorter than a minute (goal surge, ad-break tracking) counts at its
 * own rate, not diluted over the minute.
 */
public record LayerForecast(Layer layer, long gridStart, double[] load, int[] topEvent) {

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
