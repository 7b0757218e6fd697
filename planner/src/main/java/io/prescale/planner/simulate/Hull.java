package io.prescale.planner.simulate;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The points of a 2-D set that can maximise {@code a x + b y} for some {@code a, b >= 0}: the upper-right chain of
 * its convex hull, from the highest point to the rightmost. Used so two overlapping events' summed load (or its
 * ratio to the capacity) is evaluated at a handful of minutes instead of every minute of their overlap.
 */
final class Hull {
    private Hull() {
    }

    /** Indexes (into x and y) of the chain's vertices; empty for no points. */
    static int[] upperRight(double[] x, double[] y) {
        int n = x.length;
        if (n == 0) {
            return new int[0];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> x[i]).thenComparingDouble(i -> y[i]));
        int[] h = new int[n];
        int size = 0;
        for (int k = 0; k < n; k++) {
            int p = order[k];
            while (size >= 2 && cross(x, y, h[size - 2], h[size - 1], p) >= 0) {
                size--;
            }
            h[size++] = p;
        }
        int top = 0;
        for (int i = 1; i < size; i++) {
            if (y[h[i]] >= y[h[top]]) {
                top = i;
            }
        }
        return Arrays.copyOfRange(h, top, size);
    }

    private static double cross(double[] x, double[] y, int o, int a, int b) {
        return (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
    }
}
