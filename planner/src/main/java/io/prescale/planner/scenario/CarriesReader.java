package io.prescale.planner.scenario;

import io.prescale.planner.config.YNode;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Resources;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a layer's {@code carries:} (the capacity behind a layer: the nodes its pods run on) and checks it against
 * the other layers once all are read.
 *
 * <pre>
 * carries:
 *   layer: web                                 # the layer whose pods this one's nodes carry
 *   requests: {cpu: 500m, memory: 1Gi}         # what one of its pods requests
 *   allocatable: {cpu: 3920m, memory: 14Gi}    # what one node offers pods
 *   overhead: {cpu: 300m, memory: 600Mi}       # what runs on every node first (per-node agents)
 * </pre>
 */
final class CarriesReader {
    private CarriesReader() {
    }

    static Optional<Carries> read(YNode n) {
        if (!n.isMap()) {
            n.error("expected carries: {layer, requests, allocatable, overhead}",
                    "e.g. {layer: web, requests: {cpu: 500m, memory: 1Gi}, allocatable: {cpu: 3920m, memory: 14Gi}, "
                            + "overhead: {cpu: 300m, memory: 600Mi}}");
            return Optional.empty();
        }
        int before = n.diagnostics().errorCount();
        Optional<YNode> layerNode = n.require("layer");
        Optional<String> layer = layerNode.flatMap(YNode::text).map(String::strip).filter(s -> !s.isEmpty());
        Optional<Resources> requests = n.require("requests").flatMap(r -> resources(r, true));
        Optional<Resources> allocatable = n.require("allocatable").flatMap(r -> resources(r, true));
        Optional<Resources> overhead = n.get("overhead").map(r -> resources(r, false))
                .orElse(Optional.of(new Resources(0, 0)));
        n.rejectUnknownKeys();
        if (layer.isEmpty() || requests.isEmpty() || allocatable.isEmpty() || overhead.isEmpty()
                || n.diagnostics().errorCount() > before) {
            return Optional.empty();
        }
        if (requests.get().milliCpu() == 0 && requests.get().memoryBytes() == 0) {
            n.get("requests").ifPresent(x -> x.error("a pod must request some cpu or memory",
                    "without a request nothing limits how many fit on a node"));
            return Optional.empty();
        }
        Carries c = new Carries(layer.get(), requests.get(), allocatable.get(), overhead.get(),
                layerNode.get().location());
        Optional<String> why = c.whyNoneFits();
        if (why.isPresent()) {
            // which field to fix: the overhead when it alone fills the node, else the pod's requests
            boolean overheadFills = c.overhead().milliCpu() >= c.allocatable().milliCpu()
                    || c.overhead().memoryBytes() >= c.allocatable().memoryBytes();
            n.get(overheadFills ? "overhead" : "requests").orElse(n).error(
                    overheadFills ? "no room left on a node for pods" : "a pod does not fit on a node", why.get());
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** {@code {cpu: 500m, memory: 1Gi}}; for requests and allocatable both are required. */
    private static Optional<Resources> resources(YNode r, boolean required) {
        if (!r.isMap()) {
            r.error("expected {cpu: ..., memory: ...}", "cpu as 500m or 2, memory as 1Gi or 600Mi");
            return Optional.empty();
        }
        int before = r.diagnostics().errorCount();
        Optional<Long> cpu = quantity(r, "cpu", required, Resources::milliCpu);
        Optional<Long> memory = quantity(r, "memory", required, Resources::memoryBytes);
        r.rejectUnknownKeys();
        if (cpu.isEmpty() || memory.isEmpty() || r.diagnostics().errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Resources(cpu.get(), memory.get()));
    }

    private static Optional<Long> quantity(YNode r, String key, boolean required, Function<String, Long> parse) {
        Optional<YNode> v = required ? r.require(key) : r.get(key);
        if (v.isEmpty()) {
            return required ? Optional.empty() : Optional.of(0L);
        }
        return v.get().as(parse);
    }

    /**
     * Checks every {@code carries} against the other layers: the layer it names exists, is not itself, is counted
     * in pods, is carried by one layer only, and no chain of carries comes back to where it started.
     *
     * @return the layers whose {@code carries} passed (a layer that failed is left out, its error reported)
     */
    static List<Layer> checkAll(List<Layer> layers, Diagnostics diags) {
        Map<String, Layer> byName = new HashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        Map<String, String> carriedBy = new HashMap<>();
        Set<String> bad = new LinkedHashSet<>();
        for (Layer l : layers) {
            if (l.carries().isEmpty()) {
                continue;
            }
            Carries c = l.carries().get();
            Layer carried = byName.get(c.layer());
            if (c.layer().equals(l.name())) {
                diags.error(c.source(), "layer " + l.name() + " cannot carry itself",
                        "name the layer whose pods run on this one's nodes");
            } else if (carried == null) {
                diags.error(c.source(), "carries names an unknown layer '" + c.layer() + "'",
                        "did you mean '" + YNode.nearest(c.layer(), byName.keySet()) + "'?");
            } else if (carried.unit() != CapacityUnit.PODS) {
                diags.error(c.source(), "layer " + c.layer() + " is counted in " + carried.unit().id()
                        + ": a layer carries pods", "set unit: pods on " + c.layer() + ", or carry another layer");
            } else if (carriedBy.containsKey(c.layer())) {
                diags.error(c.source(), "layer " + c.layer() + " is already carried by " + carriedBy.get(c.layer()),
                        "one layer's pods are sized onto one node pool");
            } else {
                carriedBy.put(c.layer(), l.name());
                continue;
            }
            bad.add(l.name());
        }
        for (Layer l : layers) {
            if (bad.contains(l.name()) || l.carries().isEmpty()) {
                continue;
            }
            List<String> path = new java.util.ArrayList<>(List.of(l.name()));
            Layer x = byName.get(l.carries().get().layer());
            while (x != null && !bad.contains(x.name()) && x.carries().isPresent() && !path.contains(x.name())) {
                path.add(x.name());
                x = byName.get(x.carries().get().layer());
            }
            if (x != null && path.contains(x.name()) && x.name().equals(l.name())) {
                path.add(l.name());
                diags.error(l.carries().get().source(), "layers carry each other in a cycle: "
                        + String.join(" -> ", path), "a layer's pods run on another layer's nodes, never back");
                bad.addAll(path);
            }
        }
        return layers.stream().filter(l -> !bad.contains(l.name())).toList();
    }
}
