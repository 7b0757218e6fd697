package io.prescale.providers.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.util.ClientBuilder;
import io.prescale.providers.spi.ProviderConfig;
import java.util.HashMap;
import java.util.List;

/**
 * The Fabric8 Kubernetes mock server in CRUD mode, plain HTTP: it keeps what is created, replaced and deleted and
 * serves it back as real Kubernetes JSON, as an API server would, custom resources included when their CRD context
 * is given (scope and plural, as the API server learns them from the CRD). {@link #client} is prescale's own client
 * over the official client-java, pointed at it; {@link #cluster} is a Fabric8 client to seed and inspect it.
 */
final class CrudCluster implements AutoCloseable {
    /** Karpenter's NodePool CRD: {@code karpenter.sh/v1}, cluster-scoped, plural {@code nodepools}. */
    static final CustomResourceDefinitionContext NODE_POOLS = new CustomResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodePool").withPlural("nodepools")
            .withScope("Cluster").build();

    final KubernetesMockServer server;
    final KubernetesClient cluster;

    CrudCluster(CustomResourceDefinitionContext... crds) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(crds)), false);
        server.init();
        cluster = server.createClient();
    }

    /** prescale's client, as the providers build it, without sleeping between retries. */
    ClientJavaKubernetesApi client(ProviderConfig config) {
        return new ClientJavaKubernetesApi(() -> new ClientBuilder()
                .setBasePath("http://" + server.getHostName() + ":" + server.getPort()).build(),
                config.callTimeout(), config.maxAttempts(), d -> {
                });
    }

    @Override
    public void close() {
        cluster.close();
        server.destroy();
    }
}
