package io.prescale.planner.plan;

import java.time.Instant;
import java.util.List;

/**
 * An event the plan covers, with the audience it sized for, its window on the platform (pre-match ramp to the
 * latest possible end) and the layers it loads; apply uses the window to refuse scale-in while it may be live.
 */
public record PlanEvent(String id, String title, String stage, boolean knockout, Instant kickoff,
                        Instant windowStart, Instant latestEnd, double audience, String audienceWhy,
                        List<String> layers) {
    public PlanEvent {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
