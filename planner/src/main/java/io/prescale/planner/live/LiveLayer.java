package io.prescale.planner.live;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.StandardNormal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the live controller knows of one layer before the event, on the plan's minute grid: the median forecast's
 * event load (the shape: ramp, half-time, final-whistle surge, extra time, goals and ad breaks) apart from the
 * background, the prior spread of the audience scale per minute, the saved plan's capacity (the floor), and when
 * the ladder holds (from the pre-scale request to the latest possible whistle plus cool-down) and when the
 * controller acts at all (to the event's latest possible end).
 *
 * @param shape      median event load per grid minute, background excluded (layer metric, amplification applied)
 * @param background the layer's forecast background load (amplification applied), its mean over the grid when
 *                   the layer has a profile
 * @param backgroundShape the background per grid minute relative to {@code background} (all 1 when constant): the
 *                   controller estimates one background level and lets the profile carry it through the day
 * @param sigma      prior log-spread of the audience of the event loading each minute most (0 outside events)
 * @param floor      the saved plan's capacity requested at each minute: the controller never asks for less
 * @param hold       minutes in which capacity only rises
 * @param active     minutes in which the controller acts (outside them the plan alone decides)
 */
public record LiveLayer(Layer layer, long gridStart, double[] shape, double background, double[] sigma, int[] floor,
                        boolean[] hold, boolean[] active, List<EventLoad> events, double[] backgroundShape) {
    /**
     * One event's median load on the layer, from grid minute {@code start}, and the prior log-spread of its audience:
     * each event has its own audience scale, so one match's crowd says nothing of the next one's.
     */
    public record EventLoad(String id, int start, double[] load, double sigma, int whistle) {
        double at(int i) {
            int k = i - start;
            return k >= 0 && k < load.length ? load[k] : 0;
        }

        int end() {
            return start + load.length;
        }
    }

    /** Spread assumed when the plan sizes at the median and so says nothing of the audience's spread. */
    static final double DEFAULT_SIGMA = 0.35;

    public LiveLayer {
        Objects.requireNonNull(layer, "layer");
        int n = shape.length;
        events = List.copyOf(events);
        if (sigma.length != n || floor.length != n || hold.length != n || active.length != n
                || backgroundShape.length != n) {
            throw new IllegalArgumentException("live layer arrays differ in length");
        }
    }

    /** The forecast background at grid minute {@code i} (clamped to the grid). */
    public double backgroundAt(int i) {
        return background * relativeBackground(i);
    }

    /** The background at grid minute {@code i} relative to {@code background} (clamped to the grid). */
    double relativeBackground(int i) {
        return backgroundShape[Math.max(0, Math.min(length() - 1, i))];
    }

    /** The relative rise the median shape itself forecasts at the first whistle (0 when no event has one). */
    double shapeSurge() {
        for (EventLoad e : events) {
            int w = e.whistle() - e.start();
            if (w - SurgeLearner.LEVEL_FROM < 0 || w + SurgeLearner.WINDOW > e.load().length) {
                continue;
            }
            double level = 0;
            for (int j = w - SurgeLearner.LEVEL_FROM; j < w - SurgeLearner.LEVEL_TO; j++) {
                level += e.load()[j];
            }
            level = background + level / (SurgeLearner.LEVEL_FROM - SurgeLearner.LEVEL_TO);
            double top = 0;
            for (int j = w; j < w + SurgeLearner.WINDOW; j++) {
                top = Math.max(top, background + e.load()[j]);
            }
            if (level > 0) {
                return top / level - 1;
            }
        }
        return 0;
    }

    /** The first minute of the active stretch holding minute {@code i} ({@code i} itself when not active). */
    public int activeSince(int i) {
        int j = i;
        while (j > 0 && active[j - 1]) {
            j--;
        }
        return j;
    }

    public int length() {
        return shape.length;
    }

    /**
     * @param median  the median (P50) forecast of the same scenario and instant as {@code planned}
     * @param planned the plan's forecast (its quantile gives the audience spread)
     * @param floor   the plan's requested capacity per grid minute of {@code planned}
     */
    public static LiveLayer of(Layer l, Forecast median, Forecast planned, int[] floor) {
        if (median.gridStart() != planned.gridStart() || median.length() != planned.length()) {
            throw new IllegalArgumentException("median and planned forecasts are on different grids");
        }
        LayerForecast m = median.layer(l.name()).orElseThrow();
        int n = m.length();
        double[] bgAt = l.backgroundSeries(median.gridStart(), n, 0.5);
        double bg = 0;
        for (int i = 0; i < n; i++) {
            bgAt[i] *= l.amplification();
            bg += bgAt[i] / n;
        }
        double[] shape = new double[n];
        double[] rel = new double[n];
        for (int i = 0; i < n; i++) {
            shape[i] = Math.max(0, m.load()[i] - bgAt[i]);
            rel[i] = bg > 0 ? bgAt[i] / bg : 1;
        }
        double z = planned.quantile() > 0.5 ? StandardNormal.quantile(planned.quantile())
                : Double.NaN;
        double[] sigma = new double[n];
        boolean[] hold = new boolean[n];
        boolean[] active = new boolean[n];
        int lead = minutes(l.totalLead().toSeconds());
        int cool = minutes(l.cooldown().toSeconds());
        List<EventTimeline> evs = planned.events();
        List<EventLoad> loads = new java.util.ArrayList<>();
        for (EventTimeline t : evs) {
            if (!l.servesRegion(t.event().region())) {
                continue;
            }
            double s = DEFAULT_SIGMA;
            EventTimeline t50 = median.events().stream().filter(x -> x.event().id().equals(t.event().id()))
                    .findFirst().orElse(null);
            if (!Double.isNaN(z) && t50 != null && t50.peakAudience() > 0 && t.peakAudience() > t50.peakAudience()) {
                s = Math.log(t.peakAudience() / t50.peakAudience()) / z;
            }
            if (t50 != null) {
                double[] env = io.prescale.planner.forecast.RpsForecaster.eventLoadOf(l, t50);
                for (int i = 0; i < env.length; i++) {
                    env[i] *= l.amplification();
                }
                loads.add(new EventLoad(t.event().id(), Math.toIntExact(t50.windowStart() - median.gridStart()), env, s,
                        Math.toIntExact(t50.latestWhistle() - median.gridStart())));
            }
            int ws = clamp(t.windowStart() - lead - median.gridStart(), n);
            int wh = clamp(t.latestWhistle() + cool - median.gridStart(), n);
            int we = clamp(t.windowEnd() - median.gridStart(), n);
            for (int i = ws; i < we; i++) {
                active[i] = true;
                sigma[i] = Math.max(sigma[i], s);
                if (i < wh) {
                    hold[i] = true;
                }
            }
        }
        int[] f = Arrays.copyOf(floor, n);
        return new LiveLayer(l, median.gridStart(), shape, bg, sigma, f, hold, active, loads, rel);
    }

    private static int clamp(long v, int n) {
        return (int) Math.max(0, Math.min(n, v));
    }

    static int minutes(long seconds) {
        return (int) ((seconds + 59) / 60);
    }
}
