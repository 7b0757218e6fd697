package io.prescale.planner.simulate;

import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.model.WhatIf;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.sizing.CapacitySizer;
import io.prescale.planner.sizing.LayerSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Monte Carlo over a scenario's uncertainty, against a plan. Each run draws every event's audience from its
 * distribution, each knockout's outcome (regular time, extra time, penalties), each event's goals (Poisson count,
 * minutes uniform over the minutes of play) and each ad break's timing, then finds per layer the peak load over
 * the whole horizon, whether the load went above the plan's capacity in any minute, and the load-minutes; for the
 * first {@link #FLOORED_RUNS} runs also the load-minutes with each minute raised to the layer's floor (its min
 * units), as the plan's capacity is, which the cost of need is priced from.
 * <p>
 * {@link #prepare} does the heavy work once (per event, outcome and layer: the load curve per viewer, the goal and
 * ad-break bursts, the clusters of overlapping events and their candidate minutes); {@link #run} then costs a few
 * multiplications per event and layer per run. Runs are spread over threads in blocks; every run draws from its
 * own generator seeded from (seed, run index), so results do not depend on the number of threads.
 */
public final class Simulation {
    private static final int BLOCK = 256;
    /**
     * Runs whose need is priced with each layer's floor (the first ones, so the same seed gives the same figures).
     * The cost table reports a mean, which this many runs estimate to a small standard error (reported beside it),
     * while a floored run costs about 5x a plain one (the minutes two events share are summed one by one): on
     * SimulateBenchmark's tournament this many add about 10% to 100,000 runs.
     */
    public static final int FLOORED_RUNS = 2_000;

    private final Scenario scenario;
    private final Planner.Result plan;
    private final World world;
    private final EventModel[] events;
    private final LayerModel[] layers;
    /** Per layer: its floor as load of the layer whose load it follows ({@link #floorSource}: a node pool's pods). */
    private final FloorPath.Table[] floors;
    private final int[] floorSource;
    private final int jitter;

    private Simulation(Scenario scenario, Planner.Result plan, World world) {
        this.scenario = scenario;
        this.plan = plan;
        this.world = world;
        Forecast f = plan.forecast();
        this.events = new EventModel[f.events().size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = new EventModel(i, f.events().get(i), world);
        }
        this.jitter = Sampler.jitterMinutes(world.settings);
        this.layers = new LayerModel[plan.schedules().size()];
        for (int i = 0; i < layers.length; i++) {
            LayerSchedule sched = plan.schedules().get(i);
            Layer worldLayer = world.scenario.layer(sched.forecast().layer().name()).orElseThrow();
            layers[i] = new LayerModel(i, worldLayer, sched, f.gridStart(), events, jitter);
        }
        this.floors = new FloorPath.Table[layers.length];
        this.floorSource = new int[layers.length];
        for (int i = 0; i < layers.length; i++) {
            Layer l = layers[i].layer;
            int src = i;
            // a node pool's load is the pods of the layer it carries: its min nodes hold min x pods-per-node pods
            double scale = 1;
            if (l.carries().isPresent()) {
                src = carried(l.carries().get().layer());
                scale = layers[src].usable;
            }
            floorSource[i] = src;
            floors[i] = new FloorPath.Table(layers[src], events, l.min() * layers[i].usable * scale);
        }
    }

    private int carried(String name) {
        for (LayerModel m : layers) {
            if (m.layer.name().equals(name)) {
                return m.index;
            }
        }
        throw new IllegalStateException("no carried layer " + name);
    }

    /**
     * Prepares a simulation of the scenario with the what-ifs applied, against a plan made from the unmodified
     * scenario.
     *
     * @param scenario the scenario as loaded (its {@code simulation} settings give the outcome odds and prices)
     * @param plan     the plan made from it ({@link Planner#plan})
     * @param whatIfs  overrides of the simulated world
     * @throws IllegalArgumentException when a what-if does not fit the scenario
     */
    public static Simulation prepare(Scenario scenario, Planner.Result plan, List<WhatIf> whatIfs) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(plan, "plan");
        return new Simulation(scenario, plan, World.of(scenario, whatIfs));
    }

    /** The outcome odds and prices the runs use, what-ifs applied. */
    public SimulationSettings settings() {
        return world.settings;
    }

    /**
     * Simulates {@code runs} runs.
     *
     * @param threads  worker threads (1 runs on the calling thread)
     * @param progress told the number of runs done so far, from worker threads, after each block of runs; may be null
     */
    public SimulationResult run(int runs, long seed, int threads, IntConsumer progress) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int nl = layers.length;
        double[][] peaks = new double[nl][runs];
        double[][] loadMinutes = new double[nl][runs];
        int floored = Math.min(runs, FLOORED_RUNS);
        double[][] shortfall = new double[nl][floored];
        boolean[][] exceeded = new boolean[nl][runs];
        int blocks = (runs + BLOCK - 1) / BLOCK;
        long[] extraTime = new long[blocks];
        long[] penalties = new long[blocks];
        long[] goals = new long[blocks];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        parallel(threads, () -> {
            Sampler sampler = new Sampler(events, world.settings);
            RunSample s = new RunSample(events);
            FastPath fast = new FastPath(events, layers);
            FloorPath floor = new FloorPath(layers);
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                int to = Math.min(runs, (b + 1) * BLOCK);
                long et = 0;
                long pens = 0;
                long gs = 0;
                for (int r = b * BLOCK; r < to; r++) {
                    sampler.sample(seed, r, s);
                    for (int l = 0; l < nl; l++) {
                        fast.evaluate(layers[l], s);
                        peaks[l][r] = fast.peak;
                        exceeded[l][r] = fast.exceeded;
                        loadMinutes[l][r] = fast.loadMinutes;
                    }
                    if (r < floored) {
                        for (int l = 0; l < nl; l++) {
                            shortfall[l][r] = floor.shortfall(layers[floorSource[l]], floors[l], s);
                        }
                    }
                    for (EventModel e : events) {
                        int o = s.outcome[e.index];
                        et += o != 0 && (o == e.extraTime || o == e.penalties) ? 1 : 0;
                        pens += o != 0 && o == e.penalties ? 1 : 0;
                        gs += s.goalCount[e.index];
                    }
                }
                // written once per block: counters of neighbouring blocks share cache lines across threads
                extraTime[b] = et;
                penalties[b] = pens;
                goals[b] = gs;
                int d = done.addAndGet(to - b * BLOCK);
                if (progress != null) {
                    progress.accept(d);
                }
            }
        });
        carriedRuns(peaks, exceeded, loadMinutes);
        double[][] needed = new double[nl][floored];
        for (int l = 0; l < nl; l++) {
            // a node pool's shortfall is in its pods' layer's load: as pods, like its load-minutes
            double per = floorSource[l] == l ? 1 : layers[floorSource[l]].usable;
            for (int r = 0; r < floored; r++) {
                needed[l][r] = loadMinutes[l][r] + shortfall[l][r] / per;
            }
        }
        List<SimulationResult.LayerResult> out = new ArrayList<>();
        SimulationResult.LayerResult[] results = new SimulationResult.LayerResult[nl];
        AtomicInteger nextLayer = new AtomicInteger();
        parallel(Math.min(threads, nl), () -> {
            for (int l = nextLayer.getAndIncrement(); l < nl; l = nextLayer.getAndIncrement()) {
                results[l] = layerResult(l, peaks[l], exceeded[l], needed[l]);
            }
        });
        out.addAll(Arrays.asList(results));
        int knockouts = (int) Arrays.stream(events).filter(EventModel::knockout).count();
        long et = Arrays.stream(extraTime).sum();
        long pens = Arrays.stream(penalties).sum();
        long g = Arrays.stream(goals).sum();
        SimulationResult.Observed observed = new SimulationResult.Observed(knockouts,
                knockouts == 0 ? 0 : (double) et / ((long) knockouts * runs), et == 0 ? 0 : (double) pens / et,
                events.length == 0 ? 0 : (double) g / ((long) events.length * runs));
        SimulationSettings st = world.settings;
        return new SimulationResult(scenario.name(), runs, floored, seed, world.whatIfs, plan.plan().at(), plan.plan().quantile(),
                new SimulationResult.Odds(st.goalsPer90(), st.extraTime(), st.penalties(), st.adBreakJitter()),
                observed, out, cost(out, needed), new Bands(this, seed, runs));
    }

    /**
     * A layer that carries another's pods (nodes) has no audience load of its own: in each run its load is the
     * pods the carried layer's run needs at its peak, short when the nodes those pods need exceed the most the plan
     * holds (the plan holds its peak through the live period), and its unit-minutes the carried layer's pod-minutes.
     */
    private void carriedRuns(double[][] peaks, boolean[][] exceeded, double[][] loadMinutes) {
        for (int l = 0; l < layers.length; l++) {
            Layer carrier = layers[l].layer;
            if (carrier.carries().isEmpty()) {
                continue;
            }
            String name = carrier.carries().get().layer();
            for (int c = 0; c < layers.length; c++) {
                Layer carried = layers[c].layer;
                if (!carried.name().equals(name)) {
                    continue;
                }
                int most = plan.schedules().get(l).peakPlanned();
                for (int r = 0; r < peaks[l].length; r++) {
                    int pods = CapacitySizer.unbounded(carried, peaks[c][r]);
                    peaks[l][r] = pods;
                    exceeded[l][r] = CapacitySizer.unbounded(carrier, pods) > most;
                    loadMinutes[l][r] = loadMinutes[c][r] / carried.usablePerUnit();
                }
            }
        }
    }

    /**
     * @param needed per run of the floored subsample: load-minutes with each minute raised to the layer's floor
     */
    private SimulationResult.LayerResult layerResult(int l, double[] peaks, boolean[] exceeded, double[] needed) {
        LayerModel m = layers[l];
        Layer layer = m.layer;
        LayerSchedule sched = plan.schedules().get(l);
        int runs = peaks.length;
        int k = 0;
        for (boolean x : exceeded) {
            k += x ? 1 : 0;
        }
        SimulationResult.Quantiles peak = quantiles(peaks);
        SimulationResult.Quantiles units = new SimulationResult.Quantiles(CapacitySizer.unbounded(layer, peak.p50()),
                CapacitySizer.unbounded(layer, peak.p90()), CapacitySizer.unbounded(layer, peak.p99()),
                mean(Arrays.stream(peaks).map(p -> CapacitySizer.unbounded(layer, p)).toArray()));
        double[] needHours = new double[needed.length];
        for (int r = 0; r < needed.length; r++) {
            needHours[r] = needed[r] / m.usable / 60.0;
        }
        SimulationResult.Quantiles need = quantiles(needHours);
        double needError = standardError(needHours);
        double planHours = 0;
        for (int u : m.billedUnits) {
            planHours += u / 60.0;
        }
        double price = world.settings.priceFor(layer).orElse(Double.NaN);
        LayerForecast lf = sched.forecast();
        return new SimulationResult.LayerResult(layer.name(), layer.unit().id(), layer.metric().unit(), peak, units,
                lf.peakLoad(),
                layer.target().kind() == io.prescale.planner.targets.CapacityKind.CHECK ? layer.max() : sched.peakPlanned(),
                world.capacityFactor(layer.name()), SimulationResult.Exceedance.of(k, runs), price, planHours, need,
                planHours * price, scale(need, price), needError, peaks);
    }

    private SimulationResult.Cost cost(List<SimulationResult.LayerResult> ls, double[][] needed) {
        List<String> priced = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        double plan = 0;
        int runs = needed.length == 0 ? 0 : needed[0].length;
        double[] need = new double[runs];
        for (int l = 0; l < ls.size(); l++) {
            SimulationResult.LayerResult r = ls.get(l);
            if (!r.priced()) {
                unpriced.add(r.name());
                continue;
            }
            priced.add(r.name());
            plan += r.planCost();
            double perLoadMinute = r.pricePerUnitHour() / layers[l].usable / 60.0;
            for (int i = 0; i < runs; i++) {
                need[i] += needed[l][i] * perLoadMinute;
            }
        }
        boolean none = priced.isEmpty() || runs == 0;
        return new SimulationResult.Cost(priced, unpriced, priced.isEmpty() ? Double.NaN : plan,
                none ? new SimulationResult.Quantiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN) : quantiles(need),
                none ? Double.NaN : standardError(need));
    }

    private static SimulationResult.Quantiles scale(SimulationResult.Quantiles q, double f) {
        return new SimulationResult.Quantiles(q.p50() * f, q.p90() * f, q.p99() * f, q.mean() * f);
    }

    static SimulationResult.Quantiles quantiles(double[] v) {
        Percentile p = new Percentile();
        p.setData(v);
        return new SimulationResult.Quantiles(p.evaluate(50), p.evaluate(90), p.evaluate(99), mean(v));
    }

    /** The standard error of the mean (sample standard deviation over the square root of the count; 0 for one). */
    static double standardError(double[] v) {
        int n = v.length;
        if (n < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    /** The mean, summed in index order so it does not depend on how runs were spread over threads. */
    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    /** Runs {@code body} on {@code threads} threads (the caller's alone when 1) and waits; rethrows a failure. */
    private static void parallel(int threads, Runnable body) {
        if (threads <= 1) {
            body.run();
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "prescale-simulate-" + i);
            t.setDaemon(true);
            ts.add(t);
            t.start();
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ts.forEach(Thread::interrupt);
            throw new IllegalStateException("simulation interrupted", e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    // ---- one run at a time: for tests, charts and debugging

    int layerIndex(String name) {
        for (LayerModel l : layers) {
            if (l.layer.name().equals(name)) {
                return l.index;
            }
        }
        throw new IllegalArgumentException("no layer '" + name + "' (layers: "
                + String.join(", ", Arrays.stream(layers).map(l -> l.layer.name()).toList()) + ")");
    }

    /** What run {@code run} of a simulation seeded {@code seed} draws. */
    RunSample sample(long seed, int run) {
        RunSample s = new RunSample(events);
        new Sampler(events, world.settings).sample(seed, run, s);
        return s;
    }

    /** The fast path's figures, and its load-minutes raised to the floor (not for a node pool: see {@link #run}). */
    RunLoad fast(int layer, RunSample s) {
        FastPath f = new FastPath(events, layers);
        f.evaluate(layers[layer], s);
        double below = new FloorPath(layers).shortfall(layers[floorSource[layer]], floors[layer], s);
        return new RunLoad(f.peak, f.exceeded, f.loadMinutes, f.loadMinutes + below);
    }

    RunLoad exact(int layer, RunSample s) {
        return ExactPath.run(layers[layer], events, s, jitter, floors[layer].floor);
    }

    EventModel[] events() {
        return events;
    }

    LayerModel layerModel(int i) {
        return layers[i];
    }

    LoadBand band(String name, long seed, int runs) {
        LayerModel l = layers[layerIndex(name)];
        int n = l.capacity.length;
        double[] p50 = new double[n];
        double[] p90 = new double[n];
        int chunk = 1440;
        Sampler sampler = new Sampler(events, world.settings);
        RunSample s = new RunSample(events);
        float[][] v = new float[Math.min(chunk, n)][runs];
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            for (int r = 0; r < runs; r++) {
                sampler.sample(seed, r, s);
                double[] load = ExactPath.load(l, events, s, jitter, l.gridStart + from, len);
                for (int i = 0; i < len; i++) {
                    v[i][r] = (float) load[i];
                }
            }
            for (int i = 0; i < len; i++) {
                float[] x = v[i];
                Arrays.sort(x);
                p50[from + i] = x[Math.max(0, (int) Math.ceil(0.5 * runs) - 1)];
                p90[from + i] = x[Math.max(0, (int) Math.ceil(0.9 * runs) - 1)];
            }
        }
        LayerForecast lf = plan.schedules().get(l.index).forecast();
        return new LoadBand(name, Instant.ofEpochSecond(l.gridStart * 60), runs, p50, p90, lf.load().clone(),
                l.plannedUnits.clone(), l.capacity.clone());
    }
}
