package io.prescale.providers.aws;

import java.util.Objects;

/**
 * Where providers get the narrow APIs for a region: SDK-backed clients ({@link AwsClients}) or, in tests, given
 * implementations. A {@code null} region means the SDK's default region chain.
 */
interface AwsApis extends AutoCloseable {
    AutoScalingApi autoScaling(String region);

    Ec2Api ec2(String region);

    LoadBalancerApi loadBalancers(String region);

    @Override
    default void close() {
    }

    /** The same implementations for every region; {@code null} for an API the provider does not use. */
    static AwsApis fixed(AutoScalingApi autoScaling, Ec2Api ec2, LoadBalancerApi loadBalancers) {
        return new AwsApis() {
            @Override
            public AutoScalingApi autoScaling(String region) {
                return Objects.requireNonNull(autoScaling, "no AutoScalingApi given");
            }

            @Override
            public Ec2Api ec2(String region) {
                return Objects.requireNonNull(ec2, "no Ec2Api given");
            }

            @Override
            public LoadBalancerApi loadBalancers(String region) {
                return Objects.requireNonNull(loadBalancers, "no LoadBalancerApi given");
            }
        };
    }
}
