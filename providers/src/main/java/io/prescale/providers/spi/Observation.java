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
 * @param serving how much of {@code units} really serves now (instances InService, ready pods), or -1 when the
 *                provider cannot tell: capacity asked for is not capacity in place until it serves
 */
public record Observation(int units, int floor, Map<String, String> details, Instant observedAt, int serving) {
    public Observation {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public Observation(int units, int floor, Map<String, String> details, Instant observedAt) {
        this(units, floor, details, observedAt, -1);
    }
}
