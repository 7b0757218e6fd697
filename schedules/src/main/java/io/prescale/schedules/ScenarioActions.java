package io.prescale.schedules;

import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.live.Decision;
import io.prescale.planner.model.PlanSettings;
import io.prescale.providers.apply.ApplyEngine;
import io.prescale.providers.apply.LiveApplier;
import io.prescale.providers.apply.LiveRunner;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.apply.ResourceResult;
import io.prescale.providers.apply.StateObserver;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries out the daemon's actions on the real world. Every action re-reads the scenario, observes the layer's
 * target through its provider, re-plans as of now from what it observed, and applies the plan's due change for the
 * layer with the {@link ApplyEngine} (with all its safety: no scale-in while an event may be live, never below the
 * observed demand, nothing when the target cannot be read). The result is a desired state, so a repeated action finds
 * it in place and changes nothing. Active recurring holds raise the desired state to their units.
 */
public final class ScenarioActions implements ActionHandler {
    private final ScenarioSource source;
    private final ProviderRegistry registry;
    private final ProviderConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplyOptions options;
    private final DaemonMetrics metrics;
    private final DaemonLog log;
    private final Object liveLock = new Object();
    private LiveRunner liveRunner;
    private String liveKey;
    private final Map<String, java.util.Set<String>> liveProblems = new java.util.concurrent.ConcurrentHashMap<>();

