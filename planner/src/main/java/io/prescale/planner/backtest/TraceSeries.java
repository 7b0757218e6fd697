package io.prescale.planner.backtest;

import io.prescale.planner.diag.SourceLocation;
import java.util.Objects;

/**
 * One series of a trace, per minute from the trace's first minute.
 *
 * @param name     the layer the series belongs to, or {@code ""} when the trace does not name it (a single
 *                 {@code requests} column): the caller says which layer that is
 * @param rps      mean requests per second of each minute (requests in the minute / 60)
 * @param peakRps  highest rate of any trace interval within the minute; equal to {@code rps} for per-minute (or
 *                 coarser) traces, higher for per-second ones when the minute was bursty
 * @param source   where the series was declared (its header column), for diagnostics
 */
public record TraceSeries(String name, double[] rps, double[] peakRps, SourceLocation source) {

    public TraceSeries {
        Objects.requireNonNull(name, "name");
        if (rps.length != peakRps.length) {
            throw new IllegalArgumentException("rps and peakRps differ in length: " + rps.length + " vs " + peakRps.length);
        }
    }

    /** Whether the trace left the layer unnamed (one value column such as {@code requests}). */
    public boolean unnamed() {
        return name.isEmpty();
    }

    /** Total requests of the series (the per-minute rates times 60 s). */
    public double requests() {
        double s = 0;
        for (double v : rps) {
            s += v * 60;
        }
        return s;
    }
}
