package io.prescale.providers.k8s;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.prescale.planner.model.Resources;
import io.prescale.planner.plan.Action;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderException;
import io.prescale.providers.spi.Refusal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check a node pool makes of the pods it carries before it grows for them: the plan sized the nodes from one
 * pod's requests as the scenario gives them ({@code carries.requests}); if the Deployment's pod template now asks
 * for something else, the planned nodes hold another number of pods, and the reviewed plan is wrong. Like drift
 * from the plan's observed state, that is refused, per resource, before anything is sent.
 *
 * <p>A pod's requests are what the scheduler reserves for it: the sum of its containers' requests, or an init
 * container's if larger (init containers run one at a time, before the others), plus the pod's {@code overhead}.
 */
final class CarriedWorkload {
    /** The carried pods' Deployment ({@code namespace/name}). */
    static final String WORKLOAD = "workload";
    /** One carried pod's requests as the plan assumed them: derived at load from {@code carries.requests}. */
    static final String CARRIED_CPU = "carriedCpu";
    static final String CARRIED_MEMORY = "carriedMemory";

    private CarriedWorkload() {
    }

    /**
     * Before a scale-out of a target naming its {@value #WORKLOAD}: its pods' requests read from the Deployment must
     * be the plan's. {@code free} is what one node leaves for pods, to say how many fit.
     */
    static void check(PlaceholderApi api, ChangeRequest request, String resource, Resources free) throws Refusal {
        Map<String, String> s = request.target().settings();
        String workload = s.get(WORKLOAD);
        if (request.change().action() != Action.SCALE_OUT || workload == null || workload.isBlank()) {
            return;
        }
        WorkloadRef ref = WorkloadRef.parse(workload).orElseThrow(() -> new Refusal(ProviderDiagnostic.error(
                resource, "target settings: " + WORKLOAD + " is not namespace/name: " + workload,
                "plan again from the scenario; nothing sent", "BadSetting")));
        String cpu = s.get(CARRIED_CPU);
        String memory = s.get(CARRIED_MEMORY);
        if (cpu == null || memory == null) {
            throw new Refusal(ProviderDiagnostic.error(resource, "target settings: the carried pods' requests are"
                    + " missing (the plan was made without them)", "plan again from the scenario; nothing sent",
                    "BadSetting"));
        }
        Resources planned = new Resources(Resources.milliCpu(cpu), Resources.memoryBytes(memory));
        V1Deployment d;
        try {
            d = api.readDeployment(ref.namespace(), ref.name());
        } catch (ApiException e) {
            throw new Refusal(ApiErrors.diagnose(resource, new ApiCall("get", WorkloadKind.GROUP, "deployments",
                    WorkloadKind.DEPLOYMENT.path(ref)), e));
        } catch (ProviderException e) {
            throw new Refusal(ProviderDiagnostic.error(resource, "get deployment " + ref + " failed", e.getMessage(),
                    "Client"));
        }
        V1PodSpec pod = d.getSpec() == null || d.getSpec().getTemplate() == null ? null
                : d.getSpec().getTemplate().getSpec();
        Resources actual = podRequests(pod);
        if (actual.equals(planned)) {
            return;
        }
        throw new Refusal(ProviderDiagnostic.error(resource, "the pods of " + ref + " request " + describe(actual)
                + ", the plan assumed " + describe(planned) + " (carries.requests)", "a node holds " + fit(free,
                actual) + " of them, not " + fit(free, planned) + " as planned: correct carries.requests in the"
                + " scenario and plan again; nothing sent", "RequestsDrift"));
    }

    /** What the scheduler reserves for one pod of {@code pod}. */
    static Resources podRequests(V1PodSpec pod) {
        if (pod == null) {
            return new Resources(0, 0);
        }
        Resources run = sum(pod.getContainers());
        long cpu = run.milliCpu();
        long memory = run.memoryBytes();
        for (V1Container c : Optional.ofNullable(pod.getInitContainers()).orElse(List.of())) {
            Resources init = sum(List.of(c));
            cpu = Math.max(cpu, init.milliCpu());
            memory = Math.max(memory, init.memoryBytes());
        }
        Map<String, Quantity> overhead = Optional.ofNullable(pod.getOverhead()).orElse(Map.of());
        return new Resources(cpu + milli(overhead.get("cpu")), memory + bytes(overhead.get("memory")));
    }

    private static Resources sum(List<V1Container> containers) {
        long cpu = 0;
        long memory = 0;
        for (V1Container c : Optional.ofNullable(containers).orElse(List.of())) {
            Map<String, Quantity> r = c.getResources() == null || c.getResources().getRequests() == null ? Map.of()
                    : c.getResources().getRequests();
            cpu += milli(r.get("cpu"));
            memory += bytes(r.get("memory"));
        }
        return new Resources(cpu, memory);
    }

    private static long milli(Quantity q) {
        return q == null ? 0 : q.getNumber().movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long bytes(Quantity q) {
        return q == null ? 0 : q.getNumber().setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long fit(Resources free, Resources pod) {
        long byCpu = pod.milliCpu() == 0 ? Long.MAX_VALUE : free.milliCpu() / pod.milliCpu();
        long byMemory = pod.memoryBytes() == 0 ? Long.MAX_VALUE : free.memoryBytes() / pod.memoryBytes();
        return Math.min(byCpu, byMemory);
    }

    private static String describe(Resources r) {
        return "cpu " + Resources.formatCpu(r.milliCpu()) + ", memory " + Resources.formatMemory(r.memoryBytes());
    }
}