    public ScenarioActions(ScenarioSource source, ProviderRegistry registry, ProviderConfig config, AuditLog audit,
                           Clock clock, ApplyOptions options, DaemonMetrics metrics, DaemonLog log) {
        this.source = source;
        this.registry = registry;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.options = options;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public ActionOutcome run(ScheduledAction a, Instant now) {
        ScenarioSource.Loaded l;
        try {
            // while the calendar is broken the daemon keeps the schedule made from its last good version: act on that
            l = source.loadOrLastGood(now);
        } catch (InvalidInputException e) {
            return ActionOutcome.failed("the scenario cannot be read: " + e.getMessage() + " (" + e.diagnostics().stream()
                    .filter(d -> d.isError()).map(d -> d.format()).limit(3).collect(Collectors.joining("; ")) + ")");
        }
        l.notes().stream().filter(n -> n.startsWith("the scenario does not load")).forEach(log::warn);
        Scenario s = l.scenario();
        return switch (a.kind()) {
            case SCALE_OUT, PREWARM, CDN_CHECK, SCALE_DOWN -> {
                Optional<String> missing = missing(s, a, now);
                yield missing.isPresent() ? ActionOutcome.skipped(missing.get())
                        : applyLayers(l, new LinkedHashSet<>(List.of(a.layer().orElseThrow())), now);
            }
            case CHECK -> missing(s, a, now).map(ActionOutcome::skipped).orElseGet(() -> check(l, a, now));
            case LIVE_TICK -> liveTick(l, a.intendedAt());
            case LEARN -> learn(s, now);
            case RECURRING_SCALE_OUT, RECURRING_RELEASE -> {
                Optional<RecurringSchedule> r = l.recurring().stream()
                        .filter(x -> x.name().equals(a.recurring().orElse(""))).findFirst();
                yield r.isEmpty() ? ActionOutcome.skipped("recurring schedule " + a.recurring().orElse("?")
                        + " is no longer in the scenario") : applyLayers(l, new LinkedHashSet<>(r.get().set().keySet()), now);
            }
        };
    }

    /**
     * The live controller's decision for one minute on every observed layer, raised through the providers. The
     * runner (its plan, its sources and the whistles it learned) is kept for the scenario's version and the day; each
     * decision is made afresh from the sources, so whichever instance claims the minute decides the same.
     */
    private ActionOutcome liveTick(ScenarioSource.Loaded l, Instant minute) {
        Scenario s = l.scenario();
        if (s.live().observe().isEmpty()) {
            return ActionOutcome.skipped("the scenario observes no layer any more (live: observe:)");
        }
        List<LiveRunner.LayerTick> ticks;
        synchronized (liveLock) {
            Instant day = minute.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            String key = l.digest() + "@" + day;
            if (!key.equals(liveKey)) {
                if (liveRunner != null) {
                    liveRunner.close();
                }
                // planned from half a day back, every layer from its min: the floor the controller keeps
                Instant anchor = day.minus(java.time.Duration.ofHours(12));
                Map<String, Integer> mins = new LinkedHashMap<>();
                s.layers().forEach(x -> mins.put(x.name(), x.min()));
                PlanSettings p = s.plan();
                Scenario wide = s.withPlanSettings(new PlanSettings(p.from(), p.quantile(), p.maxAge(),
                        p.horizon().plus(java.time.Duration.ofDays(1))));
                Planner.Result plan = Planner.plan(wide, anchor, anchor, new ObservedState("live", anchor, mins));
                liveRunner = new LiveRunner(wide, source.dir(), plan, config, new LiveApplier(registry, config, audit,
                        clock, plan.plan(), options.dryRun(), options.callTimeout()), options.callTimeout(),
                        java.time.Duration.ofDays(7));
                liveKey = key;
            }
            ticks = liveRunner.tick(minute);
        }
        boolean failed = false;
        List<String> parts = new ArrayList<>();
        for (LiveRunner.LayerTick t : ticks) {
            metrics.live(t);
            failed |= t.failed();
            if (t.decision().isEmpty() || t.decision().get().state() == Decision.State.IDLE) {
                continue;
            }
            Decision d = t.decision().get();
            String what = t.layer() + " " + d.state() + " asks " + d.units() + " (plan " + t.planUnits() + ")"
                    + t.action().map(r -> ": " + r.status() + (r.before() >= 0 ? " " + r.before() + " -> " + r.after()
                    : "") + (r.status().isFailure() ? " " + r.message() : "")).orElse("");
            parts.add(what);
        }
        for (LiveRunner.LayerTick t : ticks) {
            // each problem once per layer while it lasts, not once a minute
            java.util.Set<String> now = new java.util.LinkedHashSet<>();
            t.diagnostics().forEach(x -> now.add(x.format()));
            java.util.Set<String> before = liveProblems.getOrDefault(t.layer(), java.util.Set.of());
            now.stream().filter(x -> !before.contains(x)).forEach(x -> log.warn("live " + t.layer() + ": " + x));
            if (now.isEmpty() && !before.isEmpty()) {
                log.info("live " + t.layer() + ": the source reads cleanly again");
            }
            liveProblems.put(t.layer(), now);
        }
        String detail = parts.isEmpty() ? "no event on the observed layers may be live" : String.join("; ", parts);
        return failed ? ActionOutcome.failed(detail) : ActionOutcome.done(detail);
    }

    /** The re-fit after an event: a new version of the learned fragments, applied when its fit is no worse. */
    private ActionOutcome learn(Scenario s, Instant now) {
        Learner.Result r = Learner.learn(s, source.dir(), config, now, options.callTimeout());
        metrics.learned(r);
        if (r.outcome().state() == ExecutionState.FAILED) {
            log.warn(r.outcome().detail());
        } else if (r.rejected() || r.version().map(v -> v.status().equals("accepted-worse")).orElse(false)) {
            log.warn(r.outcome().detail());
        } else {
            log.info(r.outcome().detail());
        }
        return r.outcome();
    }

    /** Why an event action has nothing to act on any more: its layer or event left the scenario. */
    private static Optional<String> missing(Scenario s, ScheduledAction a, Instant now) {
        if (a.layer().isEmpty() || s.layer(a.layer().get()).isEmpty()) {
            return Optional.of("layer " + a.layer().orElse("?") + " is no longer in the scenario");
        }
        if (a.kind() != JobKind.SCALE_DOWN && a.event().isPresent()
                && s.events().stream().noneMatch(e -> e.id().equals(a.event().get()))) {
            return Optional.of("event " + a.event().get() + " is no longer in the calendar");
        }
        return Optional.empty();
    }

    /** Observes the layers, re-plans as of now, and applies the due change of each (holds included). */
    private ActionOutcome applyLayers(ScenarioSource.Loaded l, Set<String> layers, Instant now) {
        Scenario s = l.scenario();
        Map<String, Integer> observed = observe(s, layers);
        Planner.Result r = Planner.plan(s, now, now, new ObservedState("providers", now, observed));
        Plan plan = restrict(r.plan(), layers, holds(l, now), observed, now, this::raise);
        ApplyReport rep = engine().apply(plan, options);
        return outcome(rep, layers, observed);
    }

    /**
     * Shortly before kickoff: is the capacity the plan wants by now in place? If not, re-apply; if it still is not,
     * report it (a metric and a log line) and fail the execution.
     */
    private ActionOutcome check(ScenarioSource.Loaded l, ScheduledAction a, Instant now) {
        Scenario s = l.scenario();
        String layer = a.layer().orElseThrow();
        String event = a.event().orElse("?");
        StateObserver.Result state = observeState(s, Set.of(layer));
        Map<String, Integer> observed = state.units();
        Planner.Result r = Planner.plan(s, now, now, new ObservedState("providers", now, observed));
        int need = Math.max(requestedBy(r, layer, now), holds(l, now).getOrDefault(layer, 0));
        int have = observed.getOrDefault(layer, -1);
        if (have >= need) {
            // asked for is not in place until it serves: instances InService, pods ready
            int serving = state.serving().getOrDefault(layer, -1);
            if (serving >= 0 && serving < need) {
                metrics.capacityShort(event, layer, need - serving);
                log.warn("check " + event + "/" + layer + ": " + have + " " + unit(s, layer) + " asked for, " + serving
                        + " serving; checked again shortly");
                return ActionOutcome.failed("not yet serving: " + serving + " of " + need + " " + unit(s, layer)
                        + " in service (" + have + " asked for) for " + event + "; checked again until kickoff");
            }
            metrics.capacityShort(event, layer, 0);
            return ActionOutcome.done("in place: " + have + " >= " + need + " " + unit(s, layer) + " for " + event
                    + (serving >= 0 ? ", " + serving + " serving" : ""));
        }
        log.warn("check " + event + "/" + layer + ": " + have + " of " + need + " " + unit(s, layer)
                + " in place; re-applying");
        Plan plan = restrict(r.plan(), Set.of(layer), holds(l, now), observed, now, this::raise);
        ApplyReport rep = engine().apply(plan, options);
        int after = observe(s, Set.of(layer)).getOrDefault(layer, -1);
        if (after >= need) {
            metrics.capacityShort(event, layer, 0);
            return ActionOutcome.done("was short (" + have + " of " + need + " " + unit(s, layer) + "), re-applied: now "
                    + after);
        }
        metrics.capacityShort(event, layer, need - Math.max(0, after));
        String why = rep.refused() ? rep.refusal() : rep.results().stream().map(x -> x.status() + " " + x.message())
                .collect(Collectors.joining("; "));
        log.error("CAPACITY SHORT for " + event + " on " + layer + ": " + (after < 0 ? "unreadable" : after) + " of "
                + need + " " + unit(s, layer) + " before kickoff after re-applying (" + why + ")");
        return ActionOutcome.failed("capacity short: " + (after < 0 ? "unreadable" : String.valueOf(after)) + " of "
                + need + " " + unit(s, layer) + " after re-applying (" + why + ")");
    }

    /** What the plan wants requested by now: the most it plans to serve within the layer's lead time. */
    private static int requestedBy(Planner.Result r, String layer, Instant now) {
        int i = r.forecast().indexOf(now);
        for (LayerSchedule ls : r.schedules()) {
            if (ls.forecast().layer().name().equals(layer) && i >= 0 && i < ls.requested().length) {
                return ls.requested()[i];
            }
        }
        return 0;
    }

    private Map<String, Integer> observe(Scenario s, Set<String> layers) {
        return observeState(s, layers).units();
    }

    /** What the layers' targets hold (an unreadable one keeps its baseline) and what of it serves. */
    private StateObserver.Result observeState(Scenario s, Set<String> layers) {
        List<Layer> ls = s.layers().stream().filter(x -> layers.contains(x.name())).toList();
        Map<String, Integer> fallback = new LinkedHashMap<>(s.baseline());
        StateObserver.Result r = new StateObserver(registry, config).observe(ls, fallback, options.parallelism(),
                options.callTimeout());
        for (ProviderDiagnostic d : r.diagnostics()) {
            log.warn("observe: " + d.format());
        }
        return r;
    }

    /** Units per layer that active recurring holds keep at least. */
    static Map<String, Integer> holds(ScenarioSource.Loaded l, Instant now) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (RecurringSchedule r : l.recurring()) {
            if (RecurringTimes.of(r).activeAt(now).isPresent()) {
                r.set().forEach((layer, u) -> out.merge(layer, u, Math::max));
            }
        }
        return out;
    }

