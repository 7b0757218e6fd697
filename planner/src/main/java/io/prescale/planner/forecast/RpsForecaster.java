package io.prescale.planner.forecast;

import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.GoalSurge;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Outcome;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Forecasts every layer's load per minute. For each event the audience is its planned quantile times the shape's
 * level; every outcome the event may have (regular time, extra time, penalties) is forecast and the layer takes
 * the highest load of them minute by minute, so a plan holds through whichever happens. Overlapping events are
 * separate audiences and add up on the layers they share.
 */
public final class RpsForecaster {
    private final Map<String, ShapeProfile> profiles = new HashMap<>();

    /**
     * @param at      the planning instant: events that ended before it are left out
     * @param include which events to forecast (all, or one for {@code forecast --event})
     */
    public Forecast forecast(Scenario s, Instant at, double quantile, Predicate<Event> include) {
        long atMinute = Math.floorDiv(at.getEpochSecond(), 60);
        long horizonEnd = atMinute + s.plan().horizon().toMinutes();
        List<EventTimeline> timelines = new ArrayList<>();
        List<Event> events = s.events().stream().filter(include).sorted(Comparator.comparing(Event::start)).toList();
        for (Event e : events) {
            EventTimeline t = timeline(s, e, quantile, timelines.size());
            if (t != null && t.windowEnd() > atMinute && t.windowStart() < horizonEnd) {
                timelines.add(t);
            }
        }
        long maxLead = 0;
        long maxCool = 0;
        for (Layer l : s.layers()) {
            maxLead = Math.max(maxLead, ceilMinutes(l.totalLead().toSeconds()));
            maxCool = Math.max(maxCool, Math.max(ceilMinutes(l.cooldown().toSeconds()), ceilMinutes(l.coalesce().toSeconds())));
        }
        long gridStart = atMinute;
        long gridEnd = atMinute + 1;
        for (EventTimeline t : timelines) {
            gridStart = Math.min(gridStart, t.windowStart() - maxLead - 1);
            gridEnd = Math.max(gridEnd, t.windowEnd() + maxCool + 2);
        }
        int length = Math.toIntExact(gridEnd - gridStart);
        List<LayerForecast> layers = new ArrayList<>();
        for (Layer l : s.layers()) {
            layers.add(forecastLayer(l, timelines, gridStart, length));
        }
        return new Forecast(at, quantile, gridStart, length, List.copyOf(timelines), List.copyOf(layers));
    }

