package io.prescale.planner.live;

/**
 * One tick's decision for one layer.
 *
 * @param index          grid minute of the decision
 * @param seenUpTo       grid minute of the newest sample it used (exclusive), at most {@code index - delay}
 * @param observed       the newest sample's load (NaN when none)
 * @param expected       what the plan's median forecast expected at that minute
 * @param scale          the posterior audience scale against the median forecast (1 = as forecast)
 * @param scaleSd        its standard deviation
 * @param background     the posterior background load
 * @param reforecastPeak the re-forecast's upper quantile, highest over the scale-up horizon
 * @param target         units that peak needs (before the ladder and the floor)
 * @param units          units asked for: the ladder's level, never below the plan
 * @param state          what the controller did
 * @param reason         why, in words
 */
public record Decision(int index, int seenUpTo, double observed, double expected, double scale, double scaleSd,
                       double background, double reforecastPeak, int target, int units, State state, String reason) {
    /** What a tick did. */
    public enum State {
        /** No event on the layer may be live: the plan alone decides. */
        IDLE,
        /** The data were read and the re-forecast is covered by the plan or the ladder's level. */
        HOLD,
        /** The re-forecast needs more than the plan and the ladder: raised. */
        RAISE,
        /** After the latest whistle, the re-forecast allows less: lowered, never below the plan. */
        LOWER,
        /** The source has no recent sample (missing, empty, stale or absurd): the plan's capacity is kept. */
        STALE
    }
}
