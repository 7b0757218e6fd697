package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PriorityClass;

/**
 * The Kubernetes API calls the placeholder pool makes, and no others: this list is also what its tests cover and
 * what {@link KubernetesProviders#placeholderRbacRules()} grants. Errors are the client's {@link ApiException}.
 */
interface PlaceholderApi extends AutoCloseable {

    /** {@code GET /apis/apps/v1/namespaces/{namespace}/deployments/{name}}. */
    V1Deployment readDeployment(String namespace, String name) throws ApiException;

    /** {@code POST /apis/apps/v1/namespaces/{namespace}/deployments}. */
    V1Deployment createDeployment(V1Deployment deployment) throws ApiException;

    /** {@code PUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}} with the object's resourceVersion. */
    V1Deployment replaceDeployment(V1Deployment deployment, boolean serverDryRun) throws ApiException;

    /** {@code DELETE /apis/apps/v1/namespaces/{namespace}/deployments/{name}}. */
    void deleteDeployment(String namespace, String name) throws ApiException;

    /** {@code GET /apis/scheduling.k8s.io/v1/priorityclasses/{name}}. */
    V1PriorityClass readPriorityClass(String name) throws ApiException;

    /** {@code POST /apis/scheduling.k8s.io/v1/priorityclasses}. */
    V1PriorityClass createPriorityClass(V1PriorityClass priorityClass) throws ApiException;

    /** {@code DELETE /apis/scheduling.k8s.io/v1/priorityclasses/{name}}. */
    void deletePriorityClass(String name) throws ApiException;

    @Override
    void close();
}
