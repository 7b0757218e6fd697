package io.prescale.providers.k8s;

import static io.prescale.providers.k8s.CarriedWorkload.CARRIED_CPU;
import static io.prescale.providers.k8s.CarriedWorkload.CARRIED_MEMORY;
import static io.prescale.providers.k8s.CarriedWorkload.WORKLOAD;
import static io.prescale.providers.k8s.KarpenterNodePoolProvider.MAX_CPU;
import static io.prescale.providers.k8s.KarpenterNodePoolProvider.MAX_MEMORY;
import static io.prescale.providers.k8s.KarpenterNodePoolProvider.NODE_CPU;
import static io.prescale.providers.k8s.KarpenterNodePoolProvider.NODE_MEMORY;
import static io.prescale.providers.k8s.KarpenterNodePoolProvider.PLACEHOLDERS;
import static io.prescale.providers.k8s.PlaceholderProvider.BASE_NODES;
import static io.prescale.providers.k8s.PlaceholderProvider.CONTEXT;
import static io.prescale.providers.k8s.PlaceholderProvider.DEFAULT_IMAGE;
import static io.prescale.providers.k8s.PlaceholderProvider.DEFAULT_PRIORITY;
import static io.prescale.providers.k8s.PlaceholderProvider.IMAGE;
import static io.prescale.providers.k8s.PlaceholderProvider.NODE_SELECTOR;
import static io.prescale.providers.k8s.PlaceholderProvider.POD_CPU;
import static io.prescale.providers.k8s.PlaceholderProvider.POD_MEMORY;
import static io.prescale.providers.k8s.PlaceholderProvider.PRIORITY;
import static io.prescale.providers.k8s.PlaceholderProvider.PRIORITY_CLASS;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Resources;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetCheck;
import io.prescale.planner.targets.TargetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The node-pool target types as the planner sees them, with their load-time checks and setting parsers. Free of the
 * Kubernetes client, as a plan loads them with no client on the class path (its jars are there only for the
 * commands that call a cluster: {@code io.prescale.providers.apply.CloudClasses}).
 */
final class KubernetesTargets {
    private KubernetesTargets() {
    }

    /** {@code k8s-overprovisioning}: room on a node pool held by placeholder pods ({@link PlaceholderProvider}). */
    static final TargetSpec PLACEHOLDER = TargetSpec.of(PlaceholderProvider.TYPE, CapacityKind.SCALE,
                    ApplyPhase.MACHINES)
            .describedAs("room on a node pool held by low-priority placeholder pods (name: namespace/deployment)")
            .withSettings(
                    Setting.text(CONTEXT, "the kubeconfig context")
                            .withDefault("--kube-context, else the current one, else in-cluster"),
                    Setting.parsed(POD_CPU, "cpu quantity (e.g. 3620m)", "what one placeholder requests",
                            Resources::milliCpu).withDefault("the node's allocatable cpu less the layer's overhead"),
                    Setting.parsed(POD_MEMORY, "memory quantity (e.g. 13736Mi)", "what one placeholder requests",
                            Resources::memoryBytes).withDefault("the node's allocatable memory less the overhead"),
                    Setting.wholeNumber(BASE_NODES, 0, "nodes the pool has without placeholders")
                            .withDefault("the layer's min"),
                    Setting.parsed(PRIORITY, "whole number < 0", "the PriorityClass value",
                                    KubernetesTargets::parsePriority)
                            .withDefault(Integer.toString(DEFAULT_PRIORITY)),
                    Setting.parsed(PRIORITY_CLASS, "a PriorityClass name", "the PriorityClass of the placeholders",
                            KubernetesTargets::parseName).withDefault("<deployment>-placeholder"),
                    Setting.text(IMAGE, "the placeholder's image").withDefault(DEFAULT_IMAGE),
                    Setting.parsed(NODE_SELECTOR, "key=value[,key=value]", "the node pool's labels",
                            KubernetesTargets::parseNodeSelector),
                    Setting.parsed(WORKLOAD, "namespace/name", "the carried pods' Deployment: a"
                            + " scale-out first checks its pods' requests against the plan's",
                            KubernetesTargets::parseRef),
                    Setting.parsed(CARRIED_CPU, "cpu quantity", "one carried pod's cpu request, as"
                            + " planned", Resources::milliCpu).withDefault("the layer's carries.requests"),
                    Setting.parsed(CARRIED_MEMORY, "memory quantity", "one carried pod's memory"
                            + " request, as planned", Resources::memoryBytes)
                            .withDefault("the layer's carries.requests"))
            .withCheck(c -> checkPlaceholders(c, PlaceholderProvider.TYPE));

