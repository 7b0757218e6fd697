package io.prescale.planner.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prescale.planner.model.SortedMaps;
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
 * @param dimension   for a layer sized on several dimensions: the one that needs the most units at the peak; empty
 *                    (and left out of the file) otherwise
 * @param dimensionUnits for such a layer: the most units each dimension needs over the plan (headroom kept, before
 *                    min and max), by dimension
 */
public record LayerSummary(String name, String unit, String targetType, String target,
                           Map<String, String> targetSettings, double peakRps, double peakGbps, int peakUnits,
                           int neededUnits, int min, int max, Instant peakAt, String drivenBy,
                           Map<String, Long> derived,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CarrierSummary carries,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) String dimension,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> dimensionUnits) {

    /** A layer that carries no other. */
    public LayerSummary(String name, String unit, String targetType, String target, Map<String, String> targetSettings,
                        double peakRps, double peakGbps, int peakUnits, int neededUnits, int min, int max,
                        Instant peakAt, String drivenBy, Map<String, Long> derived) {
        this(name, unit, targetType, target, targetSettings, peakRps, peakGbps, peakUnits, neededUnits, min, max,
                peakAt, drivenBy, derived, null);
    }

    /** A layer sized on its own metric (or the layer it carries), not on dimensions. */
    public LayerSummary(String name, String unit, String targetType, String target, Map<String, String> targetSettings,
                        double peakRps, double peakGbps, int peakUnits, int neededUnits, int min, int max,
                        Instant peakAt, String drivenBy, Map<String, Long> derived, CarrierSummary carries) {
        this(name, unit, targetType, target, targetSettings, peakRps, peakGbps, peakUnits, neededUnits, min, max,
                peakAt, drivenBy, derived, carries, "", Map.of());
    }

    public LayerSummary {
        targetSettings = SortedMaps.copyOf(targetSettings);
        derived = SortedMaps.copyOf(derived);
        dimension = dimension == null ? "" : dimension;
        dimensionUnits = dimensionUnits == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(dimensionUnits));
    }
}
