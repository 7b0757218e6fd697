package io.prescale.schedules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's Prometheus metrics:
 * <ul>
 *   <li>{@code prescale_jobs_scheduled}: triggers in the job store for the scenario;</li>
 *   <li>{@code prescale_jobs_fired_total}, {@code _failed_total}, {@code _skipped_total}, {@code _misfired_total},
 *       {@code _duplicate_total} (fires that found their execution already recorded), by {@code kind};</li>
 *   <li>{@code prescale_job_next_fire_seconds} by {@code event}: epoch seconds of the event's next job;</li>
 *   <li>{@code prescale_capacity_short_units} by {@code event} and {@code layer}: what a check before kickoff
 *       still found missing after re-applying (0 once in place);</li>
 *   <li>{@code prescale_reconcile_total} by {@code result}, {@code prescale_calendar_valid} (0 while the last
 *       re-read found errors and the previous schedule is kept).</li>
 * </ul>
 */
public final class DaemonMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile java.util.function.IntSupplier scheduled = () -> 0;
    private final AtomicInteger calendarValid = new AtomicInteger(1);
    private final MultiGauge nextFire;
    private final Map<List<String>, AtomicInteger> shortUnits = new ConcurrentHashMap<>();

    public DaemonMetrics() {
        Gauge.builder("prescale.jobs.scheduled", this, m -> {
            try {
                return m.scheduled.getAsInt();
            } catch (RuntimeException e) {
                return Double.NaN; // the store does not answer: /readyz says so too
            }
        }).description("Triggers in the job store for the scenario").register(registry);
        Gauge.builder("prescale.calendar.valid", calendarValid, AtomicInteger::get)
                .description("1 when the last re-read of the scenario was valid").register(registry);
        nextFire = MultiGauge.builder("prescale.job.next.fire").baseUnit("seconds")
                .description("Epoch seconds of each event's next scheduled job").register(registry);
        for (JobKind k : JobKind.values()) {
            for (String what : List.of("fired", "failed", "skipped", "misfired", "duplicate")) {
                counter(what, k);
            }
        }
    }

    private Counter counter(String what, JobKind kind) {
        return Counter.builder("prescale.jobs." + what).tag("kind", kind.id()).register(registry);
    }

    void fired(JobKind k) {
        counter("fired", k).increment();
    }

    void outcome(JobKind k, ExecutionState s) {
        switch (s) {
            case FAILED -> counter("failed", k).increment();
            case SKIPPED -> counter("skipped", k).increment();
            default -> {
            }
        }
    }

    void misfired(JobKind k) {
        counter("misfired", k).increment();
    }

    void duplicate(JobKind k) {
        counter("duplicate", k).increment();
    }

    /** Where the scheduled-jobs gauge reads its value (the job store, at each scrape). */
    void scheduled(java.util.function.IntSupplier count) {
        scheduled = count;
    }

    void calendarValid(boolean valid) {
        calendarValid.set(valid ? 1 : 0);
    }

    void reconciled(boolean ok) {
        Counter.builder("prescale.reconcile").tag("result", ok ? "ok" : "error").register(registry).increment();
    }

    /** Replaces the per-event next fire times. */
    void nextFireTimes(Map<String, Instant> byEvent) {
        nextFire.register(byEvent.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("event", e.getKey()),
                e.getValue().getEpochSecond())).toList(), true);
    }

    /** Capacity a check found missing (0 when in place). */
    void capacityShort(String event, String layer, int units) {
        shortUnits.computeIfAbsent(List.of(event, layer), k -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("prescale.capacity.short", v, AtomicInteger::get).baseUnit("units")
                    .description("Units a check before kickoff found missing after re-applying")
                    .tags("event", event, "layer", layer).register(registry);
            return v;
        }).set(units);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
