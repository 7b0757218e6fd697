package io.prescale.planner.backtest;

import io.prescale.planner.model.SortedMaps;
import java.time.Instant;
import java.util.Map;

/**
 * One event's window replayed: from its pre-match ramp to its latest possible end, cut to the backtest's span.
 * Simultaneous events share minutes, so their figures overlap. Peaks are looked for from the window's start up to
 * the next later event's window (or the window's end), so a long post-match tail does not take the next match's peak.
 *
 * @param realPeakRps     the trace's busiest minute
 * @param forecastPeakRps the planned forecast's (plan quantile) busiest minute in the window
 * @param medianPeakRps   the median (P50) forecast's busiest minute in the window
 * @param requests        requests in the window, from the trace
 */
public record EventBacktest(String id, String title, Instant kickoff, Instant windowStart, Instant windowEnd,
                            double realPeakRps, Instant realPeakAt, double forecastPeakRps, Instant forecastPeakAt,
                            double medianPeakRps, double requests, Map<Strategy, Figures> figures) {
    public EventBacktest {
        figures = SortedMaps.copyOf(figures);
    }
}
