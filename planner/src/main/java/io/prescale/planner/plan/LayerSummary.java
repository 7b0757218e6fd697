package io.prescale.planner.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A layer's figures over the plan: peak load (rps, or Gbps for bandwidth layers), the peak units planned, when
 * the load peaks, and the event that drives it.
 *
 * @param peakRps     peak requests per second (0 for bandwidth layers)
 * @param peakGbps    peak egress in Gbps (0 for request layers)
 * @param peakUnits   most units the plan puts in place
 * @param neededUnits most units the forecast needs, ignoring max (above max means the plan falls short)
 * @param derived     counts that follow the units at peak, e.g. Kafka partitions
 * @param targetSettings provider settings of the target (region, context, quota), so apply needs no scenario
 * @param carries     for a layer that carries another's pods (nodes), what it is sized from; null otherwise
 */
public record LayerSummary(String name, String unit, String targetType, String target,
                           Map<String, String> targetSettings, double peakRps, double peakGbps, int peakUnits,
                           int neededUnits, int min, int max, Instant peakAt, String drivenBy,
                           Map<String, Long> derived,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CarrierSummary carries) {

    /** A layer that carries no other. */
    public LayerSummary(String name, String unit, String targetType, String target, Map<String, String> targetSettings,
                        double peakRps, double peakGbps, int peakUnits, int neededUnits, int min, int max,
                        Instant peakAt, String drivenBy, Map<String, Long> derived) {
        this(name, unit, targetType, target, targetSettings, peakRps, peakGbps, peakUnits, neededUnits, min, max,
                peakAt, drivenBy, derived, null);
    }

    public LayerSummary {
        targetSettings = targetSettings == null ? Map.of() : Map.copyOf(targetSettings);
        derived = derived == null ? Map.of() : Map.copyOf(derived);
    }
}
