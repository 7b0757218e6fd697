package io.prescale.providers.apply;

import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.cdn.CdnProviders;
import io.prescale.providers.k8s.KubernetesProviders;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.util.List;

/** The providers prescale ships, by target type. Factories create their clients lazily, on first use. */
public final class DefaultProviders {
    private DefaultProviders() {
    }

    public static ProviderRegistry registry() {
        ProviderRegistry r = new ProviderRegistry();
        factories().forEach(r::register);
        return r;
    }

    static List<ProviderFactory> factories() {
        return List.of(AwsProviders.autoScalingGroups(), AwsProviders.eksNodegroups(), AwsProviders.loadBalancers(), KubernetesProviders.deployments(),
                KubernetesProviders.statefulSets(), KubernetesProviders.placeholders(),
                KubernetesProviders.karpenterNodePools(), CdnProviders.cdn(), PlanOnlyProvider.factory());
    }
}
