package io.prescale.planner.model;

import java.util.List;

/**
 * The audience curve of an event relative to its kickoff, as a fraction of the event's peak concurrent audience,
 * plus the bursts that ride on it (goal surges, ad breaks, rejoin churn).
 */
public sealed interface AudienceShape permits MatchShape, KeyframeShape {

    String name();

    GoalSurge goalSurge();

    AdBreaks adBreaks();

    /** Fraction of viewers per minute who (re)join: player restarts, device switches. They cost join requests. */
    double churnPerMinute();

    /** The outcomes a plan must cover for an event of this stage. */
    List<Outcome> outcomes(Stage stage);

    /** The per-minute curve for one outcome. Pure and deterministic: callers may cache it. */
    ShapeProfile profile(Outcome outcome);
}
