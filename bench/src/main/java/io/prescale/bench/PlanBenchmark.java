package io.prescale.bench;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning a 64-match tournament with 12 layers at 1-minute resolution (target: under 50 ms per plan), against a
 * single match on the same 12 layers as the baseline measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {
    private Scenario tournament;
    private Scenario oneMatch;
    private ObservedState observed;

    @Setup
    public void setup() {
        tournament = Tournaments.worldCup(64);
        oneMatch = Tournaments.worldCup(1);
        observed = new ObservedState("bench", Tournaments.START, tournament.baseline());
    }

    @Benchmark
    public Plan tournament64Matches12Layers() {
        return Planner.plan(tournament, Tournaments.START, Instant.EPOCH, observed).plan();
    }

    @Benchmark
    public Plan baselineOneMatch12Layers() {
        return Planner.plan(oneMatch, Tournaments.START, Instant.EPOCH, observed).plan();
    }
}
