package io.prescale.planner.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.InputFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A saved, reviewable plan.
 *
 * @param at        the instant the plan was made for
 * @param createdAt when it was made
 * @param digest    SHA-256 over the inputs, the planning instant and quantile: the same inputs give the same digest
 * @param quantile  the audience quantile sized for (0.9 = P90)
 * @param maxAge    how old the plan may be when applied
 * @param applyable false when the plan found errors; {@code apply} refuses it
 */
public record Plan(int formatVersion, String scenario, Instant at, Instant createdAt, String digest,
                   List<InputFile> inputs, double quantile, Duration maxAge, ObservedState observed,
                   boolean applyable, List<PlanEvent> events, List<LayerSummary> layers, List<Change> changes,
                   List<Diagnostic> diagnostics,
                   @JsonInclude(JsonInclude.Include.NON_NULL) PlanCost cost) {
    public static final int FORMAT_VERSION = 1;

    /** @param cost what the plan costs over its horizon; null when the scenario has no prices */
    public Plan {
        inputs = List.copyOf(inputs);
        events = List.copyOf(events);
        layers = List.copyOf(layers);
        changes = List.copyOf(changes);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A plan with no cost (a scenario without prices). */
    public Plan(int formatVersion, String scenario, Instant at, Instant createdAt, String digest,
                List<InputFile> inputs, double quantile, Duration maxAge, ObservedState observed,
                boolean applyable, List<PlanEvent> events, List<LayerSummary> layers, List<Change> changes,
                List<Diagnostic> diagnostics) {
        this(formatVersion, scenario, at, createdAt, digest, inputs, quantile, maxAge, observed, applyable, events,
                layers, changes, diagnostics, null);
    }

    /** Changes that do something (not {@code NO_OP}). */
    public List<Change> effectiveChanges() {
        return changes.stream().filter(c -> c.action() != Action.NO_OP).toList();
    }
}
