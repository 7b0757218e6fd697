package io.prescale.planner.targets;

/** How a target's capacity is changed, which decides the plan's actions for its layer. */
public enum CapacityKind {
    /** Units are raised ahead of demand and lowered after it: scale-out and scale-in. */
    SCALE,
    /** Units are reserved ahead of demand from a service that provisions them: raising is a pre-warm. */
    PREWARM,
    /**
     * The capacity is not changed by prescale (a contract, a quota): it stands at the layer's max and each live
     * period's peak need is checked against it.
     */
    CHECK
}
