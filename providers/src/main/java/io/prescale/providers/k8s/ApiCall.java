package io.prescale.providers.k8s;

/**
 * One request prescale makes, described for diagnostics, reports and RBAC hints.
 *
 * @param verb     the RBAC verb: {@code get}, {@code list}, {@code update}
 * @param group    the API group: {@code apps}, {@code autoscaling}
 * @param resource the API resource: {@code deployments}, {@code horizontalpodautoscalers}
 * @param path     the request path
 */
record ApiCall(String verb, String group, String resource, String path) {
    static final String AUTOSCALING = "autoscaling";
    static final String HPAS = "horizontalpodautoscalers";

    static ApiCall getWorkload(WorkloadKind kind, WorkloadRef ref) {
        return new ApiCall("get", WorkloadKind.GROUP, kind.resource(), kind.path(ref));
    }

    static ApiCall updateWorkload(WorkloadKind kind, WorkloadRef ref) {
        return new ApiCall("update", WorkloadKind.GROUP, kind.resource(), kind.path(ref));
    }

    static ApiCall listHpas(String namespace) {
        return new ApiCall("list", AUTOSCALING, HPAS, "/apis/autoscaling/v2/namespaces/" + namespace + "/" + HPAS);
    }

    static ApiCall updateHpa(String namespace, String name) {
        return new ApiCall("update", AUTOSCALING, HPAS,
                "/apis/autoscaling/v2/namespaces/" + namespace + "/" + HPAS + "/" + name);
    }

    String method() {
        return switch (verb) {
            case "update" -> "PUT";
            case "patch" -> "PATCH";
            case "create" -> "POST";
            case "delete" -> "DELETE";
            default -> "GET";
        };
    }

    /** {@code PUT /apis/apps/v1/namespaces/live/deployments/web}. */
    String request() {
        return method() + " " + path;
    }
}
