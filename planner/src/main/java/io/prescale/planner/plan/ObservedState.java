package io.prescale.planner.plan;

import io.prescale.planner.model.SortedMaps;
import java.time.Instant;
import java.util.Map;

/**
 * The capacity a plan assumed was in place: units per layer, where they came from ({@code baseline} in the
 * scenario, a {@code state-file}, or a provider) and when they were read. {@code apply} compares it with the world.
 */
public record ObservedState(String source, Instant observedAt, Map<String, Integer> units) {
    public ObservedState {
        units = SortedMaps.copyOf(units);
    }
}
