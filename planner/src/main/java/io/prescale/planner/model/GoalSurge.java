package io.prescale.planner.model;

import java.time.Duration;

/**
 * The burst of joins after a goal: {@code joins} viewers (absolute) plus {@code share} of the current audience,
 * arriving within {@code within}. A goal may come in any minute of play, so plans cover it in every one.
 */
public record GoalSurge(double joins, double share, Duration within) {
    public static final GoalSurge NONE = new GoalSurge(0, 0, Duration.ofSeconds(90));

    public boolean isNone() {
        return joins <= 0 && share <= 0;
    }

    /** Joins in one surge when {@code viewers} are watching. */
    public double joinsAt(double viewers) {
        return joins + share * viewers;
    }
}
