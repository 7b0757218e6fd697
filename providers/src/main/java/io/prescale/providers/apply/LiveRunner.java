package io.prescale.providers.apply;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.live.Decision;
import io.prescale.planner.live.LiveController;
import io.prescale.planner.live.LiveLayer;
import io.prescale.planner.live.LiveSettings;
import io.prescale.planner.live.Whistles;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.providers.metrics.MetricQuery;
import io.prescale.providers.metrics.MetricRead;
import io.prescale.providers.metrics.MetricSource;
import io.prescale.providers.metrics.MetricSources;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the live controller against a scenario's metric sources for {@code prescale watch} and the daemon. Each
 * decision is made afresh from the data: a new controller learns the whistles of the history (read once, then
 * kept), replays the decisions of the current live stretch (at most {@link #MAX_CATCH_UP} minutes) and decides
 * for the minute asked. So the decision for a minute depends only on the plan and on what the source holds, and any
 * instance of a cluster, or a restarted one, makes the same one.
 */
public final class LiveRunner implements AutoCloseable {
    /** The longest live stretch replayed to reach the ladder's level (an event with extra time fits well within). */
    static final int MAX_CATCH_UP = 12 * 60;

    /**
     * One layer's decision for one minute, and what came of it.
     *
     * @param observedUnits units the load just seen needs (-1 without a sample): what the buffer is counted from
     * @param carries       for a layer that carries an observed one (nodes for pods), that layer: its decision is
     *                      the units it needs for what the live controller asks of the carried layer
     */
    public record LayerTick(String layer, Optional<Decision> decision, int planUnits, int observedUnits,
                            Optional<ResourceResult> action, List<ProviderDiagnostic> diagnostics,
                            Optional<String> carries) {
        public LayerTick(String layer, Optional<Decision> decision, int planUnits, int observedUnits,
                         Optional<ResourceResult> action, List<ProviderDiagnostic> diagnostics) {
            this(layer, decision, planUnits, observedUnits, action, diagnostics, Optional.empty());
        }

        public boolean failed() {
            return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR)
                    || action.map(a -> a.status().isFailure()).orElse(false);
        }
    }

    private record Loop(Layer layer, LiveLayer live, MetricSource source, double ceiling, double[] history,
                        long historyStart, List<Long> whistles, Map<Long, double[]> whistleWindows,
                        List<Carrier> carriers) {
    }

    /**
     * A layer whose units carry an observed layer's (nodes for pods), with its plan per grid minute: when the live
     * controller asks the carried layer for more than its plan, the carrier must follow, and sooner, since what it
     * requests now serves only after its own warm-up and lead time.
     */
    private record Carrier(Layer layer, int[] plan) {
    }

    /** Minutes read around a whistle on the grid to learn its surge: the level before it, the surge after. */
    static final int WHISTLE_BEFORE = 10;
    static final int WHISTLE_AFTER = 20;

    private final Scenario scenario;
    private final LiveSettings settings;
    private final Duration timeout;
    private final Duration history;
    private final LiveApplier applier;
    private final List<Loop> loops = new ArrayList<>();
    private boolean historyRead;
    private final List<ProviderDiagnostic> historyDiagnostics = new ArrayList<>();

    /**
     * @param plan    the plan under the loop (the controller never asks for less than its capacity)
     * @param history how far back to read each source once, to learn the final whistles already played
     */
    public LiveRunner(Scenario s, Path scenarioDir, Planner.Result plan, ProviderConfig config, LiveApplier applier,
                      Duration timeout, Duration history) {
        this.scenario = s;
        this.timeout = timeout;
        this.history = history;
        this.applier = applier;
        LiveConfig live = s.live();
        this.settings = LiveSettings.DEFAULT.withQuantile(live.quantile().orElse(Math.max(0.5, s.plan().quantile())))
                .withSourceDelay(live.delay()).withStaleAfter(live.staleAfter());
        Forecast f = plan.forecast();
        Forecast median = new RpsForecaster().forecast(s, f.at(), 0.5, e -> true);
        for (LiveConfig.Observe o : live.observe().values()) {
            Layer l = s.layer(o.layer()).orElseThrow();
            LayerSchedule sched = plan.schedules().stream().filter(x -> x.forecast().layer().name().equals(l.name()))
                    .findFirst().orElseThrow();
            LiveLayer ll = LiveLayer.of(l, median, f, sched.requested());
            // a load beyond a thousand times the layer's max capacity is a unit mistake, not a crowd
            double ceiling = Math.max(1, l.max()) * l.perUnit() * 1000;
            long minutes = history.toMinutes();
            long from = f.gridStart() - minutes;
            List<Carrier> carriers = new ArrayList<>();
            for (Layer c : s.layers()) {
                if (c.carries().map(x -> x.layer().equals(l.name())).orElse(false)) {
                    plan.schedules().stream().filter(x -> x.forecast().layer().name().equals(c.name())).findFirst()
                            .ifPresent(cs -> carriers.add(new Carrier(c, cs.requested())));
                }
            }
            loops.add(new Loop(l, ll, MetricSources.of(o, scenarioDir, config), ceiling, new double[(int) minutes],
                    from, Whistles.past(s, l, Instant.ofEpochSecond(from * 60), Instant.ofEpochSecond(f.gridStart() * 60)),
                    new java.util.HashMap<>(), List.copyOf(carriers)));
        }
    }

    /** The observed layers, in the scenario's order. */
    public List<String> layers() {
        return loops.stream().map(l -> l.layer().name()).toList();
    }

    /** The last minute any planned event may be live (epoch minute, exclusive). */
    public long lastLiveMinute() {
        long last = Long.MIN_VALUE;
        for (Loop lp : loops) {
            for (int i = lp.live().length() - 1; i >= 0; i--) {
                if (lp.live().active()[i]) {
                    last = Math.max(last, lp.live().gridStart() + i + 1);
                    break;
                }
            }
        }
        return last;
    }

    /** Decides every observed layer for the minute holding {@code now}, and carries the decisions out. */
    public List<LayerTick> tick(Instant now) {
        if (!historyRead) {
            historyRead = true;
            for (Loop lp : loops) {
                MetricRead r = MetricSources.readRange(lp.source(), lp.layer().name(), lp.historyStart(),
                        lp.historyStart() + lp.history().length, lp.ceiling(), timeout);
                System.arraycopy(r.values(), 0, lp.history(), 0, lp.history().length);
                historyDiagnostics.addAll(r.diagnostics());
            }
        }
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        List<LayerTick> out = new ArrayList<>();
        for (Loop lp : loops) {
            out.addAll(tick(lp, minute));
        }
        return out;
    }

    /** Problems met reading the history (reported with the first tick). */
    public List<ProviderDiagnostic> historyDiagnostics() {
        return List.copyOf(historyDiagnostics);
    }

    /** The observed layer's tick, after those of the layers carrying it (nodes are raised before their pods). */
    private List<LayerTick> tick(Loop lp, long minute) {
        LiveLayer ll = lp.live();
        int idx = (int) (minute - ll.gridStart());
        if (idx < 0 || idx >= ll.length()) {
            return List.of(new LayerTick(lp.layer().name(), Optional.empty(), -1, -1, Optional.empty(), List.of()));
        }
        List<ProviderDiagnostic> diags = new ArrayList<>();
        double[] observed = new double[ll.length()];
        Arrays.fill(observed, Double.NaN);
        int from = Math.max(ll.activeSince(idx), idx - MAX_CATCH_UP);
        // the lookback the controller reads, and the stretch replayed to reach the ladder's level
        int readFrom = Math.max(0, Math.min(from, idx) - 180);
        if (ll.active()[idx] && readFrom < idx) {
            MetricRead r = lp.source().read(new MetricQuery(lp.layer().name(), ll.gridStart() + readFrom,
                    ll.gridStart() + idx, lp.ceiling(), timeout));
            System.arraycopy(r.values(), 0, observed, readFrom, idx - readFrom);
            diags.addAll(r.diagnostics());
        }
        Decision d = decide(lp, Duration.ZERO, idx, from, readFrom, observed, diags);
        List<LayerTick> out = new ArrayList<>();
        if (d.state() != Decision.State.IDLE) {
            for (Carrier c : lp.carriers()) {
                out.add(carrierTick(lp, c, d, decide(lp, c.layer().totalLead(), idx, from, readFrom, observed,
                        new ArrayList<>())));
            }
        }
        Optional<ResourceResult> action = Optional.empty();
        if (d.state() != Decision.State.IDLE) {
            ResourceResult r = raise(lp.layer().name(), d);
            diags.addAll(r.diagnostics());
            action = Optional.of(r);
        }
        int observedUnits = Double.isFinite(d.observed())
                ? io.prescale.planner.sizing.CapacitySizer.bounded(lp.layer(), d.observed()) : -1;
        out.add(new LayerTick(lp.layer().name(), Optional.of(d), ll.floor()[idx], observedUnits, action, diags));
        return out;
    }

    /**
     * The controller's decision for minute {@code idx}, looking {@code extraLead} beyond the layer's own scale-up
     * time: it learns the whistles of the history and of the grid, and replays the live stretch from {@code from}.
     */
    private Decision decide(Loop lp, Duration extraLead, int idx, int from, int readFrom, double[] observed,
                            List<ProviderDiagnostic> diags) {
        LiveLayer ll = lp.live();
        LiveController c = new LiveController(ll, settings, extraLead);
        if (lp.history().length > 0) {
            c.learnHistory(lp.history(), lp.historyStart(), lp.whistles());
        }
        // the whistles already played on the grid, before the stretch read now: each read once, then kept
        int seen = idx - (int) Math.ceil(settings.sourceDelay().toSeconds() / 60.0) + 1;
        for (LiveLayer.EventLoad e : ll.events()) {
            int w = e.whistle();
            if (w + WHISTLE_AFTER > seen || w - WHISTLE_BEFORE >= readFrom) {
                continue;
            }
            long wm = ll.gridStart() + w;
            double[] window = lp.whistleWindows().computeIfAbsent(wm, k -> {
                MetricRead r = lp.source().read(new MetricQuery(lp.layer().name(), k - WHISTLE_BEFORE,
                        k + WHISTLE_AFTER, lp.ceiling(), timeout));
                diags.addAll(r.diagnostics());
                return r.failed() ? null : r.values();
            });
            if (window != null) {
                c.learnHistory(window, wm - WHISTLE_BEFORE, List.of(wm));
            }
        }
        for (int i = from; i < idx; i++) {
            c.tick(i, observed);
        }
        return c.tick(idx, observed);
    }

    /**
     * The carrier's units for what the carried layer is asked now and will be asked within the carrier's own
     * warm-up and lead time ({@code ahead}: the same controller looking that much further), never below its plan;
     * raised before the carried layer, so pods asked for do not wait in Pending for nodes.
     */
    private LayerTick carrierTick(Loop lp, Carrier c, Decision carried, Decision ahead) {
        int idx = carried.index();
        int plan = c.plan()[idx];
        int units = Math.max(carried.units(), ahead.units());
        int needed = io.prescale.planner.sizing.CapacitySizer.bounded(c.layer(), units);
        int asked = Math.max(needed, plan);
        Decision.State state = carried.state() == Decision.State.STALE ? Decision.State.STALE
                : asked > plan ? Decision.State.RAISE : Decision.State.HOLD;
        String reason = "carries " + lp.layer().name() + ": the live controller asks up to " + units + " "
                + lp.layer().unit().id() + " of it within the " + io.prescale.planner.model.Quantities.format(
                c.layer().totalLead()) + " " + c.layer().name() + " take to serve (warm-up and lead time), which need "
                + needed + " " + c.layer().unit().id() + "; plan " + plan;
        Decision d = new Decision(idx, carried.seenUpTo(), Double.NaN, Double.NaN, 1, 0, Double.NaN, units, needed,
                asked, state, reason);
        ResourceResult r = raise(c.layer().name(), d);
        return new LayerTick(c.layer().name(), Optional.of(d), plan, -1, Optional.of(r), List.copyOf(r.diagnostics()),
                Optional.of(lp.layer().name()));
    }

    /** Raises the layer to the units the decision asks for, the decision in words and figures for the audit log. */
    private ResourceResult raise(String layer, Decision d) {
        Map<String, String> decision = new LinkedHashMap<>();
        decision.put("state", d.state().name());
        decision.put("unitsAsked", Integer.toString(d.units()));
        decision.put("reason", d.reason());
        return applier.raise(layer, d.units(), decision);
    }

    @Override
    public void close() {
        loops.forEach(lp -> lp.source().close());
        applier.close();
    }
}
