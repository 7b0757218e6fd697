package io.prescale.planner.calibrate;

import java.time.Instant;
import java.util.List;

/**
 * One slot of a calibration: fitted events whose windows overlap (simultaneous matches), with its real peak, the
 * calibrated median (P50) forecast's peak, and the audience scale that alone would have fitted it best (the spread
 * of these scales gives the P90).
 */
public record SlotFit(Instant windowStart, Instant windowEnd, List<String> events, double realPeakRps,
                      double fittedPeakRps, double scale) {
    public SlotFit {
        events = List.copyOf(events);
    }

    /** {@code (fitted - real) / real}. */
    public double peakError() {
        return (fittedPeakRps - realPeakRps) / realPeakRps;
    }
}
