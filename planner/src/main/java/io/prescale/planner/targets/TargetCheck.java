package io.prescale.planner.targets;

import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Dimension;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Metric;
import java.util.List;
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
     * @param perUnit the layer's {@code rpsPerUnit} or {@code gbpsPerUnit}; 0 for a type that sizes its units itself
     * @param terms   how the audience loads the layer, in its metric
     * @param carries for a layer that carries another's pods (nodes), what it is sized from
     */
    record LayerFacts(String name, CapacityUnit unit, Metric metric, double perUnit, double headroom, int min,
                      int max, List<LoadTerm> terms, java.util.Optional<io.prescale.planner.model.Carries> carries) {
        public LayerFacts {
            terms = List.copyOf(terms);
            carries = carries == null ? java.util.Optional.empty() : carries;
        }

        /** A layer that carries no other. */
        public LayerFacts(String name, CapacityUnit unit, Metric metric, double perUnit, double headroom, int min,
                          int max, List<LoadTerm> terms) {
            this(name, unit, metric, perUnit, headroom, min, max, terms, java.util.Optional.empty());
        }
    }

    LayerFacts layer();

    /** The target's name: the resource's id at its provider. */
    String targetName();

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

    /**
     * For a type that sizes its units ({@link TargetSpec#sizesUnits()}): the layer needs the most units any of
     * {@code dimensions} asks for; a unit carries {@code perUnitOfMetric} of the layer's own metric (the yardstick
     * simulate and backtest judge the layer by).
     */
    void sizeBy(List<Dimension> dimensions, double perUnitOfMetric);
}
