package io.prescale.planner.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How the live controller weighs evidence.
 *
 * @param quantile     the upper quantile of the re-forecast the capacity covers (the plan's, by default)
 * @param sourceDelay  how old the newest sample is when a decision is made (scrape interval, metric period): the
 *                     decision at minute t sees samples up to t minus this
 * @param staleAfter   a source whose newest sample is older than this (beyond the delay) is stale: the controller
 *                     then keeps the plan's capacity and the ladder's level, and raises nothing from data
 * @param minuteNoise  prior relative noise of one minute's load around the model (10%: per-minute counts of a busy
 *                     site); the observed residual spread widens it, never narrows it
 * @param memory       evidence weighs exp(-age/memory): the background drifts through the day,
 *                     and an audience measured an hour ago says less about the next ten minutes than one measured now
 * @param correlation  minutes of load are not independent draws: one minute counts as 1/correlation of an
 *                     independent observation, so an hour of data is worth about 60/correlation samples
 * @param surgeQuantile the quantile of the learned final-whistle surge held as a buffer before each whistle. Higher
 *                     than the audience's: the buffer is held for minutes, not hours, so covering the largest surge
 *                     expected costs little, while a surge above capacity lands exactly when the audience peaks
 */
public record LiveSettings(double quantile, Duration sourceDelay, Duration staleAfter, double minuteNoise,
                           Duration memory, double correlation, double surgeQuantile) {
    public static final LiveSettings DEFAULT = new LiveSettings(0.9, Duration.ofMinutes(3), Duration.ofMinutes(5),
            0.10, Duration.ofMinutes(30), 10, 0.99);

    public LiveSettings {
        Objects.requireNonNull(sourceDelay, "sourceDelay");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(memory, "memory");
        if (!(quantile >= 0.5 && quantile < 1)) {
            throw new IllegalArgumentException("live quantile must be in [0.5, 1), got " + quantile);
        }
        if (sourceDelay.isNegative() || staleAfter.isNegative() || memory.isNegative() || memory.isZero()) {
            throw new IllegalArgumentException("live delays and memory must be positive");
        }
        if (!(surgeQuantile >= 0.5 && surgeQuantile < 1)) {
            throw new IllegalArgumentException("surge quantile must be in [0.5, 1), got " + surgeQuantile);
        }
        if (!(minuteNoise > 0 && minuteNoise < 10) || !(correlation >= 1 && correlation < 1000)) {
            throw new IllegalArgumentException("live noise " + minuteNoise + " or correlation " + correlation
                    + " out of range");
        }
    }

    public LiveSettings withQuantile(double q) {
        return new LiveSettings(q, sourceDelay, staleAfter, minuteNoise, memory, correlation, surgeQuantile);
    }

    public LiveSettings withStaleAfter(Duration d) {
        return new LiveSettings(quantile, sourceDelay, d, minuteNoise, memory, correlation, surgeQuantile);
    }

    public LiveSettings withSourceDelay(Duration d) {
        return new LiveSettings(quantile, d, staleAfter, minuteNoise, memory, correlation, surgeQuantile);
    }
}
