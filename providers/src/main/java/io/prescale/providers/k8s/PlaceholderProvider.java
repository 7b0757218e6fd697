package io.prescale.providers.k8s;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.prescale.planner.model.Resources;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Holds room on a node pool ahead of an event with the overprovisioning pattern the cluster-autoscaler documents: a
 * Deployment of placeholder pods (the pause image), each requesting what one node leaves free for pods, under a
 * PriorityClass of negative value. The autoscaler (cluster-autoscaler or Karpenter) adds a node for each placeholder
 * that cannot be placed; when the real pods come, the scheduler pre-empts placeholders at once, so the pods start on
 * nodes already booted.
 *
 * <h2>Units</h2>
 * The layer counts nodes. The pool's own nodes, which run the pods at rest, are {@value #BASE_NODES} (the layer's min
 * unless set); every node above them is held by one placeholder: a change to N nodes sets
 * {@code replicas = N - baseNodes}. Observed: {@code baseNodes + spec.replicas}, serving {@code baseNodes +
 * readyReplicas} (a placeholder running is a node in place).
 *
 * <h2>Changes</h2>
 * A scale-out creates the PriorityClass (when absent) and the Deployment, or raises its replicas (never lowers). A
 * scale-in lowers them; to none, it deletes the Deployment and the PriorityClass prescale created. Pre-empted
 * placeholders wait Pending and ask the autoscaler for more nodes until the scale-in: size the node layer's cool-down
 * and the plan's scale-in accordingly. N outside the layer's min and max is refused before any call. In a dry run
 * only GET requests are sent.
 */
final class PlaceholderProvider implements CapacityProvider {
    static final String TYPE = "k8s-overprovisioning";
    static final String CONTEXT = WorkloadProvider.CONTEXT;
    static final String POD_CPU = "podCpu";
    static final String POD_MEMORY = "podMemory";
    static final String BASE_NODES = "baseNodes";
    static final String PRIORITY = "priority";
    static final String PRIORITY_CLASS = "priorityClass";
    static final String IMAGE = "image";
    static final String NODE_SELECTOR = "nodeSelector";
    static final int DEFAULT_PRIORITY = -10;
    static final String DEFAULT_IMAGE = "registry.k8s.io/pause:3.10";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PRESCALE = "prescale";

    private final ProviderConfig config;
    private final Function<Optional<String>, PlaceholderApi> apiForContext;
    private final ConcurrentMap<String, PlaceholderApi> apis = new ConcurrentHashMap<>();

    PlaceholderProvider(ProviderConfig config, Function<Optional<String>, PlaceholderApi> apiForContext) {
        this.config = Objects.requireNonNull(config, "config");
        this.apiForContext = Objects.requireNonNull(apiForContext, "apiForContext");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** What the target's settings say, parsed once. */
    record Pool(WorkloadRef ref, Resources request, int baseNodes, int priority, String priorityClass, String image,
                Map<String, String> nodeSelector, List<V1Toleration> tolerations) {

        Pool {
            nodeSelector = Map.copyOf(nodeSelector);
            tolerations = List.copyOf(tolerations);
        }

        /** The same placeholders, pinned to a node pool by its label and tolerating its taints. */
        Pool heldOn(Map<String, String> poolLabels, List<V1Toleration> poolTaints) {
            Map<String, String> selector = new LinkedHashMap<>(nodeSelector);
            selector.putAll(poolLabels);
            return new Pool(ref, request, baseNodes, priority, priorityClass, image, selector, poolTaints);
        }

        static Pool of(Target t) throws Refusal {
            WorkloadRef ref = WorkloadRef.parse(t.name()).orElseThrow(() -> new Refusal(ProviderDiagnostic.error(
                    t.name(), "not a namespace/name of a Deployment: " + t.name(), "nothing sent", "BadName")));
            Map<String, String> s = t.settings();
            try {
                String cpu = need(s, POD_CPU);
                String memory = need(s, POD_MEMORY);
                return new Pool(ref, new Resources(Resources.milliCpu(cpu), Resources.memoryBytes(memory)),
                        Integer.parseInt(s.getOrDefault(BASE_NODES, "0").strip()),
                        KubernetesTargets.parsePriority(s.getOrDefault(PRIORITY, Integer.toString(DEFAULT_PRIORITY))),
                        KubernetesTargets.parseName(s.getOrDefault(PRIORITY_CLASS, ref.name() + "-placeholder")),
                        s.getOrDefault(IMAGE, DEFAULT_IMAGE).strip(), KubernetesTargets.parseNodeSelector(s.getOrDefault(NODE_SELECTOR, "")),
                        List.of());
            } catch (IllegalArgumentException e) {
                throw new Refusal(ProviderDiagnostic.error(ref.toString(), "target settings: " + e.getMessage(),
                        "plan again from the scenario; nothing sent", "BadSetting"));
            }
        }

        static String need(Map<String, String> s, String key) {
            String v = s.get(key);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(key + " is missing (the plan was made without it)");
            }
            return v;
        }
    }