    /**
     * The plan cut down to the action's layers, with active holds applied to what is due now: a due change below a
     * hold is raised to it, and a layer with nothing due but below a hold gets a change to it.
     */
    /** How a target type raises capacity: a pre-warm for a reserved kind, else a scale-out. */
    private Action raise(LayerSummary layer) {
        return registry.find(layer.targetType())
                .filter(f -> f.target().kind() == io.prescale.planner.targets.CapacityKind.PREWARM)
                .map(f -> Action.PREWARM).orElse(Action.SCALE_OUT);
    }

    static Plan restrict(Plan p, Set<String> layers, Map<String, Integer> holds, Map<String, Integer> observed,
                         Instant now, java.util.function.Function<LayerSummary, Action> raise) {
        List<LayerSummary> ls = p.layers().stream().filter(x -> layers.contains(x.name())).toList();
        List<Change> changes = new ArrayList<>(p.changes().stream().filter(c -> layers.contains(c.layer())).toList());
        for (LayerSummary layer : ls) {
            Integer hold = holds.get(layer.name());
            if (hold == null) {
                continue;
            }
            Optional<Change> latestDue = changes.stream().filter(c -> c.layer().equals(layer.name())
                    && c.action() != Action.NO_OP && !c.at().isAfter(now)).max(Comparator.comparing(Change::at));
            int current = observed.getOrDefault(layer.name(), layer.min());
            int level = latestDue.map(Change::to).orElse(current);
            if (level >= hold) {
                continue;
            }
            Action up = raise.apply(layer);
            String why = "recurring hold: at least " + hold + " " + layer.unit() + " until its hold is over";
            if (latestDue.isPresent()) {
                Change c = latestDue.get();
                changes.set(changes.indexOf(c), new Change(c.layer(), c.targetType(), c.target(),
                        hold > c.from() ? up : c.action(), c.at(), c.neededAt(), c.from(), hold, c.unit(), c.events(),
                        c.reason() + "; " + why));
            } else if (current < hold) {
                changes.add(new Change(layer.name(), layer.targetType(), layer.target(), up, now, now, current, hold,
                        layer.unit(), List.of(), why));
            }
        }
        changes.sort(Comparator.comparing(Change::at).thenComparing(Change::layer));
        return new Plan(p.formatVersion(), p.scenario(), p.at(), p.createdAt(), p.digest(), p.inputs(), p.quantile(),
                p.maxAge(), p.observed(), p.applyable(), p.events(), ls, changes, p.diagnostics(), p.cost());
    }

