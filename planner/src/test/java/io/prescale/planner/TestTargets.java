package io.prescale.planner;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetSpec;
import io.prescale.planner.targets.TargetSpecs;
import java.util.List;

/**
 * The planner's tests plan the shipped examples without the providers module (it depends on the planner): these
 * stand-ins declare the shipped target types' ids, kinds, phases and setting keys, registered for
 * {@link io.prescale.planner.targets.TargetCatalog#installed()} in the test class path only. A providers test
 * checks the shipped types declare the same kinds and phases.
 */
public final class TestTargets implements TargetSpecs {

    public static final List<TargetSpec> SPECS = List.of(
            TargetSpec.of("aws-asg", CapacityKind.SCALE, ApplyPhase.MACHINES).withSettings(texts("region",
                    "vcpuQuota", "instanceType", "reserveCapacity", "reserveCapacityRequired", "reserveInstanceType",
                    "reserveAvailabilityZones")),
            // a reservation requested ahead, with a daily decrease budget (the shipped load balancer type is one, but
            // sizes its own units from its dimensions: its examples are planned in the providers' tests)
            TargetSpec.of("test-reservation", CapacityKind.PREWARM, ApplyPhase.ENTRY).withDecreasesPerDay(2)
                    .withSettings(texts("region", "decreasesPerDay")),
            TargetSpec.of("k8s-deployment", CapacityKind.SCALE, ApplyPhase.WORKLOADS)
                    .withSettings(texts("context", "serverDryRun")),
            TargetSpec.of("k8s-statefulset", CapacityKind.SCALE, ApplyPhase.WORKLOADS)
                    .withSettings(texts("context", "serverDryRun")),
            TargetSpec.of("k8s-overprovisioning", CapacityKind.SCALE, ApplyPhase.MACHINES)
                    .withSettings(texts("context", "podCpu", "podMemory", "baseNodes", "priority", "priorityClass",
                            "image", "nodeSelector", "workload", "carriedCpu", "carriedMemory")),
            TargetSpec.of("aws-eks-nodegroup", CapacityKind.SCALE, ApplyPhase.MACHINES).withSettings(texts("region")),
            TargetSpec.of("cdn", CapacityKind.CHECK, ApplyPhase.ENTRY).withSettings(texts("provider", "capacityGbps",
                    "capacityRps", "headroom", "peakRps", "metricsUrl", "metricsPointer", "metricsUnit",
                    "metricsAuthHeader", "metricsTokenEnv", "observedIsOtherTraffic")).withCheck(c -> {
                        if (c.layer().unit() != CapacityUnit.GBPS) {
                            c.error("unit", "a cdn target is counted in Gbps: use unit: gbps and gbpsPerUnit: 1Gbps",
                                    "");
                        } else if (!"cloudfront".equals(c.settings().get("provider"))
                                && !c.settings().containsKey("capacityGbps")) {
                            c.derive("capacityGbps", Integer.toString(c.layer().max()));
                        }
                    }));

    @Override
    public List<TargetSpec> specs() {
        return SPECS;
    }

    private static Setting[] texts(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> Setting.text(k, "")).toArray(Setting[]::new);
    }
}
