package io.prescale.providers.k8s;

import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Factories of the Kubernetes providers, to register in a {@link io.prescale.providers.spi.ProviderRegistry}:
 * {@link #deployments()} ({@code k8s-deployment}) and {@link #statefulSets()} ({@code k8s-statefulset}). A target's
 * name is {@code namespace/name} ({@code default} when there is no namespace); its setting {@code context} picks the
 * kubeconfig context, {@code serverDryRun: true} sends dry runs to the API server with {@code dryRun=All}.
 *
 * <p>The client is built on the provider's first call, from {@code --kubeconfig} / {@code $KUBECONFIG} /
 * {@code ~/.kube/config} and the context, or from the pod's service account when running in a cluster. Each call
 * has a deadline of {@link ProviderConfig#callTimeout()}.
 */
public final class KubernetesProviders {

    private KubernetesProviders() {
    }

    /** Deployments, scaled through their HPA when they have one. */
    public static ProviderFactory deployments() {
        return new Factory(WorkloadKind.DEPLOYMENT);
    }

    /** StatefulSets, scaled through their HPA when they have one. */
    public static ProviderFactory statefulSets() {
        return new Factory(WorkloadKind.STATEFUL_SET);
    }

    /**
     * Node pools held with placeholder pods ({@code k8s-overprovisioning}): a Deployment of pause pods under a
     * negative PriorityClass, one per node to hold; see {@link PlaceholderProvider}.
     */
    public static ProviderFactory placeholders() {
        return new ClientFactory(KubernetesTargets.PLACEHOLDER, (config, clients) ->
                new PlaceholderProvider(config, clients::apply));
    }

    /**
     * The RBAC rules the placeholder pool needs: exactly the calls of {@link PlaceholderApi}. PriorityClasses are
     * cluster-scoped, so that rule goes in a ClusterRole; the Deployment's in a Role of its namespace.
     */
    public static List<RbacRule> placeholderRbacRules() {
        return List.of(
                new RbacRule("apps", List.of("deployments"), List.of("get"), false,
                        "read the placeholder Deployment's replicas and ready replicas"),
                new RbacRule("apps", List.of("deployments"), List.of("create", "update", "delete"), true,
                        "create the placeholder Deployment, set its replicas, remove it on release"),
                new RbacRule("scheduling.k8s.io", List.of("priorityclasses"), List.of("get", "create", "delete"), true,
                        "create the placeholders' negative PriorityClass, remove it on release (cluster-scoped)"));
    }

    /**
     * Karpenter node pools ({@code k8s-karpenter-nodepool}): the NodePool's limits raised and its nodes held by
     * placeholder pods pinned to it; see {@link KarpenterNodePoolProvider}.
     */
    public static ProviderFactory karpenterNodePools() {
        return new ClientFactory(KubernetesTargets.KARPENTER_NODEPOOL, (config, clients) ->
                new KarpenterNodePoolProvider(config, clients::apply));
    }

    /**
     * The RBAC rules a Karpenter node pool needs: exactly the calls of {@link NodePoolApi}, the placeholders' and the
     * NodePool's. NodePools are cluster-scoped, so that rule goes in a ClusterRole.
     */
    public static List<RbacRule> karpenterRbacRules() {
        List<RbacRule> rules = new java.util.ArrayList<>(placeholderRbacRules());
        rules.add(new RbacRule(NodePoolApi.GROUP, List.of(NodePoolApi.PLURAL), List.of("get"), false,
                "read the NodePool's limits, taints and prescale's annotations (cluster-scoped)"));
        rules.add(new RbacRule(NodePoolApi.GROUP, List.of(NodePoolApi.PLURAL), List.of("update"), true,
                "raise the NodePool's cpu and memory limits, restore them on release (cluster-scoped)"));
        return List.copyOf(rules);
    }

    /** A provider of one target type, its clients per kubeconfig context built on first use. */
    private record ClientFactory(io.prescale.planner.targets.TargetSpec target,
                                 BiFunction<ProviderConfig, Function<Optional<String>, ClientJavaKubernetesApi>,
                                         CapacityProvider> provider) implements ProviderFactory {
        @Override
        public CapacityProvider create(ProviderConfig config) {
            return provider.apply(config, context -> new ClientJavaKubernetesApi(
                    () -> ApiClientLoader.load(config, context), config.callTimeout(), config.maxAttempts(),
                    ClientJavaKubernetesApi.Sleeper.system()));
        }
    }

    /**
     * The RBAC rules both providers need, for the shipped Role (examples/deploy/kubernetes/rbac.yaml): exactly the
     * calls of {@link KubernetesApi}.
     * Grant them in a Role per namespace holding targets (or a ClusterRole bound per namespace). A server-side dry
     * run needs the same {@code update} verbs as a real apply.
     */
    public static List<RbacRule> rbacRules() {
        return List.of(
                new RbacRule("apps", List.of("deployments", "statefulsets"), List.of("get"), false,
                        "read a workload's replicas, ready replicas and prescale's annotations"),
                new RbacRule("autoscaling", List.of("horizontalpodautoscalers"), List.of("list"), false,
                        "find the HPA whose scaleTargetRef names the workload, and its min, max and desired replicas"),
                new RbacRule("apps", List.of("deployments", "statefulsets"), List.of("update"), true,
                        "set spec.replicas and prescale's annotations on a workload without an HPA"),
                new RbacRule("autoscaling", List.of("horizontalpodautoscalers"), List.of("update"), true,
                        "set an HPA's minReplicas and maxReplicas and prescale's annotations"));
    }

    private record Factory(WorkloadKind kind) implements ProviderFactory {
        @Override
        public io.prescale.planner.targets.TargetSpec target() {
            return kind.target();
        }

        @Override
        public CapacityProvider create(ProviderConfig config) {
            return new WorkloadProvider(kind, config, context -> new ClientJavaKubernetesApi(
                    () -> ApiClientLoader.load(config, context), config.callTimeout(), config.maxAttempts(),
                    ClientJavaKubernetesApi.Sleeper.system()));
        }

        /** Not applicable: Kubernetes access is granted by RBAC, see {@link KubernetesProviders#rbacRules()}. */
        @Override
        public List<String> iamActions(boolean includeOptional) {
            return List.of();
        }
    }
}
