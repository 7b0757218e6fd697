package io.prescale.planner.backtest;

import io.prescale.planner.diag.Diagnostic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A recorded traffic trace, resampled to requests per second per minute: every series covers the epoch minutes
 * {@code [startMinute, startMinute + length)}. Minutes without a row read as 0 (the reader warns about them).
 *
 * @param file      the file the trace was read from, as shown in messages
 * @param interval  the spacing of the rows the reader detected (1 s, 1 min, 5 min, ...)
 * @param valueKind whether the file held counts per interval or rates
 * @param warnings  non-fatal problems found while reading (gaps, irregular spacing)
 */
public record Trace(String file, Duration interval, ValueKind valueKind, long startMinute, int length,
                    List<TraceSeries> series, List<Diagnostic> warnings) {

    /** What the file's values are: request counts per row interval, or request rates (per second). */
    public enum ValueKind {
        COUNT, RPS
    }

    public Trace {
        series = List.copyOf(series);
        warnings = List.copyOf(warnings);
        for (TraceSeries s : series) {
            if (s.rps().length != length) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.rps().length
                        + " minutes, the trace " + length);
            }
        }
    }

    public Instant start() {
        return Instant.ofEpochSecond(startMinute * 60);
    }

    /** The first instant after the trace. */
    public Instant end() {
        return Instant.ofEpochSecond((startMinute + length) * 60);
    }

    public Optional<TraceSeries> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The series of a layer: the one named after it, else the unnamed series when {@code unnamedLayer} is that
     * layer.
     */
    public Optional<TraceSeries> seriesFor(String layer, String unnamedLayer) {
        Optional<TraceSeries> named = series(layer);
        if (named.isPresent() && !layer.isEmpty()) {
            return named;
        }
        return layer.equals(unnamedLayer) ? series("") : Optional.empty();
    }

    /** Requests per second of a series in an epoch minute; 0 outside the trace. */
    public static double rpsAt(TraceSeries s, long startMinute, long epochMinute) {
        long i = epochMinute - startMinute;
        return i < 0 || i >= s.rps().length ? 0 : s.rps()[(int) i];
    }

    /**
     * The trace up to (not including) epoch minute {@code end}: what had been recorded by then. Warnings stay with
     * the whole trace's reading, not the cut.
     */
    public Trace until(long end) {
        int n = (int) Math.max(0, Math.min(length, end - startMinute));
        List<TraceSeries> cut = series.stream().map(s -> new TraceSeries(s.name(), java.util.Arrays.copyOf(s.rps(), n),
                java.util.Arrays.copyOf(s.peakRps(), n), s.source())).toList();
        return new Trace(file, interval, valueKind, startMinute, n, cut, List.of());
    }

    /** Whether the epoch minute lies within the trace. */
    public boolean covers(long epochMinute) {
        return epochMinute >= startMinute && epochMinute < startMinute + length;
    }

    /** {@code per-minute counts}, {@code per-second counts}, {@code rates every 5m}: how the file was read. */
    public String describe() {
        String every = interval.equals(Duration.ofSeconds(1)) ? "per-second" : interval.equals(Duration.ofMinutes(1))
                ? "per-minute" : "per-" + io.prescale.planner.model.Quantities.format(interval);
        return every + (valueKind == ValueKind.COUNT ? " counts" : " rates");
    }
}