    /**
     * The load-time check of a target whose nodes are held by placeholders: the layer counts nodes, and what one
     * placeholder requests is known (given, or derived from the layer's {@code carries}: a node's allocatable less
     * its overhead), as is the pool's own node count (default the layer's min).
     */
    static void checkPlaceholders(TargetCheck c, String type) {
        var l = c.layer();
        if (l.unit() != CapacityUnit.NODES) {
            c.error("unit", "a " + type + " target is counted in nodes (got " + l.unit().id() + ")",
                    "each placeholder holds one node: use unit: nodes");
        }
        Optional<Resources> free = l.carries().map(x -> x.free());
        if (!c.settings().containsKey(POD_CPU)) {
            free.ifPresentOrElse(f -> c.derive(POD_CPU, Resources.formatCpu(f.milliCpu())),
                    () -> c.error(POD_CPU, "what a placeholder requests is not known",
                            "give the layer carries: (the pods it carries and the node type), or set "
                                    + POD_CPU + " and " + POD_MEMORY));
        }
        if (!c.settings().containsKey(POD_MEMORY)) {
            free.ifPresent(f -> c.derive(POD_MEMORY, Resources.formatMemory(f.memoryBytes())));
            if (free.isEmpty() && c.settings().containsKey(POD_CPU)) {
                c.error(POD_MEMORY, "what a placeholder requests is not known", "set " + POD_MEMORY);
            }
        }
        if (!c.settings().containsKey(BASE_NODES)) {
            c.derive(BASE_NODES, Integer.toString(l.min()));
        }
        l.carries().ifPresent(k -> {
            if (!c.settings().containsKey(CARRIED_CPU)) {
                c.derive(CARRIED_CPU, Resources.formatCpu(k.requests().milliCpu()));
            }
            if (!c.settings().containsKey(CARRIED_MEMORY)) {
                c.derive(CARRIED_MEMORY, Resources.formatMemory(k.requests().memoryBytes()));
            }
        });
        if (c.settings().containsKey(WORKLOAD) && l.carries().isEmpty()
                && !(c.settings().containsKey(CARRIED_CPU)
                && c.settings().containsKey(CARRIED_MEMORY))) {
            c.error(WORKLOAD, "the carried pods' requests the plan assumes are not known",
                    "give the layer carries: (its requests are what apply checks the workload against), or set "
                            + CARRIED_CPU + " and " + CARRIED_MEMORY);
        }
    }

    static WorkloadRef parseRef(String s) {
        return WorkloadRef.parse(s).orElseThrow(() -> new IllegalArgumentException("expected namespace/name of a"
                + " Deployment (got \"" + s + "\")"));
    }

    static int parsePriority(String s) {
        int v;
        try {
            v = Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number below 0 (got \"" + s + "\")");
        }
        if (v >= 0) {
            throw new IllegalArgumentException("must be below 0, so that every real pod pre-empts a placeholder"
                    + " (got " + v + ")");
        }
        return v;
    }

    static String parseName(String s) {
        String v = s.strip();
        if (!v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*") || v.length() > 253) {
            throw new IllegalArgumentException("not a valid Kubernetes name: \"" + s + "\"");
        }
        return v;
    }

