package io.prescale.providers.spi;

import java.time.Instant;
import java.util.Map;

/**
 * What a target has now.
 *
 * @param units   the capacity in the layer's units that prescale sets (desired capacity, an HPA's minReplicas or
 *                a workload's replicas, reserved LCUs, a CDN's usable Gbps)
 * @param floor   the least the target may be set to now without cutting live demand: in-service instances, an
 *                HPA's current desired replicas (0 when the HPA reports ScalingLimited/TooFewReplicas: its own
 *                wish is below the minReplicas prescale raised), 0 when nothing is known
 * @param details provider-specific facts shown to the user and written to the audit log (min, max, ready, state)
 */
public record Observation(int units, int floor, Map<String, String> details, Instant observedAt) {
    public Observation {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
