package io.prescale.planner.model;

/** How a match ends. Knockout matches are planned for all three; group matches only end in regular time. */
public enum Outcome {
    REGULAR, EXTRA_TIME, PENALTIES
}
