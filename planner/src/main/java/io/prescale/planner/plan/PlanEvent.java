package io.prescale.planner.plan;

import io.prescale.planner.model.SortedMaps;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An event the plan covers, with the audience it sized for, its window on the platform (pre-match ramp to the
 * latest possible end) and the layers it loads; apply uses the window to refuse scale-in while it may be live.
 *
 * @param teams     the teams as prescale read them from the calendar (placeholders such as TBD left out)
 * @param holdUntil per layer run closed loop (a metric source watches it), when the event stops holding its capacity:
 *                  the latest possible whistle plus cool-down, after which the plan follows the forecast's tail down
 *                  and apply may scale in; a layer not listed is held to {@code latestEnd}
 */
public record PlanEvent(String id, String title, String stage, boolean knockout, Instant kickoff,
                        Instant windowStart, Instant latestEnd, double audience, String audienceWhy,
                        List<String> layers, Map<String, Instant> holdUntil, List<String> teams) {
    public PlanEvent {
        layers = layers == null ? List.of() : List.copyOf(layers);
        holdUntil = SortedMaps.copyOf(holdUntil);
        teams = teams == null ? List.of() : List.copyOf(teams);
    }

    public PlanEvent(String id, String title, String stage, boolean knockout, Instant kickoff, Instant windowStart,
                     Instant latestEnd, double audience, String audienceWhy, List<String> layers,
                     Map<String, Instant> holdUntil) {
        this(id, title, stage, knockout, kickoff, windowStart, latestEnd, audience, audienceWhy, layers, holdUntil,
                List.of());
    }

    public PlanEvent(String id, String title, String stage, boolean knockout, Instant kickoff, Instant windowStart,
                     Instant latestEnd, double audience, String audienceWhy, List<String> layers) {
        this(id, title, stage, knockout, kickoff, windowStart, latestEnd, audience, audienceWhy, layers, Map.of());
    }

    /** Until when the event holds the layer's capacity: no scale-in before. */
    public Instant holdsUntil(String layer) {
        return holdUntil.getOrDefault(layer, latestEnd);
    }
}
