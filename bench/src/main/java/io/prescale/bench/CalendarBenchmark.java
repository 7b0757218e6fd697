package io.prescale.bench;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10,000-event calendar (CSV, a year of many leagues: 27 matches a day) read from its files and planned on three
 * layers (target: under a second), against 100 events of the same calendar in the same run. Each call reads the
 * scenario folder as {@code prescale plan} does, so parsing, validation and planning are all counted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class CalendarBenchmark {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    @Param({"100", "10000"})
    public int events;

    private Path dir;

    @Setup
    public void setup() {
        dir = write(events);
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Plan readAndPlan() {
        return plan(dir);
    }

    static Plan plan(Path dir) {
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), FROM);
        return Planner.plan(s, FROM, FROM, new ObservedState("bench", FROM, s.baseline())).plan();
    }

    /** A scenario folder whose calendar.csv holds {@code n} matches, 27 a day from 2026-01-01, kickoffs 11:00-23:40. */
    static Path write(int n) {
        try {
            Path d = Files.createTempDirectory("prescale-calendar-bench");
            StringBuilder csv = new StringBuilder("id,kickoff_utc,stage,home,away\n");
            for (int i = 0; i < n; i++) {
                Instant k = FROM.plusSeconds(86_400L * (i / 27) + 39_600 + 1_680L * (i % 27));
                csv.append('m').append(i).append(',').append(k.toString().replace("T", " ").replace(":00Z", ""))
                        .append(i % 16 == 15 ? ",round-of-16," : ",group,").append("T").append(i % 40).append(",T")
                        .append((i + 7) % 40).append('\n');
            }
            Files.writeString(d.resolve("calendar.csv"), csv);
            Files.writeString(d.resolve("prescale.yaml"), """
                    name: season
                    zone: UTC
                    plan: {from: 2026-01-01T00:00:00Z, horizon: 400d}
                    calendar: calendar.csv
                    audience:
                      base: {p50: 200k, p90: 300k}
                      teams: {T1: 3x, T2: 2x}
                      stages: {round-of-16: 1.5x}
                    layers:
                      - {name: edge, unit: instances, rpsPerUnit: 400rps, min: 4, warmup: 5m,
                         terms: [{type: per-viewer, every: 30s}]}
                      - {name: api, unit: pods, rpsPerUnit: 150rps, min: 2, warmup: 1m,
                         terms: [{type: per-viewer, every: 2m}]}
                      - {name: lb, unit: lcu, rpsPerUnit: 2500rps, min: 1, terms: [{type: per-viewer, every: 30s}]}
                    baseline: {edge: 4, api: 2, lb: 1}
                    """);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A quick timing without JMH: {@code java -cp bench/target/benchmarks.jar io.prescale.bench.CalendarBenchmark}. */
    public static void main(String[] args) {
        for (int n : new int[] {100, 10_000}) {
            Path d = write(n);
            Plan p = null;
            double best = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 5; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                p = plan(d);
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
                bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - c) / 1e9);
            }
            // CPU time too: on a shared machine the wall time counts the other processes' turns
            System.out.printf(java.util.Locale.ROOT, "%d events: %.3f s wall, %.3f s CPU (best of 5), %d changes%n", n,
                    best, bestCpu, p.changes().size());
        }
    }
}
