package io.prescale.planner.targets;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Metric;
import java.util.Map;

/**
 * What a target type's own load-time check sees of the layer and its target, and where it reports: every problem
 * is a diagnostic at the field it names (a setting's key, or a layer field such as {@code unit}), so one load
 * reports all of them with file and line.
 */
public interface TargetCheck {

    /**
     * The layer's figures a target type may depend on.
     *
     * @param carries for a layer that carries another's pods (nodes), what it is sized from
     */
    record LayerFacts(String name, CapacityUnit unit, Metric metric, double perUnit, double headroom, int min,
                      int max, java.util.Optional<io.prescale.planner.model.Carries> carries) {

        public LayerFacts {
            carries = carries == null ? java.util.Optional.empty() : carries;
        }

        /** A layer that carries no other. */
        public LayerFacts(String name, CapacityUnit unit, Metric metric, double perUnit, double headroom, int min,
                          int max) {
            this(name, unit, metric, perUnit, headroom, min, max, java.util.Optional.empty());
        }
    }

    LayerFacts layer();

    /** The target's settings as written, each already valid on its own. */
    Map<String, String> settings();

    /**
     * @param field a setting's key, a layer field ({@code unit}, {@code max}, ...), or null for the target itself
     */
    void error(String field, String summary, String detail);

    void warning(String field, String summary, String detail);

    /**
     * Sets a setting the provider needs at apply from the layer (a contract that is the layer's max), so apply
     * never finds it missing. Kept in the plan with the settings written.
     */
    void derive(String key, String value);
}
