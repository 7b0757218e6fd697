package io.prescale.planner.plan;

import java.time.Instant;

/** An event the plan covers, with the audience it sized for and its window on the platform. */
public record PlanEvent(String id, String title, String stage, boolean knockout, Instant kickoff,
                        Instant windowStart, Instant latestEnd, double audience, String audienceWhy) {
}
