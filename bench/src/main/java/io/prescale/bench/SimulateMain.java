package io.prescale.bench;

import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.simulate.Simulation;
import io.prescale.planner.simulate.SimulationResult;
import java.time.Instant;
import java.util.List;

/**
 * A quick timing without JMH: {@code java -cp bench/target/benchmarks.jar io.prescale.bench.SimulateMain [runs]
 * [threads...]}. Prints the wall time of each simulation of {@code runs} 64-match tournaments (default 100,000)
 * per thread count (default 1 and 2), after a warm-up, and the speed-up over one thread.
 */
public final class SimulateMain {
    private SimulateMain() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int[] threads = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        Scenario s = Tournaments.worldCup(64);
        Planner.Result plan = Planner.plan(s, Tournaments.START, Instant.EPOCH,
                new ObservedState("bench", Tournaments.START, s.baseline()));
        long t0 = System.nanoTime();
        Simulation sim = Simulation.prepare(s, plan, List.of());
        System.out.printf("prepare: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        for (int w = 0; w < 3; w++) {
            sim.run(Math.max(1, runs / 4), 7, threads[threads.length - 1], null);
        }
        double base = 0;
        for (int th : threads) {
            double best = Double.MAX_VALUE;
            SimulationResult r = null;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                r = sim.run(runs, 1, th, null);
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            if (base == 0) {
                base = best;
            }
            System.out.printf("%,d tournaments x 64 matches x 12 layers, %d thread(s): %.3f s (best of 3), "
                    + "speed-up %.2fx; edge-api P90 peak %.0f rps%n", runs, th, best, base / best,
                    r.layer("edge-api").peakLoad().p90());
        }
    }
}
