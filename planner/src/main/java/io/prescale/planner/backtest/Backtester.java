package io.prescale.planner.backtest;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.sizing.CapacitySizer;
import io.prescale.planner.sizing.LayerSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Replays a recorded trace against a plan's capacity schedule and three baselines computed from the same trace
 * (reactive target tracking, static at the trace's peak, the oracle), per layer and per event window.
 * <p>
 * The plan's capacity is {@link LayerSchedule#planned()} serving and {@link LayerSchedule#requested()} paid for
 * (units are requested a lead time ahead of need, and run from then). The replay covers the minutes the plan and
 * the trace share, from the plan's instant on: a plan governs nothing before it was made.
 */
public final class Backtester {
    /** Minutes of trace the reactive autoscaler sees before the replay starts, so it starts settled. */
    private static final int REACTIVE_SETTLE_MINUTES = 120;
    /** Minutes past the latest whistle a slot's peak error needs in the backtest (the results surge is over). */
    private static final int SCORED_AFTER_WHISTLE = 30;

    private Backtester() {
    }

    /**
     * @throws io.prescale.planner.diag.InvalidInputException when the trace and the scenario do not fit together
     *         (a series naming no layer, no overlap in time), with every problem found
     */
    public static BacktestResult run(Scenario s, Planner.Result plan, Trace trace, BacktestSettings settings) {
        Diagnostics diags = new Diagnostics();
        diags.addAll(trace.warnings());
        Forecast f = plan.forecast();
        SourceLocation traceFile = SourceLocation.of(trace.file());
        String layerNames = String.join(", ", s.layers().stream().map(Layer::name).toList());

        Optional<String> unnamed = settings.unnamedLayer()
                .or(() -> s.layers().size() == 1 ? Optional.of(s.layers().get(0).name()) : Optional.empty());
        settings.unnamedLayer().ifPresent(u -> {
            if (s.layer(u).isEmpty()) {
                diags.error(traceFile, "no layer '" + u + "' in scenario " + s.name(), "layers: " + layerNames);
            }
        });
        for (TraceSeries ts : trace.series()) {
            if (ts.unnamed() && unnamed.isEmpty()) {
                diags.error(ts.source(), "the trace's series names no layer and the scenario has " + s.layers().size()
                        + " layers", "say which layer it is (--layer), or name the column after the layer");
            } else if (!ts.unnamed() && s.layer(ts.name()).isEmpty()) {
                diags.error(ts.source(), "the trace names layer '" + ts.name() + "', which scenario " + s.name()
                        + " does not have", "layers: " + layerNames);
            }
        }
        List<Layer> layers = new ArrayList<>();
        if (settings.layers().isEmpty()) {
            for (Layer l : s.layers()) {
                if (trace.seriesFor(l.name(), unnamed.orElse("")).isPresent() && l.metric() == Metric.RPS) {
                    layers.add(l);
                }
            }
        } else {
            for (String name : settings.layers()) {
                Optional<Layer> l = s.layer(name);
                if (l.isEmpty()) {
                    diags.error(traceFile, "no layer '" + name + "' in scenario " + s.name(), "layers: " + layerNames);
                } else if (l.get().metric() != Metric.RPS) {
                    diags.error(l.get().source(), "layer " + name + " is sized in Gbps; a backtest replays request traces");
                } else if (trace.seriesFor(name, unnamed.orElse("")).isEmpty()) {
                    diags.error(traceFile, "the trace has no series for layer " + name,
                            "its series: " + String.join(", ", trace.series().stream()
                                    .map(x -> x.unnamed() ? "(unnamed)" : x.name()).toList()));
                } else {
                    layers.add(l.get());
                }
            }
        }
        if (layers.isEmpty() && !diags.hasErrors()) {
            diags.error(traceFile, "nothing to backtest: the trace has no series for any request layer of "
                    + s.name(), "layers: " + layerNames);
        }
        long atMinute = Math.floorDiv(f.at().getEpochSecond(), 60);
        long from = Math.max(Math.max(atMinute, f.gridStart()), trace.startMinute());
        long to = Math.min(f.gridStart() + f.length(), trace.startMinute() + trace.length());
        if (to <= from && !diags.hasErrors()) {
            diags.error(traceFile, "the trace (" + trace.start() + " to " + trace.end() + ") does not overlap the plan ("
                    + f.at() + " to " + f.minute(f.length()) + ")",
                    "plan as of an instant the trace covers (--at), or use a trace of the planned events");
        }
        diags.throwIfErrors("backtest of " + s.name() + " against " + trace.file());

        Forecast median = new RpsForecaster().forecast(s, f.at(), 0.5, e -> true);
        List<LayerBacktest> out = new ArrayList<>();
        for (Layer l : layers) {
            TraceSeries ts = trace.seriesFor(l.name(), unnamed.orElse("")).orElseThrow();
            LayerSchedule sched = plan.schedules().stream().filter(x -> x.forecast().layer().name().equals(l.name()))
                    .findFirst().orElseThrow();
            out.add(layer(s, l, sched, f, median, trace, ts, from, to, settings));
        }
        return new BacktestResult(s.name(), f.at(), f.quantile(), trace.file(), trace.describe(), trace.start(),
                trace.end(), settings, out, diags.all());
    }

    private static LayerBacktest layer(Scenario s, Layer l, LayerSchedule sched, Forecast f, Forecast median, Trace trace,
                                       TraceSeries ts, long from, long to, BacktestSettings settings) {
        int n = (int) (to - from);
        int g0 = (int) (from - f.gridStart());
        LayerForecast lf = sched.forecast();
        LayerForecast mf = median.layer(l.name()).orElseThrow();
        double[] rps = new double[n];
        double[] forecast = new double[n];
        int[] needed = new int[n];
        double requests = 0;
        double peak = 0;
        for (int i = 0; i < n; i++) {
            rps[i] = Trace.rpsAt(ts, trace.startMinute(), from + i);
            forecast[i] = lf.load()[g0 + i];
            needed[i] = CapacitySizer.bounded(l, rps[i]);
            requests += rps[i] * 60;
            peak = Math.max(peak, rps[i]);
        }
        Map<Strategy, CapacitySeries> cap = new EnumMap<>(Strategy.class);
        cap.put(Strategy.PLAN, new CapacitySeries(Strategy.PLAN, Arrays.copyOfRange(sched.planned(), g0, g0 + n),
                Arrays.copyOfRange(sched.requested(), g0, g0 + n)));
        long settleFrom = Math.max(trace.startMinute(), from - REACTIVE_SETTLE_MINUTES);
        int settle = (int) (from - settleFrom);
        double[] withSettle = new double[settle + n];
        for (int i = 0; i < withSettle.length; i++) {
            withSettle[i] = Trace.rpsAt(ts, trace.startMinute(), settleFrom + i);
        }
        CapacitySeries r = ReactiveAutoscaler.simulate(l, withSettle, settings.reactive());
        cap.put(Strategy.REACTIVE, new CapacitySeries(Strategy.REACTIVE,
                Arrays.copyOfRange(r.serving(), settle, settle + n), Arrays.copyOfRange(r.running(), settle, settle + n)));
        int[] planFloor = new int[settle + n];
        for (int i = 0; i < planFloor.length; i++) {
            int g = g0 - settle + i;
            planFloor[i] = g >= 0 && g < sched.requested().length ? sched.requested()[g] : l.min();
        }
        CapacitySeries pr = ReactiveAutoscaler.simulate(l, withSettle, planFloor, settings.reactive(),
                Strategy.PLAN_REACTIVE);
        cap.put(Strategy.PLAN_REACTIVE, new CapacitySeries(Strategy.PLAN_REACTIVE,
                Arrays.copyOfRange(pr.serving(), settle, settle + n), Arrays.copyOfRange(pr.running(), settle, settle + n)));
        LiveReplay.Replay replay = LiveReplay.requests(s, l, f, median, sched, trace, ts, g0 - settle, settle + n,
                settings.live().withSourceDelay(settings.reactive().reactionDelay()));
        int[] liveFloor = replay.units();
        CapacitySeries lr = ReactiveAutoscaler.simulate(l, withSettle, liveFloor, settings.reactive(), Strategy.LIVE);
        cap.put(Strategy.LIVE, new CapacitySeries(Strategy.LIVE,
                Arrays.copyOfRange(lr.serving(), settle, settle + n), Arrays.copyOfRange(lr.running(), settle, settle + n)));
        int staticUnits = CapacitySizer.bounded(l, peak);
        int[] flat = new int[n];
        Arrays.fill(flat, staticUnits);
        cap.put(Strategy.STATIC, new CapacitySeries(Strategy.STATIC, flat, flat));
        cap.put(Strategy.ORACLE, new CapacitySeries(Strategy.ORACLE, needed, needed));

        Double p = settings.pricePerUnitHour().get(l.name());
        OptionalDouble price = p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
        Map<Strategy, Figures> totals = figures(cap, rps, needed, 0, n, l, price);

        List<EventBacktest> events = new ArrayList<>();
        Map<String, double[]> slots = new LinkedHashMap<>();
        List<EventTimeline> onLayer = f.events().stream().filter(t -> l.servesRegion(t.event().region())).toList();
        boolean[] inEvents = new boolean[n];
        for (EventTimeline t : onLayer) {
            long ws = Math.max(t.windowStart(), from);
            long we = Math.min(t.windowEnd(), to);
            if (ws >= we) {
                continue;
            }
            int a = (int) (ws - from);
            int b = (int) (we - from);
            Arrays.fill(inEvents, a, b, true);
            // the peak is looked for up to the next later event's window: a long tail must not take its peak
            long peakEnd = we;
            for (EventTimeline o : onLayer) {
                if (o.windowStart() > t.windowStart() && o.windowStart() < peakEnd) {
                    peakEnd = o.windowStart();
                }
            }
            int pb = (int) (peakEnd - from);
            int realAt = argmax(rps, a, pb);
            int fcAt = argmax(forecast, a, pb);
            double medianPeak = 0;
            for (int i = a; i < pb; i++) {
                medianPeak = Math.max(medianPeak, mf.load()[g0 + i]);
            }
            double req = 0;
            for (int i = a; i < b; i++) {
                req += rps[i] * 60;
            }
            events.add(new EventBacktest(t.event().id(), t.event().title(), t.event().start(),
                    minute(t.windowStart()), minute(t.windowEnd()), rps[realAt], minute(from + realAt),
                    forecast[fcAt], minute(from + fcAt), medianPeak, req, figures(cap, rps, needed, a, b, l, price)));
            // a slot is scored when the backtest holds its window's start and half an hour past its latest whistle
            boolean whole = ws == t.windowStart() && Math.min(peakEnd, t.latestWhistle() + SCORED_AFTER_WHISTLE) <= to;
            if (whole && rps[realAt] > 0) {
                slots.putIfAbsent(t.windowStart() + "/" + t.windowEnd(), new double[] {rps[realAt], medianPeak, forecast[fcAt]});
            }
        }
        List<Double> e50 = new ArrayList<>();
        List<Double> eq = new ArrayList<>();
        for (double[] v : slots.values()) {
            e50.add((v[1] - v[0]) / v[0]);
            eq.add((v[2] - v[0]) / v[0]);
        }
        List<PeakError> errors = List.of(PeakError.of(0.5, e50), PeakError.of(f.quantile(), eq));
        Map<Strategy, Figures> during = new EnumMap<>(Strategy.class);
        for (Strategy st : Strategy.values()) {
            CapacitySeries c = cap.get(st);
            during.put(st, Figures.of(rps, needed, c.serving(), c.running(), inEvents, l.usablePerUnit(), l.perUnit(),
                    price));
        }
        return new LayerBacktest(l.name(), l.unit().id(), l.perUnit(), l.usablePerUnit(), price, minute(from), rps,
                forecast, needed, staticUnits, requests, totals, during, cap, events, errors,
                Arrays.copyOfRange(replay.reforecast(), settle, settle + n));
    }

    private static Map<Strategy, Figures> figures(Map<Strategy, CapacitySeries> cap, double[] rps, int[] needed,
                                                  int a, int b, Layer l, OptionalDouble price) {
        Map<Strategy, Figures> out = new EnumMap<>(Strategy.class);
        for (Strategy st : Strategy.values()) {
            CapacitySeries c = cap.get(st);
            boolean[] span = new boolean[rps.length];
            Arrays.fill(span, a, b, true);
            out.put(st, Figures.of(rps, needed, c.serving(), c.running(), span, l.usablePerUnit(), l.perUnit(), price));
        }
        return out;
    }

    private static int argmax(double[] v, int a, int b) {
        int best = a;
        for (int i = a + 1; i < b; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static Instant minute(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }
}
