package io.prescale.planner.forecast;

import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
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
        // a layer that carries another acts that layer's lead before its own, and releases after it
        io.prescale.planner.model.CarryChain chain = io.prescale.planner.model.CarryChain.of(s.layers());
        for (Layer l : s.layers()) {
            maxLead = Math.max(maxLead, ceilMinutes(chain.lead(l).toSeconds()));
            maxCool = Math.max(maxCool, Math.max(ceilMinutes(chain.cooldown(l).toSeconds()), ceilMinutes(l.coalesce().toSeconds())));
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
            layers.add(forecastLayer(l, timelines, gridStart, length, quantile));
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

    private static LayerForecast forecastLayer(Layer layer, List<EventTimeline> timelines, long gridStart, int length,
                                               double quantile) {
        LayerForecast own = forecastOwn(layer, timelines, gridStart, length, quantile);
        if (layer.dimensions().isEmpty()) {
            return own;
        }
        // each dimension is forecast as the layer would be with its terms, so every term costs what it costs anywhere
        double[][] dims = new double[layer.dimensions().size()][];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = forecastOwn(layer.asDimension(layer.dimensions().get(d)), timelines, gridStart, length, quantile)
                    .load();
        }
        return new LayerForecast(layer, gridStart, own.load(), own.topEvent(), dims);
    }

    private static LayerForecast forecastOwn(Layer layer, List<EventTimeline> timelines, long gridStart, int length,
                                             double quantile) {
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
        double[] bg = layer.backgroundSeries(gridStart, length, quantile);
        for (int i = 0; i < length; i++) {
            load[i] = (load[i] + bg[i]) * layer.amplification();
        }
        return new LayerForecast(layer, gridStart, load, topEvent);
    }

    /**
     * The event's load on the layer over its window (from {@link EventTimeline#windowStart()}), before the layer's
     * amplification: what the live controller scales by the audience it observes.
     */
    public static double[] eventLoadOf(Layer layer, EventTimeline t) {
        return eventLoad(layer, t);
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
        for (ShapeProfile p : t.profiles()) {
            double[] c = outcomeLoad(layer, t, p);
            int off = p.startOffset() - minStart;
            for (int i = 0; i < p.level().length; i++) {
                if (c[i] > env[off + i]) {
                    env[off + i] = c[i];
                }
            }
        }
        return env;
    }

    /**
     * Load of one outcome, indexed like the profile: the terms' base load, every ad break at its nominal time, and a
     * goal burst in every minute of play (a goal may come in any of them).
     */
    static double[] outcomeLoad(Layer layer, EventTimeline t, ShapeProfile p) {
        double peak = t.peakAudience();
        AudienceShape shape = t.shape();
        double[] c = TermLoads.base(layer, shape, p, peak);
        if (TermLoads.hasAdBreaks(layer)) {
            for (int second : p.adBreakSeconds()) {
                TermLoads.Burst burst = TermLoads.adBreak(layer, shape, p, second, peak);
                for (int k = 0; k < burst.minutes().length; k++) {
                    c[burst.minutes()[k]] += burst.rates()[k];
                }
            }
        }
        if (TermLoads.hasGoalBursts(layer, shape)) {
            boolean[] inPlay = p.inPlay();
            for (int i = 0; i < c.length; i++) {
                if (inPlay[i]) {
                    c[i] += TermLoads.goal(layer, shape, p, i, peak);
                }
            }
        }
        return c;
    }

    static long ceilMinutes(long seconds) {
        return (seconds + 59) / 60;
    }
}