    // ---------------------------------------------------------------------------------------------- observe

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        try {
            return observe(request, Pool.of(request.target()));
        } catch (Refusal r) {
            return ObserveResponse.failed(request.layer(), request.target().name(), r.why());
        }
    }

    /** The pool's nodes: its own plus one per placeholder; the target's settings give only the context. */
    ObserveResponse observe(ObserveRequest request, Pool p) {
        String resource = p.ref().toString();
        try {
            Optional<V1Deployment> d = readDeployment(api(request.target()), p);
            int replicas = d.map(PlaceholderProvider::replicas).orElse(0);
            int ready = d.map(x -> x.getStatus() == null || x.getStatus().getReadyReplicas() == null ? 0
                    : x.getStatus().getReadyReplicas()).orElse(0);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("placeholders", Integer.toString(replicas));
            details.put("placeholdersReady", Integer.toString(ready));
            details.put("baseNodes", Integer.toString(p.baseNodes()));
            return ObserveResponse.of(request.layer(), resource, new Observation(p.baseNodes() + replicas, 0, details,
                    config.clock().instant(), d.isPresent() ? p.baseNodes() + ready : -1));
        } catch (Refusal r) {
            return ObserveResponse.failed(request.layer(), resource, r.why());
        }
    }

    // ---------------------------------------------------------------------------------------------- apply

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        Change change = request.change();
        Optional<ChangeResponse> skipped = ChangeGuard.notActedOn(request, request.target().name(),
                "placeholder pods", ChangeGuard.SCALES);
        if (skipped.isPresent()) {
            return skipped.get();
        }
        Optional<ChangeResponse> refused = ChangeGuard.outOfBounds(request, request.target().name(), "OutOfBounds");
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            Pool p = Pool.of(request.target());
            CarriedWorkload.check(api(request.target()), request, p.ref().toString(), p.request());
            return apply(request, p);
        } catch (Refusal r) {
            return ChangeResponse.failed(change.layer(), request.target().name(), -1, r.why().summary(), r.why());
        }
    }

    /** Sets the placeholders for a scale-out or scale-in; the target's settings give only the context. */
    ChangeResponse apply(ChangeRequest request, Pool p) {
        Change change = request.change();
        String layer = change.layer();
        String resource = p.ref().toString();
        int before = -1;
        try {
            int to = change.to();
            Optional<ChangeResponse> refused = ChangeGuard.outOfBounds(request, resource, "OutOfBounds");
            if (refused.isPresent()) {
                return refused.get();
            }
            PlaceholderApi api = api(request.target());
            Optional<V1Deployment> d = readDeployment(api, p);
            int current = d.map(PlaceholderProvider::replicas).orElse(0);
            before = p.baseNodes() + current;
            int want = Math.max(0, to - p.baseNodes());
            boolean up = change.action() == Action.SCALE_OUT;
            if (up ? current >= want : current <= want) {
                String why = current == want ? "placeholders already " + want : "placeholders already " + current
                        + (up ? ", above " + want + " (a scale-out never lowers them)"
                        : ", below " + want + " (a scale-in never raises them)");
                return new ChangeResponse(layer, resource, ChangeStatus.UNCHANGED, before, before, why
                        + ": nothing sent", Map.of("placeholders", Integer.toString(current)), List.of());
            }
            List<String> calls = new ArrayList<>();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("placeholders", current + " -> " + want);
            details.put("placeholderRequests", "cpu " + Resources.formatCpu(p.request().milliCpu()) + ", memory "
                    + Resources.formatMemory(p.request().memoryBytes()));
            details.put("priorityClass", p.priorityClass() + " (" + p.priority() + ")");
            if (want > 0) {
                Optional<V1PriorityClass> pc = call(p, "get priorityclass", () -> api.readPriorityClass(
                        p.priorityClass()), true);
                if (pc.isEmpty()) {
                    calls.add("POST /apis/scheduling.k8s.io/v1/priorityclasses (" + p.priorityClass() + ", value "
                            + p.priority() + ")");
                    if (!request.dryRun()) {
                        call(p, "create priorityclass", () -> api.createPriorityClass(priorityClass(p)), false);
                    }
                }
                if (d.isEmpty()) {
                    calls.add("POST /apis/apps/v1/namespaces/" + p.ref().namespace() + "/deployments ("
                            + p.ref().name() + ", replicas " + want + ")");
                    if (!request.dryRun()) {
                        call(p, "create deployment", () -> api.createDeployment(deployment(p, want,
                                request.planDigest())), false);
                    }
                } else {
                    V1Deployment next = d.get();
                    next.getSpec().setReplicas(want);
                    next.getSpec().setTemplate(deployment(p, want, request.planDigest()).getSpec().getTemplate());
                    calls.add("PUT /apis/apps/v1/namespaces/" + p.ref().namespace() + "/deployments/" + p.ref().name()
                            + " (replicas " + current + " -> " + want + ", resourceVersion "
                            + next.getMetadata().getResourceVersion() + ")");
                    if (!request.dryRun()) {
                        call(p, "update deployment", () -> api.replaceDeployment(next, false), false);
                    }
                }
            } else {
                calls.add("DELETE /apis/apps/v1/namespaces/" + p.ref().namespace() + "/deployments/" + p.ref().name());
                if (!request.dryRun()) {
                    call(p, "delete deployment", () -> {
                        api.deleteDeployment(p.ref().namespace(), p.ref().name());
                        return Boolean.TRUE;
                    }, false);
                }
                Optional<V1PriorityClass> pc = call(p, "get priorityclass", () -> api.readPriorityClass(
                        p.priorityClass()), true);
                // a PriorityClass someone else made may serve other workloads: only prescale's own is removed
                if (pc.isPresent() && pc.get().getMetadata() != null && pc.get().getMetadata().getLabels() != null
                        && PRESCALE.equals(pc.get().getMetadata().getLabels().get(MANAGED_BY))) {
                    calls.add("DELETE /apis/scheduling.k8s.io/v1/priorityclasses/" + p.priorityClass());
                    if (!request.dryRun()) {
                        call(p, "delete priorityclass", () -> {
                            api.deletePriorityClass(p.priorityClass());
                            return Boolean.TRUE;
                        }, false);
                    }
                }
            }
            details.put("requests", String.join("; ", calls));
            int after = p.baseNodes() + want;
            String summary = "placeholders " + current + " -> " + want + " on " + resource + " (" + after + " nodes)";
            return new ChangeResponse(layer, resource, request.dryRun() ? ChangeStatus.DRY_RUN : ChangeStatus.APPLIED,
                    before, after, (request.dryRun() ? "would set " : "set ") + summary, details, List.of());
        } catch (Refusal r) {
            return ChangeResponse.failed(layer, resource, before, r.why().summary(), r.why());
        }
    }

    @Override
    public void close() {
        apis.values().forEach(PlaceholderApi::close);
        apis.clear();
    }

    static V1PriorityClass priorityClass(Pool p) {
        return new V1PriorityClass()
                .apiVersion("scheduling.k8s.io/v1").kind("PriorityClass")
                .metadata(new V1ObjectMeta().name(p.priorityClass()).putLabelsItem(MANAGED_BY, PRESCALE))
                .value(p.priority())
                .globalDefault(false)
                .preemptionPolicy("Never")
                .description("placeholder pods holding room for " + p.ref() + "; pre-empted by any pod of higher"
                        + " priority (managed by prescale)");
    }

    static V1Deployment deployment(Pool p, int replicas, String digest) {
        Map<String, String> labels = Map.of(NAME_LABEL, p.ref().name(), MANAGED_BY, PRESCALE);
        V1ObjectMeta meta = new V1ObjectMeta().name(p.ref().name()).namespace(p.ref().namespace()).labels(labels);
        if (!digest.isEmpty()) {
            meta.putAnnotationsItem(Annotations.PLAN_DIGEST, digest);
        }
        V1PodSpec pod = new V1PodSpec()
                .priorityClassName(p.priorityClass())
                .terminationGracePeriodSeconds(0L)
                .addContainersItem(new V1Container().name("placeholder").image(p.image())
                        .resources(new V1ResourceRequirements()
                                .putRequestsItem("cpu", new Quantity(Resources.formatCpu(p.request().milliCpu())))
                                .putRequestsItem("memory", new Quantity(Resources.formatMemory(
                                        p.request().memoryBytes())))));
        if (!p.nodeSelector().isEmpty()) {
            pod.nodeSelector(p.nodeSelector());
        }
        if (!p.tolerations().isEmpty()) {
            pod.tolerations(p.tolerations());
        }
        return new V1Deployment().apiVersion("apps/v1").kind("Deployment").metadata(meta)
                .spec(new V1DeploymentSpec().replicas(replicas)
                        .selector(new V1LabelSelector().matchLabels(Map.of(NAME_LABEL, p.ref().name())))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels)).spec(pod)));
    }

    private static int replicas(V1Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private Optional<V1Deployment> readDeployment(PlaceholderApi api, Pool p) throws Refusal {
        return call(p, "get deployment", () -> api.readDeployment(p.ref().namespace(), p.ref().name()), true);
    }

    @FunctionalInterface
    private interface ApiAction<T> {
        T run() throws ApiException;
    }

    /** The call's answer; with {@code absentOk}, empty on 404. */
    private static <T> Optional<T> call(Pool p, String what, ApiAction<T> action, boolean absentOk) throws Refusal {
        try {
            return Optional.ofNullable(action.run());
        } catch (ApiException e) {
            if (absentOk && e.getCode() == 404) {
                return Optional.empty();
            }
            String[] parts = what.split(" ");
            boolean pc = parts[1].equals("priorityclass");
            String collection = pc ? "/apis/scheduling.k8s.io/v1/priorityclasses"
                    : "/apis/apps/v1/namespaces/" + p.ref().namespace() + "/deployments";
            ApiCall call = new ApiCall(parts[0], pc ? "scheduling.k8s.io" : "apps", pc ? "priorityclasses"
                    : "deployments", parts[0].equals("create") ? collection
                    : collection + "/" + (pc ? p.priorityClass() : p.ref().name()));
            throw new Refusal(ApiErrors.diagnose(p.ref().toString(), call, e));
        } catch (ProviderException e) {
            throw new Refusal(ProviderDiagnostic.error(p.ref().toString(), what + " failed", e.getMessage(),
                    "Client"));
        }
    }

    private PlaceholderApi api(Target target) {
        Optional<String> context = Optional.ofNullable(target.settings().get(CONTEXT)).map(String::strip)
                .filter(c -> !c.isEmpty()).or(config::kubeContext);
        return apis.computeIfAbsent(context.orElse(""), c -> apiForContext.apply(context));
    }


}
