package io.prescale.planner.walkforward;

import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.calibrate.CalibrationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * @param every       how often the scenario is re-calibrated and planned (a day by default): each step plans and
 *                    replays {@code [start, start + every)}
 * @param from        the first step's start; by default the local midnight after the first {@link #SEEN_DAYS}
 *                    days with events (a spread needs three slots)
 * @param calibration the calibration's layer and weighting ({@code until} is set per step; {@code from} and
 *                    {@code events} must be empty: each step fits on everything before it)
 * @param backtest    the replay's layers, reactive baseline and prices
 */
public record WalkForwardSettings(Duration every, Optional<Instant> from, CalibrationSettings calibration,
                                  BacktestSettings backtest) {
    /** Days with events a calibration needs before the first step, by default. */
    public static final int SEEN_DAYS = 3;

    public WalkForwardSettings {
        Objects.requireNonNull(every, "every");
        if (every.isNegative() || every.toMinutes() < 60) {
            throw new IllegalArgumentException("a walk-forward step must be an hour or longer: " + every);
        }
        from = from == null ? Optional.empty() : from;
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(backtest, "backtest");
    }
}
