package io.prescale.providers.apply;

import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.cdn.CdnProviders;
import io.prescale.providers.k8s.KubernetesProviders;
import io.prescale.providers.spi.ProviderRegistry;

/** The providers prescale ships, by target type. Factories create their clients lazily, on first use. */
public final class DefaultProviders {
    private DefaultProviders() {
    }

    public static ProviderRegistry registry() {
        return new ProviderRegistry()
                .register(AwsProviders.autoScalingGroups())
                .register(AwsProviders.loadBalancers())
                .register(KubernetesProviders.deployments())
                .register(KubernetesProviders.statefulSets())
                .register(CdnProviders.cdn())
                .register(PlanOnlyProvider.factory());
    }
}
