package io.prescale.providers.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps a target type to its provider factory. An unknown type is the caller's diagnostic, not a crash. */
public final class ProviderRegistry {
    private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();

    public ProviderRegistry register(ProviderFactory f) {
        factories.put(f.type(), f);
        return this;
    }

    public Optional<ProviderFactory> find(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    public Set<String> types() {
        return factories.keySet();
    }

    /** The registered target types, for the scenario loader: it checks every target against them. */
    public io.prescale.planner.targets.TargetCatalog catalog() {
        return io.prescale.planner.targets.TargetCatalog.of(factories.values().stream().map(ProviderFactory::target)
                .toList());
    }
}