    private EventTimeline timeline(Scenario s, Event e, double quantile, int index) {
        AudienceRules.Resolved a = s.audience().resolve(e).orElse(null);
        if (a == null) {
            return null;
        }
        AudienceShape shape = s.shapeFor(e);
        List<Outcome> outcomes = shape.outcomes(e.stage());
        List<ShapeProfile> ps = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            ps.add(profiles.computeIfAbsent(shape.name() + "/" + o, k -> shape.profile(o)));
        }
        long kickoff = Math.floorDiv(e.start().getEpochSecond(), 60);
        return new EventTimeline(index, e, kickoff, a.distribution().quantile(quantile), a.explanation(), shape,
                outcomes, List.copyOf(ps));
    }

    private static LayerForecast forecastLayer(Layer layer, List<EventTimeline> timelines, long gridStart, int length) {
        double[] load = new double[length];
        double[] top = new double[length];
        int[] topEvent = new int[length];
        Arrays.fill(topEvent, -1);
        for (EventTimeline t : timelines) {
            if (!layer.servesRegion(t.event().region())) {
                continue;
            }
            double[] env = eventLoad(layer, t);
            int base = Math.toIntExact(t.windowStart() - gridStart);
            for (int j = 0; j < env.length; j++) {
                int i = base + j;
                if (i < 0 || i >= length || env[j] <= 0) {
                    continue;
                }
                load[i] += env[j];
                if (env[j] > top[i]) {
                    top[i] = env[j];
                    topEvent[i] = t.index();
                }
            }
        }
        for (int i = 0; i < length; i++) {
            load[i] = load[i] * layer.amplification() + layer.background() * layer.amplification();
        }
        return new LayerForecast(layer, gridStart, load, topEvent);
    }

    /** The event's load on the layer over its window: the highest of its outcomes, minute by minute. */
    static double[] eventLoad(Layer layer, EventTimeline t) {
        int minStart = Integer.MAX_VALUE;
        int maxEnd = Integer.MIN_VALUE;
        for (ShapeProfile p : t.profiles()) {
            minStart = Math.min(minStart, p.startOffset());
            maxEnd = Math.max(maxEnd, p.endOffset());
        }
        double[] env = new double[maxEnd - minStart];
        double[] c = null;
        for (ShapeProfile p : t.profiles()) {
            c = outcomeLoad(layer, t, p, c);
            int off = p.startOffset() - minStart;
            for (int i = 0; i < p.level().length; i++) {
                if (c[i] > env[off + i]) {
                    env[off + i] = c[i];
                }
            }
        }
        return env;
    }

    /** Load of one outcome, indexed like the profile. Reuses {@code scratch} when it is large enough. */
    static double[] outcomeLoad(Layer layer, EventTimeline t, ShapeProfile p, double[] scratch) {
        int n = p.level().length;
        double[] c = scratch != null && scratch.length >= n ? scratch : new double[n];
        Arrays.fill(c, 0, n, 0);
        double peak = t.peakAudience();
        double[] level = p.level();
        AudienceShape shape = t.shape();
        double churn = shape.churnPerMinute();
        GoalSurge goal = shape.goalSurge();
        double goalWithin = Math.max(1, goal.within().toMillis() / 1000.0);
        for (LoadTerm term : layer.terms()) {
            double share = term.share();
            switch (term) {
                case LoadTerm.PerViewer pv -> {
                    double k = share * pv.rpsPerViewer() * peak;
                    for (int i = 0; i < n; i++) {
                        c[i] += k * level[i];
                    }
                }
                case LoadTerm.PerJoin pj -> {
                    double k = share * pj.requests();
                    // the curve's first level is the audience already watching: it joined earlier, spread out
                    double prev = peak * level[0];
                    for (int i = 0; i < n; i++) {
                        double v = peak * level[i];
                        double joins = Math.max(0, v - prev) + churn * v;
                        prev = v;
                        c[i] += k * joins / 60.0;
                        if (p.inPlay()[i] && !goal.isNone()) {
                            c[i] += k * goal.joinsAt(v) / goalWithin;
                        }
                    }
                }
                case LoadTerm.Heartbeat hb -> heartbeat(c, hb, share, peak, level, churn);
                case LoadTerm.AdBreak ab -> {
                    double window = Math.max(1, ab.within().orElse(shape.adBreaks().window()).toMillis() / 1000.0);
                    for (int b : p.adBreakSeconds()) {
                        int m = Math.floorDiv(b, 60) - p.startOffset();
                        if (m < 0 || m >= n) {
                            continue;
                        }
                        double rate = share * ab.requests() * peak * level[m] / window;
                        int last = Math.floorDiv(b + (int) Math.ceil(window) - 1, 60) - p.startOffset();
                        for (int i = m; i <= Math.min(last, n - 1); i++) {
                            c[i] += rate;
                        }
                    }
                }
                case LoadTerm.GoalPush gp -> {
                    double within = Math.max(1, gp.within().toMillis() / 1000.0);
                    for (int i = 0; i < n; i++) {
                        if (p.inPlay()[i]) {
                            c[i] += share * (gp.subscribers() + gp.perViewer() * peak * level[i]) / within;
                        }
                    }
                }
                case LoadTerm.Egress eg -> {
                    double k = share * eg.bitsPerViewer() * peak / 1e9;
                    for (int i = 0; i < n; i++) {
                        c[i] += k * level[i];
                    }
                }
            }
        }
        return c;
    }

    /**
     * Viewers beat every interval from the minute they joined. Keeping a histogram of join phases (minute mod
     * interval) shows the ripple: everyone who joined at kickoff beats together, interval after interval. A first
     * heartbeat jittered over {@code jitter} spreads each cohort over that many phases.
     */
    private static void heartbeat(double[] c, LoadTerm.Heartbeat hb, double share, double peak, double[] level,
                                  double churn) {
        int interval = Math.max(1, (int) Math.round(hb.every().toSeconds() / 60.0));
        int spread = Math.max(1, Math.min(interval, (int) Math.ceil(hb.jitter().toSeconds() / 60.0)));
        double[] phase = new double[interval];
        // viewers already watching when the curve starts joined at unknown times: spread over every phase
        double prev = peak * level[0];
        double total = prev;
        for (int k = 0; k < interval; k++) {
            phase[k] = prev / interval;
        }
        for (int i = 0; i < level.length; i++) {
            double v = peak * level[i];
            if (total > 0) {
                c[i] += share * v * (phase[i % interval] / total) / 60.0;
            }
            double joins = Math.max(0, v - prev) + churn * v;
            prev = v;
            if (joins > 0) {
                double each = joins / spread;
                for (int k = 0; k < spread; k++) {
                    phase[(i + k) % interval] += each;
                }
                total += joins;
            }
        }
    }

    static long ceilMinutes(long seconds) {
        return (seconds + 59) / 60;
    }
}
