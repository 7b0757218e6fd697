package io.prescale.providers.apply;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderException;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out the live controller's decisions: raises a layer's target to the units asked for, never lowers it
 * (the plan's scale-in, through {@link ApplyEngine}'s safety, brings it down after the event). Every decision is
 * written to the audit log, the ones that changed nothing included, so the trail shows why capacity was or was not
 * raised each minute.
 */
public final class LiveApplier implements AutoCloseable {
    private final ProviderRegistry registry;
    private final ProviderConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final Plan plan;
    private final boolean dryRun;
    private final Duration timeout;
    private final Map<String, CapacityProvider> providers = new LinkedHashMap<>();

    public LiveApplier(ProviderRegistry registry, ProviderConfig config, AuditLog audit, Clock clock, Plan plan,
                       boolean dryRun, Duration timeout) {
        this.registry = registry;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.plan = plan;
        this.dryRun = dryRun;
        this.timeout = timeout;
    }

    /**
     * Sets the layer's target to at least {@code units}: reads it, and raises it when it holds fewer.
     *
     * @param decision the controller's decision in words and figures, for the audit log
     */
    public ResourceResult raise(String layer, int units, Map<String, String> decision) {
        Optional<LayerSummary> found = plan.layers().stream().filter(l -> l.name().equals(layer)).findFirst();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no layer " + layer + " in the plan");
        }
        LayerSummary l = found.get();
        Optional<ProviderFactory> f = registry.find(l.targetType());
        Change base = new Change(layer, l.targetType(), l.target(), Action.SCALE_OUT, clock.instant(), clock.instant(),
                -1, Math.min(units, l.max()), l.unit(), List.of(), "live: " + decision.getOrDefault("reason", ""));
        ResourceResult r;
        Map<String, String> details = new LinkedHashMap<>(decision);
        // a layer a person changes needs no provider to say so
        boolean byHand = f.map(x -> !x.target().observable())
                .orElse(io.prescale.planner.targets.TargetSpec.PLAN_ONLY.id().equals(l.targetType()));
        if (byHand) {
            r = new ResourceResult(layer, l.targetType(), Action.SCALE_OUT, ChangeStatus.SKIPPED, -1, -1,
                    l.targetType() + " layer: make sure " + base.to() + " " + l.unit() + " are in place, by hand", List.of());
        } else if (f.isEmpty()) {
            r = new ResourceResult(layer, l.target(), Action.SCALE_OUT, ChangeStatus.FAILED, -1, -1,
                    "no provider for target type '" + l.targetType() + "'", List.of());
        } else {
            Target target = new Target(f.get().target(), l.target(), l.targetSettings());
            CapacityProvider p = providers.computeIfAbsent(l.targetType(), t -> f.get().create(config));
            r = raise(p, l, target, base, details);
        }
        audit.record(clock.instant(), plan.digest(), dryRun, r, details);
        return r;
    }

    private ResourceResult raise(CapacityProvider p, LayerSummary l, Target target, Change c,
                                 Map<String, String> details) {
        ObserveResponse obs;
        try {
            obs = p.observe(new ObserveRequest(l.name(), target, timeout));
        } catch (ProviderException e) {
            obs = ObserveResponse.failed(l.name(), target.name(), ProviderDiagnostic.error(target.name(),
                    "cannot observe", e.getMessage(), "provider"));
        }
        if (obs.observation().isEmpty()) {
            return new ResourceResult(l.name(), target.describe(), Action.SCALE_OUT, ChangeStatus.FAILED, -1, -1,
                    "cannot read the target; its capacity is left as it is", obs.diagnostics());
        }
        int before = obs.observation().get().units();
        details.put("inPlace", Integer.toString(before));
        if (before >= c.to()) {
            return new ResourceResult(l.name(), target.describe(), Action.NO_OP, ChangeStatus.UNCHANGED, before, before,
                    before + " " + l.unit() + " in place cover the " + c.to() + " asked for", List.of());
        }
        Change change = new Change(c.layer(), c.targetType(), c.target(), c.action(), c.at(), c.neededAt(), before,
                c.to(), c.unit(), c.events(), c.reason());
        ChangeResponse resp;
        try {
            resp = p.apply(new ChangeRequest(change, target, l.min(), l.max(), plan.digest(), dryRun, timeout,
                    ApplyEngine.holdUntil(plan, change).filter(t -> t.isAfter(clock.instant()))
                            .or(() -> nextScaleIn(l.name()))));
        } catch (ProviderException e) {
            resp = ChangeResponse.failed(l.name(), target.name(), before, e.getMessage(), ProviderDiagnostic.error(
                    target.name(), "apply failed", e.getMessage(), "provider"));
        }
        details.putAll(resp.details());
        return new ResourceResult(l.name(), target.describe(), Action.SCALE_OUT, resp.status(), resp.before(),
                resp.after(), resp.message(), resp.diagnostics());
    }

    private Optional<Instant> nextScaleIn(String layer) {
        Instant now = clock.instant();
        return plan.changes().stream().filter(x -> x.layer().equals(layer) && x.action() == Action.SCALE_IN
                && x.at().isAfter(now)).map(Change::at).min(Instant::compareTo);
    }

    @Override
    public void close() {
        providers.values().forEach(CapacityProvider::close);
        providers.clear();
    }
}
