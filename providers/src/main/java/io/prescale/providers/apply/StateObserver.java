package io.prescale.providers.apply;

import io.prescale.planner.model.Layer;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the current capacity of a scenario's targets, so {@code plan} starts from the real world instead of the
 * scenario's baseline. A target that cannot be read keeps its baseline value and is reported.
 */
public final class StateObserver {
    /**
     * The units read per layer (the fallback's where a target could not be read), what went wrong, which layers
     * could not be read, and how many targets there were to read (plan-only layers have none).
     */
    public record Result(Map<String, Integer> units, List<ProviderDiagnostic> diagnostics, List<String> unreadable,
                         int targets, Map<String, Integer> serving) {
        public Result {
            unreadable = List.copyOf(unreadable);
            serving = Map.copyOf(serving);
        }

        /** Where the units came from, honestly: which ones are the fallback's. */
        public String source() {
            return unreadable.isEmpty() ? "providers" : "providers; " + unreadable.size() + " of " + targets
                    + " targets unreadable, their baseline assumed: " + String.join(", ", unreadable);
        }
    }

    private final ProviderRegistry registry;
    private final ProviderConfig config;

    public StateObserver(ProviderRegistry registry, ProviderConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public Result observe(List<Layer> layers, Map<String, Integer> fallback, int parallelism, Duration timeout) {
        Map<String, CapacityProvider> providers = new LinkedHashMap<>();
        List<ProviderDiagnostic> diags = new ArrayList<>();
        Map<String, Integer> units = new LinkedHashMap<>(fallback);
        List<String> unreadable = new ArrayList<>();
        Map<String, Integer> serving = new LinkedHashMap<>();
        int targets = 0;
        try {
            List<Layer> readable = new ArrayList<>();
            for (Layer l : layers) {
                Optional<ProviderFactory> f = registry.find(l.target().type());
                if (f.isEmpty()) {
                    diags.add(ProviderDiagnostic.warning(l.name(), "no provider for " + l.target().type(), ""));
                    continue;
                }
                providers.computeIfAbsent(f.get().type(), t -> f.get().create(config));
                readable.add(l);
                if (f.get().target().observable()) {
                    targets++;
                }
            }
            Map<Layer, ObserveResponse> rs = ApplyEngine.parallel(parallelism, readable, l -> {
                try {
                    return providers.get(l.target().type()).observe(new ObserveRequest(l.name(), l.target(), timeout));
                } catch (RuntimeException e) {
                    if (!ProviderFailure.is(e)) {
                        throw e;
                    }
                    return ObserveResponse.failed(l.name(), l.target().name(), ProviderDiagnostic.error(
                            l.target().name(), "cannot observe", String.valueOf(e.getMessage()), ""));
                }
            });
            rs.forEach((l, r) -> {
                r.observation().ifPresent(o -> units.put(l.name(), o.units()));
                r.observation().filter(o -> o.serving() >= 0).ifPresent(o -> serving.put(l.name(), o.serving()));
                if (r.observation().isEmpty() && registry.find(l.target().type()).map(x -> x.target().observable())
                        .orElse(true)) {
                    unreadable.add(l.name());
                }
                diags.addAll(r.diagnostics());
            });
        } finally {
            providers.values().forEach(CapacityProvider::close);
        }
        return new Result(units, diags, unreadable, targets, serving);
    }
}
