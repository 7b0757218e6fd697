package io.prescale.planner.backtest;

/**
 * A strategy's capacity per minute over the replayed span (index 0 is the backtest's first minute).
 *
 * @param serving units serving each minute (warmed up)
 * @param running units paid for each minute: serving plus those still warming up (for the plan: requested a lead
 *                time ahead of need, as its steps are)
 */
public record CapacitySeries(Strategy strategy, int[] serving, int[] running) {
    public CapacitySeries {
        if (serving.length != running.length) {
            throw new IllegalArgumentException("serving and running differ in length");
        }
    }
}
