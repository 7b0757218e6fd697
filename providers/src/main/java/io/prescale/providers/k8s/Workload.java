package io.prescale.providers.k8s;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import java.util.Objects;

/**
 * A Deployment or StatefulSet as read, seen through the fields prescale uses. The wrapped model is the one sent
 * back on replace, so every other field goes back as it came. Unset {@code spec.replicas} is 1, as the API server
 * defaults it.
 */
sealed interface Workload permits Workload.Deployment, Workload.StatefulSet {

    WorkloadKind kind();

    V1ObjectMeta metadata();

    int replicas();

    void setReplicas(int replicas);

    int readyReplicas();

    /** Replaces the object (with its resourceVersion) and returns what the API server stored. */
    Workload replace(KubernetesApi api, boolean serverDryRun) throws ApiException;

    record Deployment(V1Deployment object) implements Workload {
        public Deployment {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.DEPLOYMENT;
        }

        @Override
        public V1ObjectMeta metadata() {
            if (object.getMetadata() == null) {
                object.setMetadata(new V1ObjectMeta());
            }
            return object.getMetadata();
        }

        @Override
        public int replicas() {
            return object.getSpec() == null || object.getSpec().getReplicas() == null ? 1
                    : object.getSpec().getReplicas();
        }

        @Override
        public void setReplicas(int replicas) {
            if (object.getSpec() == null) {
                object.setSpec(new V1DeploymentSpec());
            }
            object.getSpec().setReplicas(replicas);
        }

        @Override
        public int readyReplicas() {
            return object.getStatus() == null || object.getStatus().getReadyReplicas() == null ? 0
                    : object.getStatus().getReadyReplicas();
        }

        @Override
        public Workload replace(KubernetesApi api, boolean serverDryRun) throws ApiException {
            return new Deployment(api.replaceDeployment(object, serverDryRun));
        }
    }

    record StatefulSet(V1StatefulSet object) implements Workload {
        public StatefulSet {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.STATEFUL_SET;
        }

        @Override
        public V1ObjectMeta metadata() {
            if (object.getMetadata() == null) {
                object.setMetadata(new V1ObjectMeta());
            }
            return object.getMetadata();
        }

        @Override
        public int replicas() {
            return object.getSpec() == null || object.getSpec().getReplicas() == null ? 1
                    : object.getSpec().getReplicas();
        }

        @Override
        public void setReplicas(int replicas) {
            if (object.getSpec() == null) {
                object.setSpec(new V1StatefulSetSpec());
            }
            object.getSpec().setReplicas(replicas);
        }

        @Override
        public int readyReplicas() {
            return object.getStatus() == null || object.getStatus().getReadyReplicas() == null ? 0
                    : object.getStatus().getReadyReplicas();
        }

        @Override
        public Workload replace(KubernetesApi api, boolean serverDryRun) throws ApiException {
            return new StatefulSet(api.replaceStatefulSet(object, serverDryRun));
        }
    }
}
