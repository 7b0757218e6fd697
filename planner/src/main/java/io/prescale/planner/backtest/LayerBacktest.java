package io.prescale.planner.backtest;

import io.prescale.planner.model.SortedMaps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A layer's backtest: the four strategies' figures over the whole replayed span and per event, the forecast's peak
 * error, and the per-minute series (trace, needed units, each strategy's capacity) for charts.
 *
 * @param start         first replayed minute
 * @param traceRps      the trace's rps per replayed minute
 * @param forecastRps   the plan's forecast per replayed minute
 * @param needed        units the trace needed each minute (the oracle's), within min, max and step
 * @param staticUnits   the static baseline's units: what the trace's peak needs
 * @param requests      requests in the span, from the trace
 * @param figures       each strategy over the whole span
 * @param duringEvents  each strategy over the minutes some event's window covers (each minute once)
 * @param peakError     forecast peak error over the events' slots, at P50 and at the plan's quantile
 * @param reforecastRps the live controller's re-forecast each minute: its upper quantile's highest load over the
 *                      scale-up horizon (NaN where it did not decide from data: no event live, or no sample)
 */
public record LayerBacktest(String layer, String unit, double perUnit, double usablePerUnit,
                            OptionalDouble pricePerUnitHour, Instant start, double[] traceRps, double[] forecastRps,
                            int[] needed, int staticUnits, double requests, Map<Strategy, Figures> figures,
                            Map<Strategy, Figures> duringEvents,
                            Map<Strategy, CapacitySeries> capacity, List<EventBacktest> events,
                            List<PeakError> peakError, double[] reforecastRps) {
    public LayerBacktest {
        reforecastRps = reforecastRps == null ? new double[traceRps.length] : reforecastRps;
        figures = SortedMaps.copyOf(figures);
        duringEvents = SortedMaps.copyOf(duringEvents);
        capacity = SortedMaps.copyOf(capacity);
        events = List.copyOf(events);
        peakError = List.copyOf(peakError);
    }

    public Instant end() {
        return start.plusSeconds(60L * traceRps.length);
    }

    public int minutes() {
        return traceRps.length;
    }

    public Figures figures(Strategy s) {
        return figures.get(s);
    }
}
