package io.prescale.planner.model;

import java.time.Duration;

/**
 * The results spike at the final whistle: on a results site the biggest load of a match comes when it ends,
 * not at kickoff. Adds {@code level} (relative to the peak audience) rising over {@code rise} after the whistle,
 * then halving every {@code halfLife}.
 */
public record FinalWhistleSurge(double level, Duration rise, Duration halfLife) {
    public static final FinalWhistleSurge NONE = new FinalWhistleSurge(0, Duration.ofMinutes(5), Duration.ofMinutes(10));

    /** Extra level {@code minutesAfter} the whistle. */
    public double at(double minutesAfter) {
        if (level <= 0 || minutesAfter < 0) {
            return 0;
        }
        double rise = Math.max(1, rise().toSeconds() / 60.0);
        if (minutesAfter <= rise) {
            return level * minutesAfter / rise;
        }
        double hl = Math.max(0.5, halfLife.toSeconds() / 60.0);
        return level * Math.pow(0.5, (minutesAfter - rise) / hl);
    }

    /** Minutes after the whistle until the surge is below 1% of its height. */
    public int tailMinutes() {
        if (level <= 0) {
            return 0;
        }
        return (int) Math.ceil(rise.toSeconds() / 60.0 + 7 * Math.max(0.5, halfLife.toSeconds() / 60.0));
    }
}
