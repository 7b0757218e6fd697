package io.prescale.providers.aws;

import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The AWS provider factories, for the registry, and the IAM actions each needs ({@code prescale iam-policy}).
 * Creating a provider creates no SDK client and reads no credentials: that happens on its first call.
 */
public final class AwsProviders {
    public static final String AUTO_SCALING_GROUP = AutoScalingGroupProvider.TYPE;
    public static final String LOAD_BALANCER = LoadBalancerCapacityProvider.TYPE;

    /** observe and apply (scale-out saves the baseline in tags, scale-in restores it and removes them). */
    static final List<String> ASG_ACTIONS = List.of(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribePolicies",
            "autoscaling:UpdateAutoScalingGroup",
            "autoscaling:SetDesiredCapacity",
            "autoscaling:CreateOrUpdateTags",
            "autoscaling:DeleteTags");
    /** Native scheduled actions, the vCPU quota check and On-Demand Capacity Reservations. */
    static final List<String> ASG_OPTIONAL_ACTIONS = List.of(
            "autoscaling:BatchPutScheduledUpdateGroupAction",
            "autoscaling:DescribeScheduledActions",
            "autoscaling:BatchDeleteScheduledAction",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeInstances",
            "ec2:CreateCapacityReservation",
            "ec2:CancelCapacityReservation");
    static final List<String> ELBV2_ACTIONS = List.of(
            "elasticloadbalancing:DescribeCapacityReservation",
            "elasticloadbalancing:ModifyCapacityReservation");

    private AwsProviders() {
    }

    /** {@code aws-asg}: an Auto Scaling group, with scheduled actions and the vCPU quota check. */
    public static ProviderFactory autoScalingGroups() {
        return new Factory(AwsTargets.AUTO_SCALING_GROUP, c -> new AutoScalingGroupProvider(c, AwsClients.from(c)), ASG_ACTIONS,
                ASG_OPTIONAL_ACTIONS);
    }

    static final List<String> EKS_ACTIONS = List.of("eks:DescribeNodegroup", "eks:UpdateNodegroupConfig",
            "eks:TagResource", "eks:UntagResource");

    /** {@code aws-eks-nodegroup}: an EKS managed node group's min and desired, originals restored. */
    public static ProviderFactory eksNodegroups() {
        return new Factory(AwsTargets.EKS_NODEGROUP, c -> {
            AwsClients clients = AwsClients.from(c);
            return new EksNodegroupProvider(c, clients::eks);
        }, EKS_ACTIONS, List.of());
    }

    /** {@code aws-elbv2}: a load balancer's LCU reservation. */
    public static ProviderFactory loadBalancers() {
        return new Factory(AwsTargets.LOAD_BALANCER, c -> new LoadBalancerCapacityProvider(c, AwsClients.from(c)), ELBV2_ACTIONS,
                List.of());
    }

    /** An {@code aws-asg} provider over the given APIs (tests, fakes); {@code ec2} may be null without quota checks. */
    public static CapacityProvider autoScalingGroups(ProviderConfig config, AutoScalingApi autoScaling, Ec2Api ec2) {
        Objects.requireNonNull(autoScaling, "autoScaling");
        return new AutoScalingGroupProvider(config, AwsApis.fixed(autoScaling, ec2, null));
    }

    /** An {@code aws-elbv2} provider over the given API (tests, fakes). */
    public static CapacityProvider loadBalancers(ProviderConfig config, LoadBalancerApi loadBalancers) {
        Objects.requireNonNull(loadBalancers, "loadBalancers");
        return new LoadBalancerCapacityProvider(config, AwsApis.fixed(null, null, loadBalancers));
    }

    /** On-Demand Capacity Reservations in {@code region} (null: --region, else the SDK's chain). */
    public static CapacityReservations capacityReservations(ProviderConfig config, String region) {
        AwsClients clients = AwsClients.from(config);
        return new CapacityReservations(clients.ec2(region != null ? region : config.region().orElse(null)),
                config.clock(), clients);
    }

    private record Factory(io.prescale.planner.targets.TargetSpec target,
                           Function<ProviderConfig, CapacityProvider> create, List<String> required,
                           List<String> optional) implements ProviderFactory {
        @Override
        public CapacityProvider create(ProviderConfig config) {
            return create.apply(Objects.requireNonNull(config, "config"));
        }

        @Override
        public List<String> iamActions(boolean includeOptional) {
            if (!includeOptional) {
                return required;
            }
            List<String> all = new ArrayList<>(required);
            all.addAll(optional);
            return List.copyOf(all);
        }
    }
}
