package io.prescale.providers.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiException;

/**
 * The Kubernetes API calls the Karpenter node pool provider makes, and no others: the placeholder pool's, and a
 * read and a replace of the NodePool (Karpenter's {@code karpenter.sh/v1} custom resource, cluster-scoped). This
 * list is also what {@link KubernetesProviders#karpenterRbacRules()} grants.
 *
 * <p>A NodePool is kept as the JSON the API server sent ({@link JsonObject}), not a typed model: client-java has
 * no model for it, and a replace of the JSON as read cannot drop a field Karpenter added in a newer version. Numbers
 * keep their written form ({@code "cpu": 1000} stays an integer), which the CRD's int-or-string limits require.
 */
interface NodePoolApi extends PlaceholderApi {
    String GROUP = "karpenter.sh";
    String VERSION = "v1";
    String PLURAL = "nodepools";

    /** {@code GET /apis/karpenter.sh/v1/nodepools/{name}}. */
    JsonObject readNodePool(String name) throws ApiException;

    /** {@code PUT /apis/karpenter.sh/v1/nodepools/{name}} with the object's resourceVersion. */
    JsonObject replaceNodePool(JsonObject nodePool) throws ApiException;

    static String path(String name) {
        return "/apis/" + GROUP + "/" + VERSION + "/" + PLURAL + "/" + name;
    }
}
