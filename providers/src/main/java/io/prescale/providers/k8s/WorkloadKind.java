package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetSpec;

/** The workload kinds prescale scales, with where they live in the API. */
enum WorkloadKind {
    DEPLOYMENT("k8s-deployment", "Deployment", "deployments"),
    STATEFUL_SET("k8s-statefulset", "StatefulSet", "statefulsets");

    static final String GROUP = "apps";
    static final String VERSION = "v1";

    private final TargetSpec target;
    private final String kind;
    private final String resource;

    WorkloadKind(String type, String kind, String resource) {
        // pods run on machines: they are applied after the layers whose machines they need
        this.target = TargetSpec.of(type, CapacityKind.SCALE, ApplyPhase.WORKLOADS)
                .describedAs("a Kubernetes " + kind + " (name: namespace/name), through its HPA when it has one")
                .withSettings(
                        Setting.text(WorkloadProvider.CONTEXT, "the kubeconfig context")
                                .withDefault("--kube-context, else the current one, else in-cluster"),
                        Setting.bool(WorkloadProvider.SERVER_DRY_RUN, "also send a dry run's writes to the API "
                                + "server with dryRun=All").withDefault("false"));
        this.kind = kind;
        this.resource = resource;
    }

    /** The target type as the planner sees it. */
    TargetSpec target() {
        return target;
    }

    /** The API kind, as in an HPA's {@code scaleTargetRef.kind}. */
    String kind() {
        return kind;
    }

    /** The API resource, as in a path or an RBAC rule. */
    String resource() {
        return resource;
    }

    String path(WorkloadRef ref) {
        return "/apis/" + GROUP + "/" + VERSION + "/namespaces/" + ref.namespace() + "/" + resource + "/" + ref.name();
    }

    Workload read(KubernetesApi api, WorkloadRef ref) throws ApiException {
        return switch (this) {
            case DEPLOYMENT -> new Workload.Deployment(api.readDeployment(ref.namespace(), ref.name()));
            case STATEFUL_SET -> new Workload.StatefulSet(api.readStatefulSet(ref.namespace(), ref.name()));
        };
    }
}
