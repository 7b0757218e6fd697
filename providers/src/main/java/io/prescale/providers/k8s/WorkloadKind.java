package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.prescale.planner.model.TargetType;

/** The workload kinds prescale scales, with where they live in the API. */
enum WorkloadKind {
    DEPLOYMENT(TargetType.K8S_DEPLOYMENT, "Deployment", "deployments"),
    STATEFUL_SET(TargetType.K8S_STATEFULSET, "StatefulSet", "statefulsets");

    static final String GROUP = "apps";
    static final String VERSION = "v1";

    private final TargetType targetType;
    private final String kind;
    private final String resource;

    WorkloadKind(TargetType targetType, String kind, String resource) {
        this.targetType = targetType;
        this.kind = kind;
        this.resource = resource;
    }

    TargetType targetType() {
        return targetType;
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
