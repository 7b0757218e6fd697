package io.prescale.planner.backtest;

import io.prescale.planner.model.Layer;

/**
 * The reactive baseline, minute by minute (see {@link ReactiveSettings}): what a target-tracking autoscaler would
 * have had serving and running for a load it only sees after a delay, with new units serving after the layer's
 * warm-up.
 */
final class ReactiveAutoscaler {
    private ReactiveAutoscaler() {
    }

    /**
     * @param rps the load per minute; the autoscaler starts in a steady state for the first minute's load, so give
     *            it some minutes before the span that matters
     */
    static CapacitySeries simulate(Layer l, double[] rps, ReactiveSettings s) {
        return simulate(l, rps, new int[rps.length], s, Strategy.REACTIVE);
    }

    /**
     * The autoscaler with a floor under it: each minute it wants at least {@code floor[j]} (the min prescale set at
     * that minute), and what it adds for the floor serves after warm-up like the rest.
     */
    static CapacitySeries simulate(Layer l, double[] rps, int[] floor, ReactiveSettings s, Strategy as) {
        int n = rps.length;
        int delay = minutes(s.reactionDelay().toSeconds());
        int warm = minutes(l.warmup().toSeconds());
        int cool = minutes(s.scaleInCooldown().toSeconds());
        double perUnitAtTarget = l.perUnit() * s.targetUtilisation();
        int[] serving = new int[n];
        int[] running = new int[n];
        int[] readyAt = new int[n + warm + 1];
        int current = n == 0 ? 0 : Math.max(floor[0], desired(l, rps[0], perUnitAtTarget));
        int pending = 0;
        int lastActivity = Integer.MIN_VALUE / 2;
        for (int j = 0; j < n; j++) {
            current += readyAt[j];
            pending -= readyAt[j];
            int want = Math.max(floor[j], desired(l, rps[Math.max(0, j - delay)], perUnitAtTarget));
            if (want > current + pending) {
                int add = want - current - pending;
                if (warm == 0) {
                    current += add;
                } else {
                    readyAt[j + warm] += add;
                    pending += add;
                }
                lastActivity = j;
            } else if (want < current && pending == 0 && j - lastActivity >= cool) {
                current = want;
                lastActivity = j;
            }
            serving[j] = current;
            running[j] = current + pending;
        }
        return new CapacitySeries(as, serving, running);
    }

    /** Units that carry {@code rps} at the target utilisation, in whole steps, within min and max. */
    static int desired(Layer l, double rps, double perUnitAtTarget) {
        if (rps <= 0) {
            return l.min();
        }
        long units = (long) Math.ceil(rps / perUnitAtTarget - 1e-9);
        long stepped = (long) Math.ceil(units / (double) l.step()) * l.step();
        return (int) Math.max(l.min(), Math.min(l.max(), stepped));
    }

    static int minutes(long seconds) {
        return (int) ((seconds + 59) / 60);
    }
}
