package io.prescale.providers.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiException;
import io.prescale.planner.model.Resources;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.k8s.PlaceholderProvider.Pool;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeGuard;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderException;
import io.prescale.providers.spi.Refusal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Pre-scales a node pool that grows through Karpenter (name: the NodePool, {@code karpenter.sh/v1}, cluster-scoped).
 * Karpenter boots nodes only for pods that cannot be placed, and only while the NodePool's {@code spec.limits} (the
 * sum of its nodes' cpu and memory capacity) allow: so a pre-scale to N nodes does two things.
 * <ol>
 *   <li>The NodePool's cpu and memory limits are raised to at least N nodes' capacity ({@value #NODE_CPU},
 *   {@value #NODE_MEMORY} each), never lowered by a scale-out; the limits found first are kept in the
 *   {@code prescale.io/original} annotation and restored exactly by the scale-in that no longer needs more. A limit
 *   the pool does not set is no cap: nothing to raise, and a pool with no cpu or memory limit is left as it is (the
 *   change says so).</li>
 *   <li>Placeholder pods hold the nodes, as {@link PlaceholderProvider} does (the overprovisioning pattern, reused,
 *   not copied): one per node above the pool's own, pinned to the pool by its {@code karpenter.sh/nodepool} label
 *   and tolerating the taints of its nodes, so Karpenter provisions from this pool and no other.</li>
 * </ol>
 * A scale-out writes the limits first (Karpenter would leave the placeholders Pending without them); a scale-in
 * lowers the placeholders first and restores the limits only once they are down, and never when that failed. Every
 * NodePool write carries the resourceVersion just read and is read back. N outside the layer's bounds is refused
 * before any call; a dry run sends only GETs.
 */
final class KarpenterNodePoolProvider implements CapacityProvider {
    static final String TYPE = "k8s-karpenter-nodepool";
    static final String PLACEHOLDERS = "placeholders";
    static final String NODE_CPU = "nodeCpu";
    static final String NODE_MEMORY = "nodeMemory";
    static final String MAX_CPU = "maxCpu";
    static final String MAX_MEMORY = "maxMemory";

    private final ProviderConfig config;
    private final Function<Optional<String>, NodePoolApi> apiForContext;
    private final ConcurrentMap<String, NodePoolApi> apis = new ConcurrentHashMap<>();
    private final PlaceholderProvider placeholders;

    KarpenterNodePoolProvider(ProviderConfig config, Function<Optional<String>, NodePoolApi> apiForContext) {
        this.config = Objects.requireNonNull(config, "config");
        this.apiForContext = Objects.requireNonNull(apiForContext, "apiForContext");
        this.placeholders = new PlaceholderProvider(config, this::api);
    }

    @Override
    public String type() {
        return TYPE;
    }

    static Resources need(Resources node, int nodes) {
        return new Resources(Math.multiplyExact(node.milliCpu(), (long) nodes),
                Math.multiplyExact(node.memoryBytes(), (long) nodes));
    }

    /** What the target's settings say, parsed once. */
    private record Settings(String nodePool, Resources node, Target placeholders) {
        static Settings of(Target t) throws Refusal {
            String name = t.name().strip();
            Map<String, String> s = t.settings();
            try {
                KubernetesTargets.parseName(name);
                Resources node = new Resources(Resources.milliCpu(Pool.need(s, NODE_CPU)),
                        Resources.memoryBytes(Pool.need(s, NODE_MEMORY)));
                Map<String, String> p = new HashMap<>();
                KubernetesTargets.PLACEHOLDER_KEYS.forEach(k -> Optional.ofNullable(s.get(k))
                        .ifPresent(v -> p.put(k, v)));
                p.putIfAbsent(PlaceholderProvider.PRIORITY_CLASS, name + "-placeholder");
                String deployment = s.getOrDefault(PLACEHOLDERS, "default/" + name + "-placeholder");
                KubernetesTargets.parseRef(deployment);
                return new Settings(name, node, new Target(KubernetesTargets.PLACEHOLDER, deployment, p));
            } catch (IllegalArgumentException e) {
                throw new Refusal(ProviderDiagnostic.error(name, "target settings: " + e.getMessage(),
                        "plan again from the scenario; nothing sent", "BadSetting"));
            }
        }

        /** The placeholders of this pool: on its nodes, tolerating their taints. */
        Pool pool(NodePool np) throws Refusal {
            return Pool.of(placeholders).heldOn(Map.of(NodePool.POOL_LABEL, nodePool), np.tolerations());
        }
    }

    // ---------------------------------------------------------------------------------------------- observe

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String resource = request.target().name();
        try {
            Settings s = Settings.of(request.target());
            NodePool np = read(api(request.target()), s.nodePool());
            ObserveResponse r = placeholders.observe(request, s.pool(np));
            if (r.observation().isEmpty()) {
                return r;
            }
            Observation o = r.observation().get();
            Map<String, String> details = new LinkedHashMap<>(o.details());
            details.put("nodePoolLimits", NodePool.describe(np.limits()));
            details.put("limitsHold", np.capsCpuOrMemory() ? Boolean.toString(NodePool.holds(np.limits(),
                    need(s.node(), o.units()))) : "no cpu or memory limit");
            return ObserveResponse.of(request.layer(), resource, new Observation(o.units(), o.floor(), details,
                    o.observedAt(), o.serving()));
        } catch (Refusal r) {
            return ObserveResponse.failed(request.layer(), resource, r.why());
        }
    }

    // ---------------------------------------------------------------------------------------------- apply

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        String layer = change.layer();
        String resource = request.target().name();
        Optional<ChangeResponse> guarded = ChangeGuard.notActedOn(request, resource, "a Karpenter NodePool",
                ChangeGuard.SCALES).or(() -> ChangeGuard.outOfBounds(request, resource, "OutOfBounds"));
        if (guarded.isPresent()) {
            return guarded.get();
        }
        try {
            Settings s = Settings.of(request.target());
            int to = change.to();
            NodePoolApi api = api(request.target());
            NodePool np = read(api, s.nodePool());
            Pool pool = s.pool(np);
            CarriedWorkload.check(api, request, s.nodePool(), pool.request());
            Resources need = need(s.node(), to);
            if (change.action() == Action.SCALE_OUT) {
                LimitsStep limits = raise(api, request, s, np, need);
                if (limits.failed()) {
                    return limits.response(layer, resource);
                }
                return merge(layer, resource, limits, placeholders.apply(request, pool), request.dryRun());
            }
            ChangeResponse held = placeholders.apply(request, pool);
            if (held.status().isFailure()) {
                // the nodes may still be held: keep the limits that let Karpenter replace them
                return merge(layer, resource, LimitsStep.untouched("left as they are: the placeholders were not"
                        + " lowered"), held, request.dryRun());
            }
            return merge(layer, resource, restore(api, request, s, np, need), held, request.dryRun());
        } catch (Refusal r) {
            return ChangeResponse.failed(layer, resource, -1, r.why().summary(), r.why());
        }
    }

    /** What became of the NodePool's limits in one change. */
    private record LimitsStep(ChangeStatus status, String summary, Map<String, String> details,
                              List<ProviderDiagnostic> diagnostics) {
        static LimitsStep untouched(String why) {
            return new LimitsStep(ChangeStatus.UNCHANGED, "limits " + why, Map.of(), List.of());
        }

        boolean failed() {
            return status.isFailure();
        }

        ChangeResponse response(String layer, String resource) {
            return new ChangeResponse(layer, resource, status, -1, -1, summary, details, diagnostics);
        }
    }

    private LimitsStep raise(NodePoolApi api, ChangeRequest request, Settings s, NodePool np, Resources need)
            throws Refusal {
        JsonObject now = np.limits();
        if (!np.capsCpuOrMemory()) {
            return new LimitsStep(ChangeStatus.UNCHANGED, "NodePool " + s.nodePool() + " has no cpu or memory limit"
                    + " (" + NodePool.describe(now) + "): nothing to raise", Map.of("nodePoolLimits",
                    NodePool.describe(now)), List.of(ProviderDiagnostic.warning(s.nodePool(), "NodePool "
                    + s.nodePool() + " has no cpu or memory limit: nothing to raise", "Karpenter may provision this"
                    + " pool without bound; the placeholders alone hold the nodes")));
        }
        JsonObject next = NodePool.raised(now, need);
        if (next.equals(now)) {
            return new LimitsStep(ChangeStatus.UNCHANGED, "limits " + NodePool.describe(now) + " already hold "
                    + request.change().to() + " nodes", Map.of("nodePoolLimits", NodePool.describe(now)), List.of());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (original(np, s).isEmpty()) {
            JsonObject saved = new JsonObject();
            saved.add("limits", now);
            annotations.put(Annotations.ORIGINAL, saved.toString());
        }
        if (!request.planDigest().isEmpty()) {
            annotations.put(Annotations.PLAN_DIGEST, request.planDigest());
        }
        return write(api, request, s, np.with(next, annotations), now, next, false);
    }

    private LimitsStep restore(NodePoolApi api, ChangeRequest request, Settings s, NodePool np, Resources need)
            throws Refusal {
        Optional<JsonObject> original = original(np, s);
        JsonObject now = np.limits();
        if (original.isEmpty()) {
            return LimitsStep.untouched(NodePool.describe(now) + ": no original recorded, prescale raised none");
        }
        // the original where it holds the nodes left; where it does not, what they need (never below either)
        JsonObject next = NodePool.raised(original.get(), need);
        boolean restored = next.equals(original.get());
        if (next.equals(now) && !restored) {
            return LimitsStep.untouched(NodePool.describe(now) + " kept: the " + request.change().to() + " nodes left"
                    + " need them");
        }
        Map<String, String> annotations = new HashMap<>();
        if (restored) {
            annotations.put(Annotations.ORIGINAL, null);
            annotations.put(Annotations.PLAN_DIGEST, null);
        }
        return write(api, request, s, np.with(next, annotations), now, next, restored);
    }

    private static Optional<JsonObject> original(NodePool np, Settings s) throws Refusal {
        try {
            return np.originalLimits();
        } catch (Annotations.Unreadable e) {
            throw new Refusal(ProviderDiagnostic.error(s.nodePool(), "NodePool " + s.nodePool() + ": "
                    + e.getMessage(), "fix or remove the annotation by hand (kubectl annotate nodepool "
                    + s.nodePool() + " " + Annotations.ORIGINAL + "-); nothing sent", "BadAnnotation"));
        }
    }

    /** The PUT of the NodePool, then a GET: the limits must read as sent, the annotation as set. */
    private LimitsStep write(NodePoolApi api, ChangeRequest request, Settings s, NodePool next, JsonObject from,
                             JsonObject to, boolean restored) throws Refusal {
        String summary = "limits " + NodePool.describe(from) + " -> " + NodePool.describe(to) + " on NodePool "
                + s.nodePool() + (restored ? " (original restored)" : "");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("nodePoolLimits", NodePool.describe(from) + " -> " + NodePool.describe(to));
        details.put("nodePoolRequest", "PUT " + NodePoolApi.path(s.nodePool()) + " (resourceVersion "
                + next.resourceVersion() + ")");
        if (request.dryRun()) {
            return new LimitsStep(ChangeStatus.DRY_RUN, "would set " + summary, details, List.of());
        }
        call(s, "update", () -> api.replaceNodePool(next.json()));
        NodePool back = read(api, s.nodePool());
        details.put("nodePoolReadBack", NodePool.describe(back.limits()));
        boolean annotationRight = restored ? original(back, s).isEmpty() : original(back, s).isPresent();
        if (!back.limits().equals(to) || !annotationRight) {
            return new LimitsStep(ChangeStatus.FAILED, "the API server answered OK but NodePool " + s.nodePool()
                    + " reads limits " + NodePool.describe(back.limits()) + (annotationRight ? ""
                    : restored ? " with prescale's original still recorded" : " without the original recorded")
                    + ": not in effect", details, List.of(ProviderDiagnostic.error(s.nodePool(), "NodePool "
                    + s.nodePool() + " not in effect after the write", "reads " + NodePool.describe(back.limits())
                    + ", sent " + NodePool.describe(to) + "; a controller may have reverted it (GitOps?)",
                    "NotInEffect")));
        }
        return new LimitsStep(ChangeStatus.APPLIED, "set " + summary, details, List.of());
    }

    /** One response for the pool: the nodes are the placeholders' figures, the status the worse of the two. */
    private static ChangeResponse merge(String layer, String resource, LimitsStep limits, ChangeResponse held,
                                        boolean dryRun) {
        ChangeStatus status;
        if (held.status().isFailure() || limits.failed()) {
            status = ChangeStatus.FAILED;
        } else if (dryRun) {
            status = ChangeStatus.DRY_RUN;
        } else if (held.status() == ChangeStatus.UNCHANGED && limits.status() == ChangeStatus.UNCHANGED) {
            status = ChangeStatus.UNCHANGED;
        } else {
            status = ChangeStatus.APPLIED;
        }
        Map<String, String> details = new LinkedHashMap<>(limits.details());
        details.putAll(held.details());
        List<ProviderDiagnostic> diagnostics = new ArrayList<>(limits.diagnostics());
        diagnostics.addAll(held.diagnostics());
        return new ChangeResponse(layer, resource, status, held.before(), held.after(), limits.summary() + "; "
                + held.message(), details, diagnostics);
    }

    private static NodePool read(NodePoolApi api, String name) throws Refusal {
        try {
            return new NodePool(api.readNodePool(name));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                throw new Refusal(ProviderDiagnostic.error(name, "NodePool " + name + " not found (GET "
                        + NodePoolApi.path(name) + ")", "no NodePool of that name in this cluster (kubectl get"
                        + " nodepools.karpenter.sh; Karpenter v1 serves karpenter.sh/v1); nothing sent",
                        ApiErrors.NOT_FOUND));
            }
            throw new Refusal(ApiErrors.diagnose(name, apiCall("get", name), e));
        } catch (ProviderException e) {
            throw new Refusal(ProviderDiagnostic.error(name, "get nodepool failed", e.getMessage(), "Client"));
        }
    }

    private static void call(Settings s, String verb, NodePoolWrite w) throws Refusal {
        try {
            w.run();
        } catch (ApiException e) {
            throw new Refusal(ApiErrors.diagnose(s.nodePool(), apiCall(verb, s.nodePool()), e));
        } catch (ProviderException e) {
            throw new Refusal(ProviderDiagnostic.error(s.nodePool(), verb + " nodepool failed", e.getMessage(),
                    "Client"));
        }
    }

    private static ApiCall apiCall(String verb, String name) {
        return new ApiCall(verb, NodePoolApi.GROUP, NodePoolApi.PLURAL, NodePoolApi.path(name));
    }

    @FunctionalInterface
    private interface NodePoolWrite {
        Object run() throws ApiException;
    }

    private NodePoolApi api(Target target) {
        return api(Optional.ofNullable(target.settings().get(PlaceholderProvider.CONTEXT)).map(String::strip)
                .filter(c -> !c.isEmpty()).or(config::kubeContext));
    }

    private NodePoolApi api(Optional<String> context) {
        return apis.computeIfAbsent(context.orElse(""), c -> apiForContext.apply(context));
    }

    @Override
    public void close() {
        placeholders.close();
        apis.values().forEach(NodePoolApi::close);
        apis.clear();
    }
}
