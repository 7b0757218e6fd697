package io.prescale.providers.aws;

import io.prescale.planner.model.Target;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Before a scale-out: is there room in the EC2 On-Demand vCPU quota for the extra instances?
 *
 * <p>need = extraUnits x vCPUs of the group's largest instance type (weights ignored: conservative); running = the
 * vCPUs of running and pending On-Demand instances in the same quota class (Standard A/C/D/H/I/M/R/T/Z, G and VT,
 * P, ...); quota = the target's {@code vcpuQuota} setting. The Service Quotas API (GetServiceQuota L-1216C47A) would
 * give the quota itself, but its SDK module cannot be resolved in this build, so the quota is configured.
 */
final class VcpuQuotaCheck {
    static final String SETTING_QUOTA = "vcpuQuota";
    static final String SETTING_TYPE = "instanceType";
    /** Less than this share of the quota left after the scale-out: WARNED. */
    static final double WARN_MARGIN = 0.10;

    private final Function<Target, AutoScalingApi> autoScaling;
    private final Function<Target, Ec2Api> ec2;

    VcpuQuotaCheck(Function<Target, AutoScalingApi> autoScaling, Function<Target, Ec2Api> ec2) {
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
    }

    ChangeResponse check(String layer, Target target, int extraUnits, Deadline deadline) {
        String group = target.name();
        if (extraUnits <= 0) {
            return new ChangeResponse(layer, group, ChangeStatus.PASSED, -1, -1, "no units added: no vCPU needed",
                    Map.of(), List.of());
        }
        String setting = target.settings().get(SETTING_QUOTA);
        if (setting == null || setting.isBlank()) {
            return new ChangeResponse(layer, group, ChangeStatus.SKIPPED, -1, -1, "no vCPU quota to check against",
                    Map.of(), List.of(ProviderDiagnostic.warning(group, "vCPU quota not checked: the target has no "
                            + SETTING_QUOTA + " setting", "set it to the account's 'Running On-Demand Standard "
                            + "instances' quota (Service Quotas L-1216C47A) in the group's region")));
        }
        int quota;
        try {
            quota = Integer.parseInt(setting.strip());
            if (quota < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return ChangeResponse.failed(layer, group, -1, "invalid " + SETTING_QUOTA, ProviderDiagnostic.error(group,
                    SETTING_QUOTA + " must be a whole number of vCPUs, not '" + setting + "'", "", "InvalidSetting"));
        }
        try {
            Optional<AutoScalingGroup> found = autoScaling.apply(target).describeAutoScalingGroups(
                    DescribeAutoScalingGroupsRequest.builder().autoScalingGroupNames(group)
                            .overrideConfiguration(deadline.call()).build())
                    .autoScalingGroups().stream().filter(g -> group.equals(g.autoScalingGroupName())).findFirst();
            if (found.isEmpty()) {
                return ChangeResponse.failed(layer, group, -1, "Auto Scaling group not found", ProviderDiagnostic.error(
                        group, "Auto Scaling group not found", "DescribeAutoScalingGroups returned no group named "
                                + group, "NotFound"));
            }
            Map<String, String> details = new LinkedHashMap<>();
            Set<String> types = instanceTypes(found.get(), target, details);
            if (types.isEmpty()) {
                return ChangeResponse.failed(layer, group, -1, "instance type unknown", ProviderDiagnostic.error(group,
                        "cannot tell the group's instance type", "no launch template overrides and no instances; set "
                                + "the target's " + SETTING_TYPE + " setting", "UnknownInstanceType"));
            }
            Ec2Api api = ec2.apply(target);
            Map<String, Integer> vcpus = new HashMap<>(vcpus(api, types, deadline));
            List<String> unknown = types.stream().filter(t -> !vcpus.containsKey(t)).toList();
            if (!unknown.isEmpty()) {
                return ChangeResponse.failed(layer, group, -1, "instance type unknown to EC2", ProviderDiagnostic.error(
                        group, "DescribeInstanceTypes returned no vCPU count for " + String.join(", ", unknown),
                        "check the instance type names", "UnknownInstanceType"));
            }
            int perUnit = types.stream().mapToInt(vcpus::get).max().orElseThrow();
            Set<String> classes = new LinkedHashSet<>();
            types.forEach(t -> classes.add(quotaClass(t)));
            int running = runningVcpus(api, classes, vcpus, deadline);
            long need = (long) extraUnits * perUnit;
            long free = (long) quota - running;
            long left = free - need;
            details.put("quotaClass", String.join(", ", classes));
            details.put("vcpusPerUnit", Integer.toString(perUnit));
            details.put("extraUnits", Integer.toString(extraUnits));
            details.put("neededVcpus", Long.toString(need));
            details.put("runningVcpus", Integer.toString(running));
            details.put("quotaVcpus", quota + " (target setting " + SETTING_QUOTA + ")");
            details.put("freeVcpus", Long.toString(free));
            int before = running;
            int after = (int) Math.min(Integer.MAX_VALUE, running + need);
            String numbers = "need %d vCPUs (%d units x %d), free %d of %d (%d running)"
                    .formatted(need, extraUnits, perUnit, free, quota, running);
            if (need > free) {
                return new ChangeResponse(layer, group, ChangeStatus.FAILED, before, after, numbers, details,
                        List.of(ProviderDiagnostic.error(group, "vCPU quota too small for the scale-out: " + numbers,
                                "ask for a quota increase in " + String.join(", ", classes) + " well before the event",
                                "VcpuQuotaExceeded")));
            }
            if (left < WARN_MARGIN * quota) {
                return new ChangeResponse(layer, group, ChangeStatus.WARNED, before, after, numbers, details,
                        List.of(ProviderDiagnostic.warning(group, "less than " + Math.round(WARN_MARGIN * 100)
                                + "% of the vCPU quota left after the scale-out: " + left + " of " + quota, numbers)));
            }
            return new ChangeResponse(layer, group, ChangeStatus.PASSED, before, after, numbers, details, List.of());
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            return ChangeResponse.failed(layer, group, -1, "quota check failed",
                    AwsErrors.diagnostic(group, "check vCPU quota for " + group, e));
        }
    }

    /**
     * The group's instance types: its MixedInstancesPolicy launch template overrides; else the target's
     * {@code instanceType} setting (comma-separated); else the types of its current instances. A plain launch
     * template or launch configuration would need DescribeLaunchTemplateVersions / DescribeLaunchConfigurations,
     * which prescale does not call.
     */
    static Set<String> instanceTypes(AutoScalingGroup g, Target target, Map<String, String> details) {
        Set<String> types = new LinkedHashSet<>();
        if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
            g.mixedInstancesPolicy().launchTemplate().overrides().stream().map(LaunchTemplateOverrides::instanceType)
                    .filter(t -> t != null && !t.isBlank()).forEach(types::add);
            if (!types.isEmpty()) {
                details.put("instanceTypes", String.join(",", types) + " (launch template overrides)");
                return types;
            }
        }
        String setting = target.settings().get(SETTING_TYPE);
        if (setting != null && !setting.isBlank()) {
            for (String t : setting.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.strip());
                }
            }
            details.put("instanceTypes", String.join(",", types) + " (target setting " + SETTING_TYPE + ")");
            return types;
        }
        g.instances().stream().map(i -> i.instanceType()).filter(t -> t != null && !t.isBlank()).forEach(types::add);
        if (!types.isEmpty()) {
            details.put("instanceTypes", String.join(",", types) + " (the group's instances)");
        }
        return types;
    }

    private static Map<String, Integer> vcpus(Ec2Api api, Collection<String> types, Deadline deadline) {
        Map<String, Integer> out = new HashMap<>();
        List<String> all = List.copyOf(types);
        for (int i = 0; i < all.size(); i += 100) {
            List<String> page = all.subList(i, Math.min(all.size(), i + 100));
            String token = null;
            do {
                DescribeInstanceTypesResponse r = api.describeInstanceTypes(DescribeInstanceTypesRequest.builder()
                        .instanceTypesWithStrings(page).nextToken(token).overrideConfiguration(deadline.call()).build());
                for (InstanceTypeInfo t : r.instanceTypes()) {
                    if (t.vCpuInfo() != null && t.vCpuInfo().defaultVCpus() != null) {
                        out.put(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus());
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return out;
    }

    /** vCPUs of running and pending On-Demand instances in the given quota classes (Spot has its own quotas). */
    private static int runningVcpus(Ec2Api api, Set<String> classes, Map<String, Integer> vcpus, Deadline deadline) {
        Map<String, Integer> countByType = new HashMap<>();
        String token = null;
        do {
            DescribeInstancesResponse r = api.describeInstances(DescribeInstancesRequest.builder()
                    .filters(Filter.builder().name("instance-state-name").values("running", "pending").build())
                    .maxResults(1000).nextToken(token).overrideConfiguration(deadline.call()).build());
            for (Reservation res : r.reservations()) {
                for (Instance i : res.instances()) {
                    String type = i.instanceTypeAsString();
                    if (i.instanceLifecycle() == null && type != null && classes.contains(quotaClass(type))) {
                        countByType.merge(type, 1, Integer::sum);
                    }
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        List<String> missing = new ArrayList<>();
        countByType.keySet().stream().filter(t -> !vcpus.containsKey(t)).forEach(missing::add);
        if (!missing.isEmpty()) {
            vcpus.putAll(vcpus(api, missing, deadline));
        }
        int total = 0;
        for (Map.Entry<String, Integer> e : countByType.entrySet()) {
            // a type EC2 no longer describes still uses vCPUs; count it as 1 each rather than skip it
            total += e.getValue() * vcpus.getOrDefault(e.getKey(), 1);
        }
        return total;
    }

    /** The On-Demand vCPU quota an instance type counts against. */
    static String quotaClass(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
        if (family.startsWith("u-") || family.matches("u\\d.*")) {
            return "High Memory";
        }
        for (String p : List.of("inf", "trn", "dl", "hpc", "mac")) {
            if (family.startsWith(p)) {
                return p.toUpperCase(Locale.ROOT);
            }
        }
        if (family.startsWith("vt") || family.startsWith("g")) {
            return "G and VT";
        }
        return switch (family.isEmpty() ? ' ' : family.charAt(0)) {
            case 'a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z' -> "Standard (A, C, D, H, I, M, R, T, Z)";
            case 'f' -> "F";
            case 'p' -> "P";
            case 'x' -> "X";
            default -> family.toUpperCase(Locale.ROOT);
        };
    }
}
