package io.prescale.planner.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The layers of a scenario seen through what carries what (nodes carry pods): the order to size them in, carried
 * before carrier, and how far ahead of an event, and how long after it, a carrier's changes reach, since a node
 * pool is requested its own lead time before the pods it carries are, and released after they are.
 */
public final class CarryChain {
    private final Map<String, Layer> byName = new LinkedHashMap<>();

    private CarryChain(List<Layer> layers) {
        layers.forEach(l -> byName.put(l.name(), l));
    }

    /** Layers whose {@code carries} were checked when the scenario was loaded: every name known, no cycle. */
    public static CarryChain of(List<Layer> layers) {
        return new CarryChain(layers);
    }

    /** The layer {@code l} carries, if any. */
    public Optional<Layer> carried(Layer l) {
        return l.carries().map(c -> byName.get(c.layer()));
    }

    /** Every layer, each after the layer it carries; otherwise in the scenario's order. */
    public List<Layer> sizingOrder() {
        Set<String> done = new LinkedHashSet<>();
        List<Layer> out = new ArrayList<>();
        for (Layer l : byName.values()) {
            visit(l, done, out, new LinkedHashSet<>());
        }
        return out;
    }

    private void visit(Layer l, Set<String> done, List<Layer> out, Set<String> path) {
        if (done.contains(l.name()) || !path.add(l.name())) {
            return;
        }
        carried(l).ifPresent(c -> visit(c, done, out, path));
        done.add(l.name());
        out.add(l);
    }

    /** How long before the demand a layer's request may be made: its own lead, plus its carried layer's. */
    public Duration lead(Layer l) {
        return sumAlong(l, Layer::totalLead);
    }

    /** How long after the last event a layer's scale-in may come: its cool-down after its carried layer's. */
    public Duration cooldown(Layer l) {
        return sumAlong(l, Layer::cooldown);
    }

    /** {@code own} of the layer and of each layer down its carry chain, each once (a cycle ends the chain). */
    private Duration sumAlong(Layer l, Function<Layer, Duration> own) {
        Duration d = Duration.ZERO;
        Set<String> seen = new LinkedHashSet<>();
        for (Layer x = l; x != null && seen.add(x.name()); x = carried(x).orElse(null)) {
            d = d.plus(own.apply(x));
        }
        return d;
    }
}
