package io.prescale.providers.aws;

import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetSpec;

/**
 * The AWS target types as the planner sees them: kind, apply phase and settings, checked when a scenario loads. Free
 * of the AWS SDK (as is {@link LoadBalancerUnits}, which its checks call): a plan loads them with no SDK on the class
 * path, which holds the SDK's jars only for the commands that call AWS ({@code io.prescale.providers.apply.CloudClasses}).
 */
public final class AwsTargets {
    private AwsTargets() {
    }

    static final Setting REGION = Setting.text("region", "the resource's region")
            .withDefault("aws-elbv2: from the ARN; else --region, else the SDK's chain");

    /** {@code aws-asg}: an Auto Scaling group's desired capacity and min, instances before the pods on them. */
    public static final TargetSpec AUTO_SCALING_GROUP = TargetSpec.of(AutoScalingGroupProvider.TYPE, CapacityKind.SCALE,
            ApplyPhase.MACHINES).describedAs("an Auto Scaling group (name: the group's name)").withSettings(
            REGION,
            Setting.wholeNumber(VcpuQuotaCheck.SETTING_QUOTA, 0, "the account's On-Demand vCPU quota, checked "
                    + "before every scale-out").withDefault("not checked"),
            Setting.parsed(VcpuQuotaCheck.SETTING_TYPE, "instance types, comma-separated", "the group's instance "
                    + "types when its launch template does not say", AwsTargets::instanceTypes)
                    .withDefault("the launch template's, else the instances'"),
            Setting.bool(AsgCapacityReservations.SETTING_RESERVE, "reserve the added instances as On-Demand "
                    + "Capacity Reservations until the layer's next scale-in").withDefault("false"),
            Setting.bool(AsgCapacityReservations.SETTING_REQUIRED, "fail the scale-out when the reservation fails")
                    .withDefault("false"),
            Setting.parsed(AsgCapacityReservations.SETTING_TYPE, "one instance type", "the instance type reserved",
                    AwsTargets::oneInstanceType).withDefault("the group's first instance type"),
            Setting.parsed(AsgCapacityReservations.SETTING_ZONES, "Availability Zones, comma-separated", "the zones "
                    + "the reservation is split across", AwsTargets::instanceTypes).withDefault("the group's zones"));

    /** {@code aws-eks-nodegroup}: an EKS managed node group, machines before the pods on them. */
    public static final TargetSpec EKS_NODEGROUP = TargetSpec.of(EksNodegroupProvider.TYPE, CapacityKind.SCALE,
            ApplyPhase.MACHINES).describedAs("an EKS managed node group (name: cluster/nodegroup)").withSettings(REGION);

    /**
     * {@code aws-elbv2}: a load balancer's capacity reservation, requested well ahead (a pre-warm), before the
     * instances behind it; AWS allows two decreases a day.
     */
    public static final TargetSpec LOAD_BALANCER = TargetSpec.of(LoadBalancerCapacityProvider.TYPE,
            CapacityKind.PREWARM, ApplyPhase.ENTRY).describedAs("an ELBv2 load balancer's capacity reservation "
            + "(name: its ARN), sized in LCU from new connections, active connections, processed bytes and rule "
            + "evaluations (its target settings connectionsPerViewer, bytesPerRequest, rulesPerRequest)")
            .withDecreasesPerDay(2).sizingUnits().withSettings(
            REGION,
            Setting.wholeNumber(TargetSpec.DECREASES_PER_DAY, 0, "decreases of the reservation allowed per UTC day")
                    .withDefault("2, the service's limit"),
            Setting.oneOf(LoadBalancerUnits.TYPE, java.util.List.of("application", "network"), "the load "
                    + "balancer's type, which sets what one unit carries").withDefault("from the ARN (app/ or net/)"),
            Setting.parsed(LoadBalancerUnits.CONNECTIONS_PER_VIEWER, "a number > 0", "connections each viewer "
                    + "holds open to the load balancer (and opens on joining)", LoadBalancerUnits::positive)
                    .withDefault("1"),
            Setting.parsed(LoadBalancerUnits.BYTES_PER_REQUEST, "a size (12KB, 800B)", "bytes a request and its "
                    + "response carry through the load balancer", LoadBalancerUnits::bytes).asRequired(),
            Setting.wholeNumber(LoadBalancerUnits.RULES_PER_REQUEST, 0, "listener rules a request is evaluated "
                    + "against (application load balancers; AWS counts those beyond 10)").withDefault("0"),
            Setting.wholeNumber(LoadBalancerUnits.LIMIT, LoadBalancerUnits.MIN_RESERVATION, "the most units the "
                    + "account may reserve on this load balancer (its Service Quotas limit): max above it is an "
                    + "error").withDefault("not checked"))
            .withCheck(LoadBalancerUnits::check);

    private static String instanceTypes(String s) {
        if (s.isBlank() || java.util.Arrays.stream(s.split(",")).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("expected a comma-separated list without empty items (got \"" + s
                    + "\")");
        }
        return s.strip();
    }

    private static String oneInstanceType(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.contains(",") || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a reservation is for one instance type (got \"" + s + "\")");
        }
        return t;
    }
}
