package io.prescale.planner.simulate;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The random numbers of one simulated run, as a Commons Math {@link RandomGenerator} so Commons Math distributions
 * sample from it. Each run gets its own {@link SplittableRandom} seeded from (seed, run index) alone, so a run's
 * draws are the same whichever thread runs it and however many threads there are. One instance per worker thread
 * is re-seeded for each run it simulates.
 */
final class RunRandom implements RandomGenerator {
    private SplittableRandom r = new SplittableRandom(0);

    /** Starts the stream of run {@code run} of a simulation seeded with {@code seed}. */
    RunRandom forRun(long seed, long run) {
        r = new SplittableRandom(runSeed(seed, run));
        return this;
    }

    /** A well-mixed seed per (seed, run): consecutive runs do not share overlapping streams. */
    static long runSeed(long seed, long run) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (run + 1));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void setSeed(int seed) {
        r = new SplittableRandom(seed);
    }

    @Override
    public void setSeed(int[] seed) {
        long s = 0;
        for (int x : seed) {
            s = s * 31 + x;
        }
        r = new SplittableRandom(s);
    }

    @Override
    public void setSeed(long seed) {
        r = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return r.nextInt();
    }

    @Override
    public int nextInt(int n) {
        return r.nextInt(n);
    }

    @Override
    public long nextLong() {
        return r.nextLong();
    }

    @Override
    public boolean nextBoolean() {
        return r.nextBoolean();
    }

    @Override
    public float nextFloat() {
        return r.nextFloat();
    }

    @Override
    public double nextDouble() {
        return r.nextDouble();
    }

    @Override
    public double nextGaussian() {
        return r.nextGaussian();
    }
}
