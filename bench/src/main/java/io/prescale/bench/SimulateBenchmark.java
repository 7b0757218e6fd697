package io.prescale.bench;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.simulate.Simulation;
import io.prescale.planner.simulate.SimulationResult;
import java.time.Instant;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Monte Carlo over a 64-match tournament with 12 layers ({@link Tournaments#worldCup}): 100,000 simulated
 * tournaments per operation, with 1 and 2 threads (target: 2 s on two cores). {@code prepare} (the per event,
 * outcome and layer precomputation, done once per simulate command) is measured on its own.
 * <pre>
 * scripts/bench SimulateBenchmark                       # both thread counts
 * scripts/bench SimulateBenchmark -p threads=1,2,4 -p runs=100000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SimulateBenchmark {
    @Param({"100000"})
    public int runs;

    @Param({"1", "2"})
    public int threads;

    private Scenario tournament;
    private Planner.Result plan;
    private Simulation simulation;

    @Setup
    public void setup() {
        tournament = Tournaments.worldCup(64);
        plan = Planner.plan(tournament, Tournaments.START, Instant.EPOCH,
                new ObservedState("bench", Tournaments.START, tournament.baseline()));
        simulation = Simulation.prepare(tournament, plan, List.of());
    }

    @Benchmark
    public SimulationResult tournaments64Matches12Layers() {
        return simulation.run(runs, 1, threads, null);
    }

    @Benchmark
    public Simulation prepare64Matches12Layers() {
        return Simulation.prepare(tournament, plan, List.of());
    }
}
