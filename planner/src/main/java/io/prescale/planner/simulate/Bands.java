package io.prescale.planner.simulate;

/**
 * Per-minute load quantiles of a simulation, computed when asked for: runs are reproducible from (seed, run
 * index), so a chart re-simulates the first runs minute by minute for one layer instead of every run keeping
 * every minute of every layer.
 */
public final class Bands {
    private final Simulation simulation;
    private final long seed;
    private final int runs;

    Bands(Simulation simulation, long seed, int runs) {
        this.simulation = simulation;
        this.seed = seed;
        this.runs = runs;
    }

    /** The layer's band over the first {@code min(sampleRuns, runs)} runs of the simulation. */
    public LoadBand layer(String name, int sampleRuns) {
        return simulation.band(name, seed, Math.max(1, Math.min(sampleRuns, runs)));
    }
}