    private static ActionOutcome outcome(ApplyReport rep, Set<String> layers, Map<String, Integer> observed) {
        if (rep.refused()) {
            return ActionOutcome.failed("refused: " + rep.refusal() + rep.drift().stream().map(d -> "; " + d.describe())
                    .collect(Collectors.joining()));
        }
        if (!rep.unreadable().isEmpty()) {
            // not "nothing due": what could not be read may still need the change; the job is tried again
            return ActionOutcome.failed(rep.unreadable().size() + " of " + rep.targets() + " targets unreadable: "
                    + rep.unreadable().stream().map(u -> u.layer() + " (" + u.resource() + ": " + u.diagnostics().stream()
                    .map(x -> x.summary()).findFirst().orElse("?") + ")").collect(Collectors.joining(", "))
                    + (rep.results().isEmpty() ? "" : "; " + rep.results().stream().map(ScenarioActions::describe)
                    .collect(Collectors.joining("; "))));
        }
        if (rep.results().isEmpty()) {
            return ActionOutcome.done("nothing due: " + layers.stream().map(x -> x + " at " + observed.getOrDefault(x, -1))
                    .collect(Collectors.joining(", ")) + " is what the plan wants now");
        }
        String text = rep.results().stream().map(ScenarioActions::describe).collect(Collectors.joining("; "));
        return rep.failed() ? ActionOutcome.failed(text) : ActionOutcome.done(text);
    }

    private static String describe(ResourceResult x) {
        String units = x.status() == ChangeStatus.UNCHANGED || x.before() == x.after() ? String.valueOf(x.after())
                : x.before() + " -> " + x.after();
        return x.status() + " " + x.layer() + " " + units + (x.message().isEmpty() ? "" : " (" + x.message() + ")");
    }

    private static String unit(Scenario s, String layer) {
        return s.layer(layer).map(l -> l.unit().id()).orElse("units");
    }

    private ApplyEngine engine() {
        return new ApplyEngine(registry, config, audit, clock);
    }
}
