package io.prescale.planner.simulate;

import io.prescale.planner.forecast.TermLoads;

import io.prescale.planner.model.Layer;
import io.prescale.planner.model.ShapeProfile;

/**
 * The slow reference: a run's load on one layer minute by minute over the plan's grid, every event's terms
 * computed afresh at its sampled audience, with its goals and shifted ad breaks. The fast path must match it.
 */
final class ExactPath {
    private ExactPath() {
    }

    /** Load per minute of {@code [from, from + length)} (epoch minutes), background and amplification included. */
    static double[] load(LayerModel l, EventModel[] events, RunSample s, int jitter, long from, int length) {
        Layer layer = l.layer;
        double[] sum = new double[length];
        for (EventModel e : events) {
            if (l.events[e.index] == null || e.windowEnd <= from || e.windowStart >= from + length) {
                continue;
            }
            int o = s.outcome[e.index];
            double a = s.audience[e.index];
            ShapeProfile p = e.profiles[o];
            double[] c = TermLoads.base(layer, e.shape, p, a);
            for (int i : s.goalMinutes(e)) {
                c[i] += TermLoads.goal(layer, e.shape, p, i, a);
            }
            int[] secs = p.adBreakSeconds();
            for (int k = 0; k < secs.length; k++) {
                TermLoads.Burst b = TermLoads.adBreak(layer, e.shape, p, secs[k] + 60 * (s.adShift[e.index][k] - jitter), a);
                for (int j = 0; j < b.minutes().length; j++) {
                    c[b.minutes()[j]] += b.rates()[j];
                }
            }
            long start = e.start(o);
            for (int i = 0; i < c.length; i++) {
                long t = start + i - from;
                if (t >= 0 && t < length) {
                    sum[(int) t] += c[i];
                }
            }
        }
        double[] bg = layer.backgroundSeries(from, length, 0.5);
        for (int i = 0; i < length; i++) {
            sum[i] = (sum[i] + bg[i]) * layer.amplification();
        }
        return sum;
    }

    /**
     * Peak, exceedance against the plan's capacity, and load-minutes over the whole grid, as they are and with each
     * minute raised to {@code floor} (load).
     */
    static RunLoad run(LayerModel l, EventModel[] events, RunSample s, int jitter, double floor) {
        double[] load = load(l, events, s, jitter, l.gridStart, l.capacity.length);
        double peak = 0;
        boolean exceeded = false;
        double sum = 0;
        double needed = 0;
        for (int i = 0; i < load.length; i++) {
            peak = Math.max(peak, load[i]);
            exceeded |= load[i] > l.capacity[i];
            sum += load[i];
            needed += Math.max(floor, load[i]);
        }
        return new RunLoad(peak, exceeded, sum, needed);
    }
}
