package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.k8s.Annotations.Original;
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
import java.util.stream.Collectors;

/**
 * Observes and pre-scales one kind of workload (Deployment or StatefulSet), through its HPA when it has one.
 *
 * <h2>Units</h2>
 * With an HPA (one whose {@code scaleTargetRef} names the workload), the units are the HPA's {@code minReplicas}
 * and the floor is the HPA's wish, {@code status.desiredReplicas} (see {@link #hpaFloor}); the HPA owns
 * {@code spec.replicas}, which prescale never writes. Without an HPA the units are {@code spec.replicas} and the
 * floor is 0.
 *
 * <h2>Changes</h2>
 * <ul>
 *   <li>Scale-out to N: {@code minReplicas = N} (and {@code maxReplicas = N} if it was lower), or
 *   {@code replicas = N}. The first scale-out saves the values found in {@value Annotations#ORIGINAL}; later ones
 *   keep that. Units already at N or above: {@link ChangeStatus#UNCHANGED} (a scale-out never lowers).</li>
 *   <li>Scale-in to N, with saved originals and N at or below them: the originals are restored exactly and the
 *   annotations removed; held ({@link ChangeStatus#SKIPPED}) while the HPA wants more replicas than the original
 *   {@code maxReplicas}, which would cap it below live demand. With N above them (an intermediate step): set to N,
 *   but never below the floor. Without saved originals: set to N, never below the floor. Units already at N or
 *   below: unchanged.</li>
 * </ul>
 * N outside the layer's min and max is refused before any call. Each write replaces the object read just before,
 * with its resourceVersion: a 409 is reported as {@code Conflict}, never retried over the other writer's change.
 *
 * <h2>Dry run</h2>
 * Only GET and LIST requests are sent, and the response says what would be written. With the target setting
 * {@value #SERVER_DRY_RUN}{@code : true} the write is also sent with {@code dryRun=All}, so the API server validates
 * and admits it (RBAC, admission webhooks) without storing it.
 *
 * <h2>Settings</h2>
 * {@value #CONTEXT}: the kubeconfig context (else {@code --kube-context}, else the kubeconfig's current context);
 * {@value #SERVER_DRY_RUN}: {@code true} to send dry runs to the API server.
 */
final class WorkloadProvider implements CapacityProvider {
    static final String CONTEXT = "context";
    static final String SERVER_DRY_RUN = "serverDryRun";
    static final String TOO_FEW_REPLICAS = "TooFewReplicas";

    private final WorkloadKind kind;
    private final ProviderConfig config;
    private final Function<Optional<String>, KubernetesApi> apiForContext;
    private final ConcurrentMap<String, KubernetesApi> apis = new ConcurrentHashMap<>();

