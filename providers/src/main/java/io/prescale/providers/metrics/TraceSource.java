package io.prescale.providers.metrics;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recorded trace in the documented trace format, read as if live: a read sees only the minutes before the
 * clock's minute, so a replay cannot look ahead. The series is the one named {@code series}, else the one named
 * after the layer, else the trace's only series.
 */
public final class TraceSource implements MetricSource {
    private final Path file;
    private final Optional<String> series;
    private final Clock clock;
    private Trace trace;
    private List<ProviderDiagnostic> loadErrors = List.of();

    public TraceSource(Path file, Optional<String> series, Clock clock) {
        this.file = file;
        this.series = series;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "trace";
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public MetricRead read(MetricQuery q) {
        String resource = "trace " + q.layer();
        Samples samples = new Samples(q, resource);
        if (trace == null && loadErrors.isEmpty()) {
            try {
                trace = TraceReader.load(file);
            } catch (InvalidInputException e) {
                loadErrors = List.of(ProviderDiagnostic.error(resource, "cannot read trace " + file, e.getMessage(),
                        "trace"));
            }
        }
        if (trace == null) {
            return samples.done(loadErrors);
        }
        String name = series.orElse(q.layer());
        Optional<TraceSeries> ts = trace.seriesFor(name, trace.series().size() == 1 ? name : "");
        if (ts.isEmpty() && trace.series().size() == 1) {
            ts = Optional.of(trace.series().get(0));
        }
        if (ts.isEmpty()) {
            return samples.done(List.of(ProviderDiagnostic.error(resource, "trace " + file + " has no series "
                    + name, "", "empty")));
        }
        long now = clock.instant().getEpochSecond();
        long nowMinute = Math.floorDiv(now, 60);
        for (long m = Math.max(q.fromMinute(), trace.startMinute()); m < Math.min(q.toMinute(),
                Math.min(nowMinute, trace.startMinute() + trace.length())); m++) {
            samples.add(m * 60, Trace.rpsAt(ts.get(), trace.startMinute(), m), now);
        }
        return samples.done(new ArrayList<>());
    }
}
