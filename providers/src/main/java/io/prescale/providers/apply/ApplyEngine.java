package io.prescale.providers.apply;

import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Target;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import io.prescale.providers.spi.QuotaCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Applies a saved plan. It never plans: it takes the plan's changes whose time has come, one desired state per
 * layer (the latest due change), and sets each target to it. Before touching anything it re-observes every target
 * and refuses when the plan is too old or any resource drifted from what the plan assumed. Scale-in never runs
 * while an event on the layer may still be live, never goes below the observed demand, and is skipped when the
 * target cannot be read, so a failure never leaves capacity lower than it was.
 */
public final class ApplyEngine {
    private final ProviderRegistry registry;
    private final ProviderConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public ApplyEngine(ProviderRegistry registry, ProviderConfig config, AuditLog audit, Clock clock) {
        this.registry = registry;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /** One layer's work: its target, the due change to carry out, and how the target looks now. */
    private record Work(LayerSummary layer, Target target, Change change, CapacityProvider provider,
                        ObserveResponse observed) {
    }

    /**
     * Why a saved plan may not be carried out at {@code now} at all (it has errors, or it is older than its max
     * age), or empty. {@code native-schedule} makes the same checks as {@code apply}.
     */
    public static Optional<String> refusal(Plan plan, Instant now) {
        if (!plan.applyable()) {
            return Optional.of("the plan has errors and cannot be applied; fix them and plan again");
        }
        Duration age = Duration.between(plan.createdAt(), now);
        if (age.compareTo(plan.maxAge()) > 0) {
            return Optional.of("the plan is " + Quantities.format(age.withNanos(0)) + " old, older than its max age "
                    + Quantities.format(plan.maxAge()) + "; make a new plan");
        }
        return Optional.empty();
    }

    public ApplyReport apply(Plan plan, ApplyOptions opts) {
        Instant now = clock.instant();
        long deadline = System.nanoTime() + opts.timeout().toNanos();
        Optional<String> refused = refusal(plan, now);
        if (refused.isPresent()) {
            return refused(plan, now, opts, refused.get());
        }
        Map<String, LayerSummary> layers = new LinkedHashMap<>();
        plan.layers().forEach(l -> layers.put(l.name(), l));
        Map<String, List<Change>> due = new LinkedHashMap<>();
        int notYetDue = 0;
        Instant nextDue = null;
        for (Change c : plan.changes()) {
            if (c.action() == Action.NO_OP) {
                continue;
            }
            if (c.at().isAfter(now)) {
                notYetDue++;
                nextDue = nextDue == null || c.at().isBefore(nextDue) ? c.at() : nextDue;
            } else {
                due.computeIfAbsent(c.layer(), k -> new ArrayList<>()).add(c);
            }
        }

        Map<String, CapacityProvider> providers = new LinkedHashMap<>();
        List<ResourceResult> results = new ArrayList<>();
        List<ApplyReport.Unreadable> unreadableAll = new ArrayList<>();
        List<Drift> driftAll = new ArrayList<>();
        int readableAll = 0;
        try {
            Map<String, Target> targets = new LinkedHashMap<>();
            for (LayerSummary l : layers.values()) {
                Optional<ProviderFactory> f = registry.find(l.targetType());
                if (f.isEmpty()) {
                    if (due.containsKey(l.name())) {
                        results.add(new ResourceResult(l.name(), l.target(), due.get(l.name()).get(0).action(),
                                ChangeStatus.FAILED, -1, -1, "no provider for target type '" + l.targetType()
                                + "' (known: " + String.join(", ", registry.types()) + ")", List.of()));
                    }
                    continue;
                }
                targets.put(l.name(), new Target(f.get().target(), l.target(), l.targetSettings()));
                providers.computeIfAbsent(l.targetType(), t -> f.get().create(config));
            }
            // Re-observe every target, not only those with due changes: drift anywhere means the plan is stale.
            Map<String, ObserveResponse> observed = parallel(opts.parallelism(), new ArrayList<>(targets.keySet()),
                    name -> observe(providers.get(layers.get(name).targetType()), name, targets.get(name), opts),
                    deadline, name -> ObserveResponse.failed(name, targets.get(name).name(), ProviderDiagnostic.error(
                            targets.get(name).name(), "not read within the apply's timeout " + Quantities.format(
                                    opts.timeout()), "", "ApplyTimeout")));
            List<ApplyReport.Unreadable> unreadable = new ArrayList<>();
            for (var e : observed.entrySet()) {
                Target t = targets.get(e.getKey());
                if (e.getValue().observation().isEmpty() && t.spec().observable()) {
                    unreadable.add(new ApplyReport.Unreadable(e.getKey(), t.describe(), e.getValue().diagnostics()));
                }
            }
            int readable = (int) targets.values().stream().filter(t -> t.spec().observable()).count();
            unreadableAll.addAll(unreadable);
            readableAll = readable;
            if (!opts.dryRun()) {
                recordFound(plan, targets, observed);
            }
            driftAll.addAll(drift(plan, layers, targets, due, observed, audit));
            Map<String, Drift> drifted = new LinkedHashMap<>();
            driftAll.forEach(d -> drifted.put(d.layer(), d));
            List<Work> work = new ArrayList<>();
            for (var e : due.entrySet()) {
                if (!targets.containsKey(e.getKey())) {
                    continue;
                }
                List<Change> cs = e.getValue();
                cs.sort(Comparator.comparing(Change::at));
                Change latest = cs.get(cs.size() - 1);
                LayerSummary l = layers.get(e.getKey());
                Drift d = drifted.get(l.name());
                if (d != null) {
                    // only this resource is refused: the others' changes still go out
                    ResourceResult r = new ResourceResult(l.name(), targets.get(l.name()).describe(), latest.action(),
                            ChangeStatus.FAILED, d.observed(), d.observed(), "refused: " + d.describe()
                            + "; someone else changed it since the plan was made: make a new plan", List.of());
                    audit.record(clock.instant(), plan.digest(), opts.dryRun(), r, Map.of("drift", d.describe()));
                    results.add(r);
                    continue;
                }
                work.add(new Work(l, targets.get(l.name()), latest, providers.get(l.targetType()), observed.get(l.name())));
            }
            // in the order the target types declare: entry points and checks, then machines, then workloads
            for (ApplyPhase p : ApplyPhase.values()) {
                List<Work> batch = work.stream().filter(w -> w.target().spec().phase() == p).toList();
                results.addAll(parallel(opts.parallelism(), batch, w -> carryOut(plan, w, now, opts), deadline,
                        w -> timedOut(plan, w, opts)).values());
            }
        } finally {
            providers.values().forEach(CapacityProvider::close);
        }
        // a target the first read missed but its change then read and handled is not unreadable
        java.util.Set<String> handled = new HashSet<>();
        results.stream().filter(x -> !x.status().isFailure()).forEach(x -> handled.add(x.layer()));
        unreadableAll.removeIf(u -> handled.contains(u.layer()));
        return new ApplyReport(plan.digest(), now, opts.dryRun(), "", driftAll, results, notYetDue, nextDue,
                unreadableAll, readableAll);
    }

    /**
     * Every change of a managed target goes to the audit log, also one this run did not make: a target found at
     * another value than the log last recorded (or the plan assumed) gets a line saying so, and whether it matches
     * a write prescale could not confirm (its answer was lost) or is someone else's change.
     */
    private void recordFound(Plan plan, Map<String, Target> targets, Map<String, ObserveResponse> observed) {
        for (var e : observed.entrySet()) {
            Target t = targets.get(e.getKey());
            Optional<Observation> o = e.getValue().observation();
            if (o.isEmpty() || !t.spec().observable() || t.kind() == CapacityKind.CHECK) {
                continue;
            }
            Integer assumed = plan.observed().units().get(e.getKey());
            Optional<Integer> known = audit.lastKnown(e.getKey()).or(() -> Optional.ofNullable(assumed));
            int found = o.get().units();
            if (known.isEmpty() || known.get() == found) {
                continue;
            }
            String note = audit.unconfirmed(e.getKey()).contains(found)
                    ? "a previous write took effect (its answer was lost)"
                    : "changed outside this plan's runs (the target's own scaling or someone else)";
            audit.observed(clock.instant(), plan.digest(), e.getKey(), t.describe(), known.get(), found, note);
        }
    }

    /** A change still running (or not started) when the apply's deadline passed: its outcome is unknown. */
    private ResourceResult timedOut(Plan plan, Work w, ApplyOptions opts) {
        ResourceResult r = result(w, ChangeStatus.FAILED, w.observed().observation().map(Observation::units).orElse(-1),
                -1, "not finished within the apply's timeout " + Quantities.format(opts.timeout()) + "; whether it "
                        + "took effect is unknown: re-run apply to see and complete it", List.of());
        audit.record(clock.instant(), plan.digest(), opts.dryRun(), r, Map.of("asked",
                Integer.toString(w.change().to())));
        return r;
    }

    private ObserveResponse observe(CapacityProvider p, String layer, Target t, ApplyOptions opts) {
        try {
            return p.observe(new ObserveRequest(layer, t, opts.callTimeout()));
        } catch (RuntimeException e) {
            if (!ProviderFailure.is(e)) {
                throw e;
            }
            return ObserveResponse.failed(layer, t.name(), ProviderDiagnostic.error(t.name(), "cannot observe",
                    String.valueOf(e.getMessage()), e.getClass().getSimpleName()));
        }
    }

    /**
     * A resource drifted when it can be read and holds neither the capacity the plan assumed, nor a value the plan's
     * due changes set, nor one prescale itself wrote under this plan (the audit log: a scale-in held at demand is
     * prescale's own write, not someone else's). Above the plan's assumption while the due change raises it is the
     * safe direction (a group's own policy added instances before kickoff): not drift, the scale-out proceeds and
     * never lowers it. Checks and plan-only layers cannot drift.
     */
    private static List<Drift> drift(Plan plan, Map<String, LayerSummary> layers, Map<String, Target> targets,
                                     Map<String, List<Change>> due,
                                     Map<String, ObserveResponse> observed, AuditLog audit) {
        List<Drift> out = new ArrayList<>();
        for (var e : observed.entrySet()) {
            LayerSummary l = layers.get(e.getKey());
            Target t = targets.get(e.getKey());
            if (t.kind() == CapacityKind.CHECK || !t.spec().observable()) {
                continue;
            }
            Optional<Observation> o = e.getValue().observation();
            Integer assumed = plan.observed().units().get(l.name());
            if (o.isEmpty() || assumed == null) {
                continue;
            }
            Set<Integer> allowed = new HashSet<>();
            allowed.add(assumed);
            List<Change> cs = due.getOrDefault(l.name(), List.of());
            for (Change c : cs) {
                allowed.add(c.to());
            }
            int now = o.get().units();
            if (allowed.contains(now)) {
                continue;
            }
            Change latest = cs.stream().max(Comparator.comparing(Change::at)).orElse(null);
            boolean raising = latest != null && (latest.action() == Action.SCALE_OUT || latest.action() == Action.PREWARM);
            if (raising && now > assumed) {
                continue;
            }
            if (audit.written(plan.digest(), l.name()).contains(now)) {
                continue;
            }
            out.add(new Drift(l.name(), e.getValue().resource(), assumed, now, "observed " + o.get().details()));
        }
        return out;
    }

    private ResourceResult carryOut(Plan plan, Work w, Instant now, ApplyOptions opts) {
        Change c = w.change();
        Optional<Observation> obs = w.observed().observation();
        int before = obs.map(Observation::units).orElse(-1);
        ResourceResult r;
        Map<String, String> details = Map.of();
        LayerSummary bounds = w.layer();
        if (c.action() != Action.CHECK && (c.to() > bounds.max() || c.to() < bounds.min())) {
            // a plan carries its bounds, and its digest keeps them; checked again here so no path skips them
            r = result(w, ChangeStatus.FAILED, before, before, "the change to " + c.to() + " is outside layer "
                    + c.layer() + "'s bounds [" + bounds.min() + ", " + bounds.max() + "]; nothing sent", List.of());
        } else if (c.action() == Action.SCALE_IN) {
            Optional<PlanEvent> live = liveEvent(plan, c.layer(), now);
            if (obs.isEmpty()) {
                r = result(w, ChangeStatus.FAILED, before, before, "cannot read the current state; capacity left as "
                        + "it is", w.observed().diagnostics());
            } else if (live.isPresent()) {
                r = result(w, ChangeStatus.SKIPPED, before, before, "event " + live.get().id() + " may still be live "
                        + "until " + live.get().holdsUntil(c.layer()) + "; not scaling in", List.of());
            } else {
                int to = Math.max(c.to(), obs.get().floor());
                // at the target already, the provider is still asked: it restores bounds and removes its marks
                // (a group's saved min and max, a deleted tag that did not take) and answers UNCHANGED if none are left
                if (to > before || to == before && to > c.to()) {
                    r = result(w, ChangeStatus.UNCHANGED, before, before, before + " " + c.unit()
                            + " running; scale-in to " + c.to() + (to > c.to() ? " held at the observed demand " + to : "")
                            + " frees nothing", List.of());
                } else {
                    Change adjusted = withTo(c, to);
                    ChangeResponse resp = call(plan, w, adjusted, opts);
                    details = resp.details();
                    r = result(w, resp.status(), resp.before(), resp.after(), (to > c.to()
                            ? "held at the observed demand " + to + " instead of " + c.to() + "; " : "") + resp.message(),
                            resp.diagnostics());
                }
            }
        } else {
            Optional<ResourceResult> quota = quotaCheck(w, c, before);
            if (quota.isPresent()) {
                r = quota.get();
            } else if (c.action() != Action.CHECK && obs.isPresent() && before > c.to()) {
                r = result(w, ChangeStatus.UNCHANGED, before, before, before + " " + c.unit() + " already running, more "
                        + "than the planned " + c.to() + "; not lowering it", List.of());
            } else {
                ChangeResponse resp = call(plan, w, c, opts);
                details = resp.details();
                r = result(w, resp.status(), resp.before(), resp.after(), resp.message(), resp.diagnostics());
            }
        }
        Map<String, String> withAsked = new LinkedHashMap<>(details);
        withAsked.put("asked", Integer.toString(c.to()));
        audit.record(clock.instant(), plan.digest(), opts.dryRun(), r, withAsked);
        return r;
    }

    private Optional<ResourceResult> quotaCheck(Work w, Change c, int before) {
        if (c.action() != Action.SCALE_OUT || !(w.provider() instanceof QuotaCheck q) || before < 0
                || !w.target().settings().containsKey("vcpuQuota")) {
            return Optional.empty();
        }
        try {
            ChangeResponse resp = q.checkQuota(c.layer(), w.target(), c.to() - before);
            if (resp.status() == ChangeStatus.FAILED) {
                return Optional.of(result(w, ChangeStatus.FAILED, before, before, "quota: " + resp.message(),
                        resp.diagnostics()));
            }
        } catch (RuntimeException e) {
            if (!ProviderFailure.is(e)) {
                throw e;
            }
            return Optional.of(result(w, ChangeStatus.FAILED, before, before, "quota check failed: " + e.getMessage(),
                    List.of()));
        }
        return Optional.empty();
    }

    private ChangeResponse call(Plan plan, Work w, Change c, ApplyOptions opts) {
        try {
            return w.provider().apply(new ChangeRequest(c, w.target(), w.layer().min(), w.layer().max(),
                    plan.digest(), opts.dryRun(), opts.callTimeout(), holdUntil(plan, c)));
        } catch (RuntimeException e) {
            if (!ProviderFailure.is(e)) {
                throw e;
            }
            return ChangeResponse.failed(c.layer(), w.target().name(), -1, String.valueOf(e.getMessage()),
                    ProviderDiagnostic.error(w.target().name(), "apply failed", String.valueOf(e.getMessage()),
                            e.getClass().getSimpleName()));
        }
    }

    /** For a scale-out: the layer's next scale-in in the plan, when the capacity is released. */
    static Optional<Instant> holdUntil(Plan plan, Change c) {
        if (c.action() != Action.SCALE_OUT && c.action() != Action.PREWARM) {
            return Optional.empty();
        }
        return plan.changes().stream()
                .filter(x -> x.layer().equals(c.layer()) && x.action() == Action.SCALE_IN && x.at().isAfter(c.at()))
                .map(Change::at).min(Comparator.naturalOrder());
    }

    /** An event on the layer whose window (ramp start to latest possible end) holds {@code now}. */
    static Optional<PlanEvent> liveEvent(Plan plan, String layer, Instant now) {
        return plan.events().stream()
                .filter(e -> e.layers().contains(layer))
                .filter(e -> !now.isBefore(e.windowStart()) && now.isBefore(e.holdsUntil(layer)))
                .findFirst();
    }

    private static Change withTo(Change c, int to) {
        return new Change(c.layer(), c.targetType(), c.target(), c.action(), c.at(), c.neededAt(), c.from(), to,
                c.unit(), c.events(), c.reason());
    }

    private static ResourceResult result(Work w, ChangeStatus s, int before, int after, String message,
                                         List<ProviderDiagnostic> diags) {
        return new ResourceResult(w.layer().name(), w.target().describe(), w.change().action(), s, before, after,
                message, diags);
    }

    private ApplyReport refused(Plan plan, Instant now, ApplyOptions opts, String why) {
        return new ApplyReport(plan.digest(), now, opts.dryRun(), why, List.of(), List.of(), 0, null);
    }

    /**
     * Runs {@code f} over {@code items}, at most {@code limit} at once; keeps input order. Platform threads, not
     * virtual ones: the SDKs cache expensive per-thread state (the AWS SDK builds an XML parser factory per thread),
     * which a fresh virtual thread per task would rebuild for every call.
     */
    static <T, R> Map<T, R> parallel(int limit, List<T> items, Function<T, R> f) {
        return parallel(limit, items, f, Long.MAX_VALUE, null);
    }

    /**
     * As above, until {@code deadlineNanos} ({@link System#nanoTime()}): an item not done by then gets
     * {@code late.apply(item)}, and its worker is interrupted.
     */
    static <T, R> Map<T, R> parallel(int limit, List<T> items, Function<T, R> f, long deadlineNanos,
                                     Function<T, R> late) {
        Map<T, R> out = new LinkedHashMap<>();
        if (items.isEmpty()) {
            return out;
        }
        Map<T, Future<R>> futures = new LinkedHashMap<>();
        ExecutorService ex = Executors.newFixedThreadPool(Math.min(limit, items.size()), r -> {
            Thread t = new Thread(r, "prescale-apply");
            t.setDaemon(true);
            return t;
        });
        try {
            for (T item : items) {
                futures.put(item, ex.submit(() -> f.apply(item)));
            }
            for (var e : futures.entrySet()) {
                try {
                    if (late == null) {
                        out.put(e.getKey(), e.getValue().get());
                    } else {
                        long left = deadlineNanos - System.nanoTime();
                        out.put(e.getKey(), e.getValue().get(Math.max(0, left), java.util.concurrent.TimeUnit.NANOSECONDS));
                    }
                } catch (java.util.concurrent.TimeoutException te) {
                    e.getValue().cancel(true);
                    out.put(e.getKey(), late.apply(e.getKey()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("apply interrupted", ie);
                } catch (java.util.concurrent.ExecutionException ee) {
                    throw new IllegalStateException("apply worker failed", ee.getCause());
                }
            }
        } finally {
            ex.shutdownNow();
        }
        return out;
    }
}
