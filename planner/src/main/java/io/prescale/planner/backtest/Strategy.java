package io.prescale.planner.backtest;

import java.util.Locale;

/** Who decides the capacity a backtest replays the trace against. */
public enum Strategy {
    /** The plan's capacity schedule (what prescale would have put in place). */
    PLAN,
    /**
     * The plan as the floor under the reactive autoscaler: how prescale is deployed (it raises an Auto Scaling
     * group's min or an HPA's minReplicas and leaves the autoscaler on).
     */
    PLAN_REACTIVE,
    /** The live controller (re-forecast from the trace as it would have been seen) over the plan, plus the reactive autoscaler. */
    LIVE,
    /** A reactive target-tracking autoscaler that sees the load after a delay and waits for warm-up. */
    REACTIVE,
    /** The units the trace's peak needs, all the time. */
    STATIC,
    /** Exactly the units each minute needs, in place instantly: the lower bound of cost without shortfall. */
    ORACLE;

    public String id() {
        return this == PLAN_REACTIVE ? "plan+reactive" : name().toLowerCase(Locale.ROOT);
    }
}
