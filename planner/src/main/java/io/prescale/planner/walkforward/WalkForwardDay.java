package io.prescale.planner.walkforward;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.plan.Planner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of a walk-forward: the calibration made before {@code start} (on the trace up to it only), the plan
 * made with it at {@code start}, and its replay over {@code [start, end)}. A step whose calibration failed has
 * neither plan nor replay, and says why.
 *
 * @param slots the step's slots (one per kickoff on the layer), each with its real and forecast peaks
 */
public record WalkForwardDay(Instant start, Instant end, Optional<Calibration> calibration,
                             Optional<Planner.Result> plan, Optional<BacktestResult> backtest, List<Slot> slots,
                             List<Diagnostic> problems) {
    /** One kickoff's slot: simultaneous matches share it. Errors are relative to the real peak. */
    public record Slot(Instant kickoff, List<String> events, double realPeakRps, double medianPeakRps,
                       double plannedPeakRps) {
        public double medianError() {
            return (medianPeakRps - realPeakRps) / realPeakRps;
        }

        public double plannedError() {
            return (plannedPeakRps - realPeakRps) / realPeakRps;
        }
    }

    public WalkForwardDay {
        slots = List.copyOf(slots);
        problems = List.copyOf(problems);
    }

    public boolean replayed() {
        return backtest.isPresent();
    }
}
