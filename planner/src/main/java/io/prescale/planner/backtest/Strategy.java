package io.prescale.planner.backtest;

import java.util.Locale;

/** Who decides the capacity a backtest replays the trace against. */
public enum Strategy {
    /** The plan's capacity schedule (what prescale would have put in place). */
    PLAN,
    /** A reactive target-tracking autoscaler that sees the load after a delay and waits for warm-up. */
    REACTIVE,
    /** The units the trace's peak needs, all the time. */
    STATIC,
    /** Exactly the units each minute needs, in place instantly: the lower bound of cost without shortfall. */
    ORACLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
