package io.prescale.providers.apply;

import io.prescale.planner.targets.TargetSpec;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.cdn.CdnProviders;
import io.prescale.providers.k8s.KubernetesProviders;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ProviderConfig;
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
        return List.of(cloud(AwsProviders.autoScalingGroups(), AwsProviders.class, "autoScalingGroups"),
                cloud(AwsProviders.eksNodegroups(), AwsProviders.class, "eksNodegroups"),
                cloud(AwsProviders.loadBalancers(), AwsProviders.class, "loadBalancers"),
                cloud(KubernetesProviders.deployments(), KubernetesProviders.class, "deployments"),
                cloud(KubernetesProviders.statefulSets(), KubernetesProviders.class, "statefulSets"),
                cloud(KubernetesProviders.placeholders(), KubernetesProviders.class, "placeholders"),
                cloud(KubernetesProviders.karpenterNodePools(), KubernetesProviders.class, "karpenterNodePools"),
                CdnProviders.cdn(), PlanOnlyProvider.factory());
    }

    /**
     * A cloud provider's factory: its declaration (target type, IAM actions) as loaded here, which touches no cloud
     * library, and its providers created by the same factory as {@link CloudClasses} loads it, beside the libraries.
     */
    private static ProviderFactory cloud(ProviderFactory declared, Class<?> factories, String method) {
        return new CloudFactory(declared, factories.getName(), method);
    }

    private record CloudFactory(ProviderFactory declared, String className, String method)
            implements ProviderFactory {
        @Override
        public TargetSpec target() {
            return declared.target();
        }

        @Override
        public CapacityProvider create(ProviderConfig config) {
            ProviderFactory f = CloudClasses.loader() == declared.getClass().getClassLoader() ? declared
                    : CloudClasses.call(ProviderFactory.class, className, method, new Class<?>[0]);
            return f.create(config);
        }

        @Override
        public List<String> iamActions(boolean includeOptional) {
            return declared.iamActions(includeOptional);
        }
    }
}