    static Map<String, String> parseNodeSelector(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException("expected key=value[,key=value] (got \"" + s + "\")");
            }
            out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }

    /** The placeholder settings, as {@code k8s-overprovisioning} declares them. */
    static final List<String> PLACEHOLDER_KEYS = List.of(CONTEXT,
            POD_CPU, POD_MEMORY, BASE_NODES,
            PRIORITY, PRIORITY_CLASS, IMAGE,
            NODE_SELECTOR, WORKLOAD, CARRIED_CPU,
            CARRIED_MEMORY);

    /**
     * {@code k8s-karpenter-nodepool}: a Karpenter NodePool's limits and its nodes held
     * ({@link KarpenterNodePoolProvider}).
     */
    static final TargetSpec KARPENTER_NODEPOOL = TargetSpec.of(KarpenterNodePoolProvider.TYPE, CapacityKind.SCALE,
                    ApplyPhase.MACHINES)
            .describedAs("a Karpenter NodePool: its limits raised, its nodes held by placeholder pods (name: the"
                    + " NodePool)")
            .withSettings(Stream.concat(Stream.of(
                    Setting.parsed(NODE_CPU, "cpu quantity (e.g. 8)", "one node's cpu capacity, as Karpenter"
                            + " counts it against the limits", Resources::milliCpu).asRequired(),
                    Setting.parsed(NODE_MEMORY, "memory quantity (e.g. 16Gi)", "one node's memory capacity, as"
                            + " Karpenter counts it against the limits", Resources::memoryBytes).asRequired(),
                    Setting.parsed(MAX_CPU, "cpu quantity", "the most cpu limit prescale may set",
                            Resources::milliCpu),
                    Setting.parsed(MAX_MEMORY, "memory quantity", "the most memory limit prescale may set",
                            Resources::memoryBytes),
                    Setting.parsed(PLACEHOLDERS, "namespace/name", "the placeholder Deployment",
                            KubernetesTargets::parseRef).withDefault("default/<nodepool>-placeholder")),
                    PLACEHOLDER_KEYS.stream().map(k -> PLACEHOLDER.setting(k).orElseThrow()))
                    .toArray(Setting[]::new))
            .withCheck(KubernetesTargets::checkKarpenter);

    /**
     * {@code k8s-karpenter-nodepool}'s load-time check: the placeholders', node capacity that holds what a node
     * offers, limits within the caps.
     */
    static void checkKarpenter(TargetCheck c) {
        checkPlaceholders(c, KarpenterNodePoolProvider.TYPE);
        String pool = c.targetName();
        Map<String, String> s = c.settings();
        if (!s.containsKey(PLACEHOLDERS)) {
            c.derive(PLACEHOLDERS, "default/" + pool + "-placeholder");
        }
        if (!s.containsKey(PRIORITY_CLASS)) {
            c.derive(PRIORITY_CLASS, pool + "-placeholder");
        }
        int max = c.layer().max();
        for (Dimension d : Dimension.values()) {
            if (!s.containsKey(d.node)) {
                continue; // required: already an error at the target
            }
            long node = d.parse.applyAsLong(s.get(d.node));
            c.layer().carries().ifPresent(k -> {
                long allocatable = d.of.applyAsLong(k.allocatable());
                if (node < allocatable) {
                    c.error(d.node, "a node's " + d.word + " capacity " + s.get(d.node) + " is below its allocatable "
                            + d.format.apply(allocatable), "capacity is what the instance type has (kubectl describe"
                            + " node: Capacity), allocatable is that less what the kubelet reserves");
                }
            });
            String pod = s.get(d.pod);
            if (pod != null && d.parse.applyAsLong(pod) > node) {
                c.error(d.pod, "a placeholder requests " + d.word + " " + pod + ", more than a node of the pool has ("
                        + s.get(d.node) + ")", "Karpenter cannot provision a node for it, so it would hold nothing;"
                        + " request at most what a node leaves free for pods");
            }
            if (!s.containsKey(d.max)) {
                continue;
            }
            long limit = d.parse.applyAsLong(s.get(d.max));
            String nodes = s.get(d.node) + (d == Dimension.CPU ? " cpu" : "");
            if (max == Integer.MAX_VALUE) {
                // no max given: the layer may ask for more nodes than any limit holds
                c.error(d.max, "the NodePool's " + d.word + " limit cannot hold the layer's max: the layer gives none",
                        "give the layer a max, at most " + limit / node + " nodes of " + nodes + " for " + d.max + " "
                        + s.get(d.max));
                continue;
            }
            if (max > 0 && node > limit / max) { // node x max > limit, without computing a product that may overflow
                String need = Math.multiplyHigh(node, max) == 0 && node * max > 0 ? d.format.apply(node * max)
                        : "more than " + d.format.apply(limit);
                c.error(d.max, "the NodePool's " + d.word + " limit cannot hold the layer's max: " + max + " nodes of "
                        + nodes + " need " + need + ", above " + d.max + " " + s.get(d.max),
                        "lower the layer's max to what the limit holds, or raise " + d.max);
            }
        }
    }

    /** The two limits prescale raises, each checked on its own so one load reports every problem. */
    private enum Dimension {
        CPU("cpu", NODE_CPU, POD_CPU, MAX_CPU, Resources::milliCpu, Resources::milliCpu,
                Resources::formatCpu),
        MEMORY("memory", NODE_MEMORY, POD_MEMORY, MAX_MEMORY, Resources::memoryBytes,
                Resources::memoryBytes, Resources::formatMemory);

        final String word;
        final String node;
        final String pod;
        final String max;
        final java.util.function.ToLongFunction<String> parse;
        final java.util.function.ToLongFunction<Resources> of;
        final java.util.function.LongFunction<String> format;

        Dimension(String word, String node, String pod, String max, java.util.function.ToLongFunction<String> parse,
                  java.util.function.ToLongFunction<Resources> of, java.util.function.LongFunction<String> format) {
            this.word = word;
            this.node = node;
            this.pod = pod;
            this.max = max;
            this.parse = parse;
            this.of = of;
            this.format = format;
        }
    }

}