    /**
     * @param apiForContext the API for a kubeconfig context (empty: the default one); called once per context, and
     *                      expected to connect lazily
     */
    WorkloadProvider(WorkloadKind kind, ProviderConfig config, Function<Optional<String>, KubernetesApi> apiForContext) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.config = Objects.requireNonNull(config, "config");
        this.apiForContext = Objects.requireNonNull(apiForContext, "apiForContext");
    }

    @Override
    public String type() {
        return kind.target().id();
    }

    // ---------------------------------------------------------------------------------------------- observe

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        String resource = request.target().name();
        try {
            WorkloadRef ref = ref(request.target());
            resource = ref.toString();
            State s = read(api(request.target()), ref);
            return ObserveResponse.of(request.layer(), resource, s.observation(config));
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
        Optional<ChangeResponse> skipped = ChangeGuard.notActedOn(request, resource, "a Kubernetes " + kind.kind(),
                ChangeGuard.SCALES);
        if (skipped.isPresent()) {
            return skipped.get();
        }
        int before = -1;
        try {
            WorkloadRef ref = ref(request.target());
            resource = ref.toString();
            Optional<ChangeResponse> refused = ChangeGuard.outOfBounds(request, resource, "OutOfBounds");
            if (refused.isPresent()) {
                return refused.get();
            }
            KubernetesApi api = api(request.target());
            State s = read(api, ref);
            before = s.units();
            Decision d = s.hpa().isPresent()
                    ? decideHpa(api, s, ref, change.action(), change.to(), request.planDigest())
                    : decideReplicas(api, s, ref, change.action(), change.to(), request.planDigest());
            return switch (d) {
                case Unchanged u -> new ChangeResponse(layer, resource, ChangeStatus.UNCHANGED, u.units(), u.units(),
                        u.message() + ": nothing sent", Map.of("object", s.writtenObject()), u.warnings());
                case Held h -> new ChangeResponse(layer, resource, ChangeStatus.SKIPPED, h.units(), h.units(),
                        h.message() + ": nothing sent", Map.of("object", s.writtenObject()),
                        List.of(ProviderDiagnostic.warning(resource, h.message(), h.detail())));
                case Write w -> send(layer, resource, w, request);
            };
        } catch (Refusal r) {
            return ChangeResponse.failed(layer, resource, before, r.why().summary(), r.why());
        }
    }

    @Override
    public void close() {
        apis.values().forEach(KubernetesApi::close);
        apis.clear();
    }

    private ChangeResponse send(String layer, String resource, Write w, ChangeRequest request) {
        boolean serverDryRun = request.dryRun()
                && Boolean.parseBoolean(request.target().settings().getOrDefault(SERVER_DRY_RUN, "false").strip());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("object", w.object());
        details.put("request", w.call().request());
        details.put("resourceVersion", w.resourceVersion());
        details.putAll(w.changes());
        if (request.dryRun() && !serverDryRun) {
            return new ChangeResponse(layer, resource, ChangeStatus.DRY_RUN, w.before(), w.after(),
                    "would set " + w.summary(), details, w.warnings());
        }
        try {
            String stored = w.sender().send(serverDryRun);
            if (serverDryRun) {
                details.put("serverDryRun", "accepted (dryRun=All, not stored)");
                return new ChangeResponse(layer, resource, ChangeStatus.DRY_RUN, w.before(), w.after(),
                        "would set " + w.summary() + " (accepted by the API server's dry run)", details,
                        w.warnings());
            }
            details.put("newResourceVersion", stored);
            return new ChangeResponse(layer, resource, ChangeStatus.APPLIED, w.before(), w.after(),
                    "set " + w.summary(), details, w.warnings());
        } catch (ApiException e) {
            ProviderDiagnostic why = ApiErrors.diagnose(resource, w.call(), e);
            if (e.getCode() == 409) {
                details.putAll(reread(w)); // the other writer's state, for the report; never written over
            } else {
                // the answer may be lost though the write took effect: the object then holds what was sent, under
                // a new resourceVersion (the ownership annotations went in the same write)
                Map<String, String> now = reread(w);
                String units = now.getOrDefault("current spec.replicas", now.get("current spec.minReplicas"));
                String rv = now.get("current resourceVersion");
                if (units != null && units.equals(Integer.toString(w.after())) && rv != null
                        && !rv.equals(w.resourceVersion())) {
                    details.putAll(now);
                    List<ProviderDiagnostic> warnings = new ArrayList<>(w.warnings());
                    warnings.add(ProviderDiagnostic.warning(resource, why.summary(), "the object reads as sent under "
                            + "a new resourceVersion: the change took effect though its answer was lost"));
                    return new ChangeResponse(layer, resource, ChangeStatus.APPLIED, w.before(), w.after(),
                            "set " + w.summary() + " (answer lost; read back in effect)", details, warnings);
                }
            }
            List<ProviderDiagnostic> diags = new ArrayList<>(w.warnings());
            diags.add(why);
            return new ChangeResponse(layer, resource, ChangeStatus.FAILED, w.before(), w.before(), why.summary(),
                    details, diags);
        } catch (ProviderException e) {
            ProviderDiagnostic why = ProviderDiagnostic.error(resource, "write failed (" + w.call().request() + ")",
                    e.getMessage(), "Client");
            return ChangeResponse.failed(layer, resource, w.before(), why.summary(), why);
        }
    }

    private static Map<String, String> reread(Write w) {
        try {
            Map<String, String> now = new LinkedHashMap<>();
            w.rereader().reread().forEach((k, v) -> now.put("current " + k, v));
            return now;
        } catch (ApiException | ProviderException e) {
            return Map.of("current", "could not be read again: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- decisions

    private Decision decideHpa(KubernetesApi api, State s, WorkloadRef ref, Action action, int to, String digest)
            throws Refusal {
        V2HorizontalPodAutoscaler h = s.hpa().orElseThrow();
        V1ObjectMeta m = h.getMetadata();
        String object = s.writtenObject();
        int min = hpaMin(h);
        int max = hpaMax(h);
        int floor = hpaFloor(h);
        Optional<Original> saved = original(object, () -> Annotations.hpaOriginal(m));
        List<ProviderDiagnostic> warnings = new ArrayList<>();
        if (Annotations.get(s.workload().metadata(), Annotations.ORIGINAL).isPresent()) {
            warnings.add(ProviderDiagnostic.warning(ref.toString(), "the " + kind.kind() + " carries "
                    + Annotations.ORIGINAL + " from a pre-scale made before its HPA existed; it is ignored",
                    "restore spec.replicas by hand if needed and remove the annotation"));
        }
        int newMin;
        int newMax = max;
        String original = saved.map(Original::toJson).orElse(null);
        String planDigest = Annotations.get(m, Annotations.PLAN_DIGEST).orElse(null);
        String note;
        if (action == Action.SCALE_OUT) {
            if (min >= to) {
                return new Unchanged(min, min == to ? "HPA minReplicas already " + to
                        : "HPA minReplicas already " + min + ", above " + to + " (a scale-out never lowers it)",
                        warnings);
            }
            newMin = to;
            newMax = Math.max(max, to);
            original = saved.orElse(Original.ofHpa(min, max)).toJson();
            planDigest = digest.isEmpty() ? planDigest : digest;
            note = "";
        } else if (saved.isPresent() && to <= saved.get().minReplicas()) {
            newMin = saved.get().minReplicas();
            newMax = saved.get().maxReplicas();
            if (floor > newMax) {
                return new Held(min, "original restore held: the HPA wants " + floor + " replicas, above the original"
                        + " maxReplicas " + newMax, "restoring now would cap the workload below live demand; apply"
                        + " again when the HPA's desired replicas are back within the original range");
            }
            original = null;
            planDigest = null;
            note = " (original restored)";
            if (to < newMin) {
                warnings.add(ProviderDiagnostic.warning(ref.toString(), "the plan asks for minReplicas " + to
                        + "; restored the original " + newMin + " instead", "the scale-in restores exactly the values"
                        + " saved by the first pre-scale"));
            }
        } else {
            int target = Math.max(to, floor);
            if (min <= target) {
                return new Unchanged(min, min == to ? "HPA minReplicas already " + to
                        : min < to ? "HPA minReplicas already " + min + ", below " + to + " (a scale-in never raises it)"
                        : "HPA minReplicas already " + min + ", not lowered below the HPA's desired replicas "
                        + floor + " (floor)", warnings);
            }
            newMin = target;
            if (saved.isPresent() && !digest.isEmpty()) {
                planDigest = digest;
            }
            note = target > to ? " (not below the HPA's desired replicas " + floor + ")" : "";
        }
        Map<String, String> changes = new LinkedHashMap<>();
        diff(changes, "spec.minReplicas", min, newMin);
        diff(changes, "spec.maxReplicas", max, newMax);
        annotate(changes, m, Annotations.ORIGINAL, original);
        annotate(changes, m, Annotations.PLAN_DIGEST, planDigest);
        h.getSpec().setMinReplicas(newMin);
        h.getSpec().setMaxReplicas(newMax);
        String name = m.getName();
        String summary = "HPA minReplicas " + min + " -> " + newMin
                + (newMax != max ? ", maxReplicas " + max + " -> " + newMax : "") + note + " on " + object;
        return new Write(object, ApiCall.updateHpa(ref.namespace(), name), m.getResourceVersion(), min, newMin,
                changes, summary, warnings,
                dryRun -> api.replaceHorizontalPodAutoscaler(h, dryRun).getMetadata().getResourceVersion(),
                () -> api.listHorizontalPodAutoscalers(ref.namespace()).stream()
                        .filter(x -> x.getMetadata() != null && name.equals(x.getMetadata().getName()))
                        .findFirst().map(WorkloadProvider::hpaState)
                        .orElse(Map.of("state", "HorizontalPodAutoscaler " + name + " no longer exists")));
    }

    private Decision decideReplicas(KubernetesApi api, State s, WorkloadRef ref, Action action, int to,
                                    String digest) throws Refusal {
        Workload w = s.workload();
        V1ObjectMeta m = w.metadata();
        String object = s.writtenObject();
        int replicas = w.replicas();
        Optional<Original> saved = original(object, () -> Annotations.replicasOriginal(m));
        List<ProviderDiagnostic> warnings = new ArrayList<>();
        int target;
        String original = saved.map(Original::toJson).orElse(null);
        String planDigest = Annotations.get(m, Annotations.PLAN_DIGEST).orElse(null);
        String note = "";
        if (action == Action.SCALE_OUT) {
            if (replicas >= to) {
                return new Unchanged(replicas, replicas == to ? "replicas already " + to
                        : "replicas already " + replicas + ", above " + to + " (a scale-out never lowers them)",
                        warnings);
            }
            target = to;
            original = saved.orElse(Original.ofReplicas(replicas)).toJson();
            planDigest = digest.isEmpty() ? planDigest : digest;
        } else if (saved.isPresent() && to <= saved.get().replicas()) {
            target = saved.get().replicas();
            original = null;
            planDigest = null;
            note = " (original restored)";
            if (to < target) {
                warnings.add(ProviderDiagnostic.warning(ref.toString(), "the plan asks for replicas " + to
                        + "; restored the original " + target + " instead", "the scale-in restores exactly the"
                        + " value saved by the first pre-scale"));
            }
        } else {
            target = to; // the floor without an HPA is 0
            if (replicas <= target) {
                return new Unchanged(replicas, replicas == to ? "replicas already " + to
                        : "replicas already " + replicas + ", below " + to + " (a scale-in never raises them)",
                        warnings);
            }
            if (saved.isPresent() && !digest.isEmpty()) {
                planDigest = digest;
            }
        }
        Map<String, String> changes = new LinkedHashMap<>();
        diff(changes, "spec.replicas", replicas, target);
        annotate(changes, m, Annotations.ORIGINAL, original);
        annotate(changes, m, Annotations.PLAN_DIGEST, planDigest);
        w.setReplicas(target);
        String summary = "replicas " + replicas + " -> " + target + note + " on " + object;
        return new Write(object, ApiCall.updateWorkload(kind, ref), m.getResourceVersion(), replicas, target,
                changes, summary, warnings,
                dryRun -> w.replace(api, dryRun).metadata().getResourceVersion(),
                () -> workloadState(kind.read(api, ref)));
    }

    private static void diff(Map<String, String> changes, String field, int from, int to) {
        if (from != to) {
            changes.put(field, from + " -> " + to);
        }
    }

    /** Sets (or with null removes) an annotation on {@code m}, recording the difference. */
    private static void annotate(Map<String, String> changes, V1ObjectMeta m, String key, String value) {
        Optional<String> now = Annotations.get(m, key);
        if (now.equals(Optional.ofNullable(value))) {
            return;
        }
        changes.put("metadata.annotations." + key, now.orElse("(none)") + " -> " + (value == null ? "(removed)"
                : value));
        Annotations.put(m, key, value);
    }

    private static Optional<Original> original(String object, AnnotationReader reader) throws Refusal {
        try {
            return reader.read();
        } catch (Annotations.Unreadable e) {
            throw new Refusal(ProviderDiagnostic.error(object, "annotation " + Annotations.ORIGINAL
                    + " cannot be read, so the original values are unknown", e.getMessage()
                    + "; fix it (e.g. {\"minReplicas\":2,\"maxReplicas\":10} on an HPA, {\"replicas\":3} on a"
                    + " workload) or remove it", "InvalidAnnotation"));
        }
    }

    // ---------------------------------------------------------------------------------------------- reading

    private State read(KubernetesApi api, WorkloadRef ref) throws Refusal {
        Workload w = call(ref, ApiCall.getWorkload(kind, ref), () -> kind.read(api, ref));
        List<V2HorizontalPodAutoscaler> all = call(ref, ApiCall.listHpas(ref.namespace()),
                () -> api.listHorizontalPodAutoscalers(ref.namespace()));
        List<V2HorizontalPodAutoscaler> mine = all.stream().filter(h -> scales(h, ref)).toList();
        if (mine.size() > 1) {
            throw new Refusal(ProviderDiagnostic.error(ref.toString(), "more than one HPA scales this " + kind.kind()
                    + ": " + mine.stream().map(h -> h.getMetadata().getName()).collect(Collectors.joining(", ")),
                    "Kubernetes itself refuses to act on it (AmbiguousSelector); keep one HPA per workload",
                    "AmbiguousSelector"));
        }
        return new State(kind, ref, w, mine.stream().findFirst());
    }

    /** Whether the HPA's {@code scaleTargetRef} names this workload (kind, name, API group {@code apps}). */
    private boolean scales(V2HorizontalPodAutoscaler h, WorkloadRef ref) {
        V2CrossVersionObjectReference t = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
        if (t == null || !kind.kind().equals(t.getKind()) || !ref.name().equals(t.getName())) {
            return false;
        }
        String apiVersion = t.getApiVersion();
        return apiVersion == null || apiVersion.isEmpty() || apiVersion.startsWith(WorkloadKind.GROUP + "/");
    }

    private <T> T call(WorkloadRef ref, ApiCall call, ApiAction<T> action) throws Refusal {
        try {
            return action.run();
        } catch (ApiException e) {
            throw new Refusal(ApiErrors.diagnose(ref.toString(), call, e));
        } catch (ProviderException e) {
            throw new Refusal(ProviderDiagnostic.error(ref.toString(), "cannot call the Kubernetes API ("
                    + call.request() + ")", e.getMessage(), "Client"));
        }
    }

    private WorkloadRef ref(Target target) throws Refusal {
        if (!target.type().equals(kind.target().id())) {
            throw new Refusal(ProviderDiagnostic.error(target.name(), "target type " + target.type()
                    + " sent to the " + type() + " provider", "", "WrongProvider"));
        }
        return WorkloadRef.parse(target.name()).orElseThrow(() -> new Refusal(ProviderDiagnostic.error(
                target.name(), "not a Kubernetes workload name", "expected namespace/name (or name, in namespace "
                        + WorkloadRef.DEFAULT_NAMESPACE + ") with lower-case DNS names", "InvalidName")));
    }

    private KubernetesApi api(Target target) {
        Optional<String> context = Optional.ofNullable(target.settings().get(CONTEXT)).map(String::strip)
                .filter(c -> !c.isEmpty()).or(config::kubeContext);
        return apis.computeIfAbsent(context.orElse(""), c -> apiForContext.apply(context));
    }

    static int hpaMin(V2HorizontalPodAutoscaler h) {
        Integer min = h.getSpec() == null ? null : h.getSpec().getMinReplicas();
        return min == null ? 1 : min; // the API server's default
    }

    static int hpaMax(V2HorizontalPodAutoscaler h) {
        Integer max = h.getSpec() == null ? null : h.getSpec().getMaxReplicas();
        return max == null ? hpaMin(h) : max;
    }

    /** {@code status.desiredReplicas}, else {@code currentReplicas}, else 0 (a new HPA has no status yet). */
    static int hpaDesired(V2HorizontalPodAutoscaler h) {
        if (h.getStatus() == null) {
            return 0;
        }
        Integer d = h.getStatus().getDesiredReplicas();
        Integer c = h.getStatus().getCurrentReplicas();
        return d != null ? d : c != null ? c : 0;
    }

    /**
     * The floor of an HPA's {@code minReplicas}: the HPA's wish, {@code status.desiredReplicas}. The HPA clamps
     * that to {@code [minReplicas, maxReplicas]}, so once prescale has raised the min it reads the min back, not the
     * HPA's wish, and would hold every scale-in forever. When the HPA says so ({@code ScalingLimited=True},
     * reason {@code TooFewReplicas}: its own recommendation is below {@code minReplicas}), the min is all that
     * holds the replicas up and lowering it cuts nothing the HPA wants, since the HPA keeps serving its metrics:
     * the floor is then 0.
     */
    static int hpaFloor(V2HorizontalPodAutoscaler h) {
        return limitedBy(h).filter(TOO_FEW_REPLICAS::equals).isPresent() ? 0 : hpaDesired(h);
    }

    /** The reason of a true {@code ScalingLimited} condition: {@code TooFewReplicas} or {@code TooManyReplicas}. */
    static Optional<String> limitedBy(V2HorizontalPodAutoscaler h) {
        if (h.getStatus() == null || h.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return h.getStatus().getConditions().stream()
                .filter(c -> "ScalingLimited".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> c.getReason() == null ? "" : c.getReason()).findFirst();
    }

    private static Map<String, String> hpaState(V2HorizontalPodAutoscaler h) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("resourceVersion", String.valueOf(h.getMetadata().getResourceVersion()));
        d.put("spec.minReplicas", String.valueOf(hpaMin(h)));
        d.put("spec.maxReplicas", String.valueOf(hpaMax(h)));
        return d;
    }

    private static Map<String, String> workloadState(Workload w) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("resourceVersion", String.valueOf(w.metadata().getResourceVersion()));
        d.put("spec.replicas", String.valueOf(w.replicas()));
        return d;
    }

    // ---------------------------------------------------------------------------------------------- types

    /** What was read: the workload and the HPA that scales it, if any. */
    private record State(WorkloadKind kind, WorkloadRef ref, Workload workload,
                         Optional<V2HorizontalPodAutoscaler> hpa) {

        int units() {
            return hpa.map(WorkloadProvider::hpaMin).orElseGet(workload::replicas);
        }

        /** The object prescale writes for this workload: its HPA, or the workload itself. */
        String writtenObject() {
            return hpa.map(h -> "HorizontalPodAutoscaler " + ref.namespace() + "/" + h.getMetadata().getName())
                    .orElse(kind.kind() + " " + ref);
        }

        Observation observation(ProviderConfig config) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("kind", kind.kind());
            d.put("replicas", String.valueOf(workload.replicas()));
            d.put("readyReplicas", String.valueOf(workload.readyReplicas()));
            d.put("resourceVersion", String.valueOf(workload.metadata().getResourceVersion()));
            int floor = 0;
            V1ObjectMeta prescaled = workload.metadata();
            if (hpa.isPresent()) {
                V2HorizontalPodAutoscaler h = hpa.get();
                floor = hpaFloor(h);
                prescaled = h.getMetadata();
                d.put("hpa", h.getMetadata().getName());
                d.put("hpaMin", String.valueOf(hpaMin(h)));
                d.put("hpaMax", String.valueOf(hpaMax(h)));
                d.put("hpaCurrent", String.valueOf(h.getStatus() == null || h.getStatus().getCurrentReplicas() == null
                        ? 0 : h.getStatus().getCurrentReplicas()));
                d.put("hpaDesired", String.valueOf(hpaDesired(h)));
                limitedBy(h).ifPresent(reason -> d.put("hpaLimited", reason));
                d.put("hpaResourceVersion", String.valueOf(h.getMetadata().getResourceVersion()));
            }
            Annotations.get(prescaled, Annotations.ORIGINAL).ifPresent(o -> d.put("prescaleOriginal", o));
            Annotations.get(prescaled, Annotations.PLAN_DIGEST).ifPresent(o -> d.put("prescalePlanDigest", o));
            return new Observation(units(), floor, d, config.clock().instant(), workload.readyReplicas());
        }
    }

    private sealed interface Decision permits Unchanged, Held, Write {
    }

    /** Deliberately not done now, for safety; reported as skipped with a warning. */
    private record Held(int units, String message, String detail) implements Decision {
    }

    private record Unchanged(int units, String message, List<ProviderDiagnostic> warnings) implements Decision {
    }

    /**
     * A replace to send: the object already carries the new values and the resourceVersion it was read with.
     *
     * @param changes field -> "old -> new", for the report
     */
    private record Write(String object, ApiCall call, String resourceVersion, int before, int after,
                         Map<String, String> changes, String summary, List<ProviderDiagnostic> warnings,
                         Sender sender, Rereader rereader) implements Decision {
    }

    @FunctionalInterface
    private interface Sender {
        /** Sends the replace; returns the stored resourceVersion. */
        String send(boolean serverDryRun) throws ApiException;
    }

    @FunctionalInterface
    private interface Rereader {
        Map<String, String> reread() throws ApiException;
    }

    @FunctionalInterface
    private interface ApiAction<T> {
        T run() throws ApiException;
    }

    @FunctionalInterface
    private interface AnnotationReader {
        Optional<Original> read() throws Annotations.Unreadable;
    }
}
