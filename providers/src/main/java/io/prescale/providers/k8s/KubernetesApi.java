package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.util.List;

/**
 * The Kubernetes API calls prescale makes, and no others: this list is also what the tests must cover and what
 * {@link KubernetesProviders#rbacRules()} grants. Errors are the client's {@link ApiException} (HTTP code and the
 * API server's {@code Status} body); a client that cannot be configured, or a response the client cannot read, is a
 * {@link io.prescale.providers.spi.ProviderException}.
 *
 * <p>The replace calls are HTTP {@code PUT}s of the whole object and carry the object's
 * {@code metadata.resourceVersion}: the API server answers 409 Conflict when the object changed since it was read.
 * With {@code serverDryRun} the request carries {@code dryRun=All}: validated and admitted, not persisted.
 */
interface KubernetesApi extends AutoCloseable {

    /** {@code GET /apis/apps/v1/namespaces/{namespace}/deployments/{name}}. */
    V1Deployment readDeployment(String namespace, String name) throws ApiException;

    /** {@code GET /apis/apps/v1/namespaces/{namespace}/statefulsets/{name}}. */
    V1StatefulSet readStatefulSet(String namespace, String name) throws ApiException;

    /** {@code GET /apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers}, all pages. */
    List<V2HorizontalPodAutoscaler> listHorizontalPodAutoscalers(String namespace) throws ApiException;

    /** {@code PUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}} with the object's resourceVersion. */
    V1Deployment replaceDeployment(V1Deployment deployment, boolean serverDryRun) throws ApiException;

    /** {@code PUT /apis/apps/v1/namespaces/{namespace}/statefulsets/{name}} with the object's resourceVersion. */
    V1StatefulSet replaceStatefulSet(V1StatefulSet statefulSet, boolean serverDryRun) throws ApiException;

    /**
     * {@code PUT /apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{name}} with the object's
     * resourceVersion.
     */
    V2HorizontalPodAutoscaler replaceHorizontalPodAutoscaler(V2HorizontalPodAutoscaler hpa, boolean serverDryRun)
            throws ApiException;

    /** Cancels calls in flight and releases the client's connections; later calls fail. */
    @Override
    void close();
}
