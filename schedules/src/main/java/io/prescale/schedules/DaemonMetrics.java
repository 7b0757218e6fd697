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
 *       re-read found errors and the previous schedule is kept);</li>
 *   <li>the live controller, by {@code layer}: {@code prescale_live_observed_rps}, {@code prescale_live_forecast_rps},
 *       {@code prescale_live_observed_forecast_ratio}, {@code prescale_live_audience_scale},
 *       {@code prescale_live_reforecast_peak_rps}, {@code prescale_live_units_asked}, {@code prescale_live_plan_units},
 *       {@code prescale_live_buffer_units} (asked beyond what the load just seen needs), and
 *       {@code prescale_live_problems_total} (source reads or raises that failed: alert on its rate);</li>
 *   <li>re-calibration ({@code live: learn:}): {@code prescale_learn_total} by {@code result} (applied, rejected: a
 *       worse fit kept out, applied-worse, failed, skipped), {@code prescale_learn_fit_rms_rps} and
 *       {@code prescale_learn_version} of the last re-fit.</li>
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

    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    {
        Gauge.builder("prescale.actions.failing", failing, java.util.Set::size)
                .description("Jobs whose last attempt failed (a target unreadable or not changed): alert on > 0")
                .register(registry);
    }

    /** Whether the job's last attempt failed. */
    void failing(String job, boolean failed) {
        if (failed) {
            failing.add(job);
        } else {
            failing.remove(job);
        }
    }

    void retried(JobKind k) {
        Counter.builder("prescale.jobs.retried").tag("kind", k.id()).description("Failed actions tried again")
                .register(registry).increment();
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

    /** A re-fit's result: {@code applied}, {@code rejected} (worse fit), {@code applied-worse} or {@code failed}. */
    void learned(Learner.Result r) {
        String result = r.outcome().state() != ExecutionState.DONE ? (r.outcome().state() == ExecutionState.FAILED
                ? "failed" : "skipped") : r.rejected() ? "rejected"
                : r.version().map(v -> v.status().equals("accepted-worse") ? "applied-worse" : "applied").orElse("applied");
        Counter.builder("prescale.learn").tag("result", result)
                .description("Re-calibrations after events, by result (rejected: a worse fit not applied)")
                .register(registry).increment();
        r.version().ifPresent(v -> {
            if (learnGauges.compareAndSet(false, true)) {
                Gauge.builder("prescale.learn.fit.rms", learnRms, x -> x.get()).baseUnit("rps")
                        .description("The last re-fit's RMS error of its median forecast").register(registry);
                Gauge.builder("prescale.learn.version", learnVersion, java.util.concurrent.atomic.AtomicLong::get)
                        .description("The last re-fit's version number").register(registry);
            }
            learnRms.set(v.rmsRps());
            learnVersion.set(v.number());
        });
    }

    private final java.util.concurrent.atomic.AtomicReference<Double> learnRms =
            new java.util.concurrent.atomic.AtomicReference<>(Double.NaN);
    private final java.util.concurrent.atomic.AtomicLong learnVersion = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean learnGauges = new java.util.concurrent.atomic.AtomicBoolean();

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

    private final Map<List<String>, java.util.concurrent.atomic.AtomicReference<Double>> live = new ConcurrentHashMap<>();

    private void liveGauge(String name, String layer, String description, double v) {
        live.computeIfAbsent(List.of(name, layer), k -> {
            java.util.concurrent.atomic.AtomicReference<Double> r = new java.util.concurrent.atomic.AtomicReference<>(Double.NaN);
            Gauge.builder("prescale.live." + name, r, x -> x.get()).description(description).tags("layer", layer)
                    .register(registry);
            return r;
        }).set(v);
    }

    /** One live decision's figures (NaN while the layer is idle). */
    void live(io.prescale.providers.apply.LiveRunner.LayerTick t) {
        var d = t.decision().filter(x -> x.state() != io.prescale.planner.live.Decision.State.IDLE);
        String l = t.layer();
        liveGauge("observed.rps", l, "Load the source showed at the last decision", d.map(x -> x.observed()).orElse(Double.NaN));
        liveGauge("forecast.rps", l, "Load the plan's median forecast expected then", d.map(x -> x.expected()).orElse(Double.NaN));
        liveGauge("observed.forecast.ratio", l, "Observed over forecast load", d.map(x -> x.observed() / x.expected())
                .orElse(Double.NaN));
        liveGauge("audience.scale", l, "Posterior audience against the median estimate", d.map(x -> x.scale()).orElse(Double.NaN));
        liveGauge("reforecast.peak.rps", l, "Re-forecast upper quantile over the scale-up time",
                d.map(x -> x.reforecastPeak()).orElse(Double.NaN));
        liveGauge("units.asked", l, "Units the controller asked for", d.map(x -> (double) x.units()).orElse(Double.NaN));
        liveGauge("plan.units", l, "Units the plan has at this minute", t.planUnits() < 0 ? Double.NaN : t.planUnits());
        liveGauge("buffer.units", l, "Units asked beyond what the load just seen needs",
                d.filter(x -> t.observedUnits() >= 0).map(x -> (double) (x.units() - t.observedUnits()))
                        .orElse(Double.NaN));
        if (t.failed()) {
            Counter.builder("prescale.live.problems").tag("layer", l).description("Source reads or raises that failed")
                    .register(registry).increment();
        }
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
