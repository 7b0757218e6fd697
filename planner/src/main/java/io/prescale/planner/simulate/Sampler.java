package io.prescale.planner.simulate;

import io.prescale.planner.model.SimulationSettings;
import org.apache.commons.math3.distribution.RealDistribution;

/**
 * Draws one run: for each event in turn its audience (Commons Math distribution on the run's generator), its
 * outcome (knockouts: extra time, then penalties), its goal count (Poisson) and minutes (uniform over the minutes of
 * play of that outcome), and each ad break's shift. The draws depend only on (seed, run).
 */
final class Sampler {
    private final EventModel[] events;
    private final RunRandom rng = new RunRandom();
    private final RealDistribution[] audiences;
    private final double extraTime;
    private final double penalties;
    private final int jitter;

    Sampler(EventModel[] events, SimulationSettings settings) {
        this.events = events;
        this.audiences = new RealDistribution[events.length];
        for (int e = 0; e < events.length; e++) {
            audiences[e] = events[e].audience.toRealDistribution(rng);
        }
        this.extraTime = settings.extraTime();
        this.penalties = settings.penalties();
        this.jitter = jitterMinutes(settings);
    }

    static int jitterMinutes(SimulationSettings s) {
        return (int) Math.ceil(s.adBreakJitter().toSeconds() / 60.0);
    }

    void sample(long seed, int run, RunSample out) {
        rng.forRun(seed, run);
        int width = 2 * jitter + 1;
        for (int e = 0; e < events.length; e++) {
            EventModel m = events[e];
            double a = audiences[e].sample();
            out.audience[e] = a > 0 ? a * m.audienceFactor : 0;
            int o = 0;
            if (m.knockout() && rng.nextDouble() < extraTime) {
                o = m.penalties >= 0 && rng.nextDouble() < penalties ? m.penalties : m.extraTime;
            }
            out.outcome[e] = o;
            double[] cdf = m.goalCdf[o];
            int k = 0;
            if (cdf.length > 1) {
                double u = rng.nextDouble();
                while (u >= cdf[k]) {
                    k++;
                }
            }
            int plays = m.play[o].length;
            int[] goals = out.goalPlay[e];
            int[] times = out.goalTimes[e];
            int distinct = 0;
            for (int g = 0; g < k; g++) {
                int p = below(rng.nextInt(), plays);
                // keep minutes distinct and ascending, counting goals in the same minute
                int at = distinct;
                while (at > 0 && goals[at - 1] > p) {
                    at--;
                }
                if (at > 0 && goals[at - 1] == p) {
                    times[at - 1]++;
                    continue;
                }
                for (int j = distinct; j > at; j--) {
                    goals[j] = goals[j - 1];
                    times[j] = times[j - 1];
                }
                goals[at] = p;
                times[at] = 1;
                distinct++;
            }
            out.goals[e] = distinct;
            out.goalCount[e] = k;
            int[] shifts = out.adShift[e];
            if (width > 1) {
                long bits = 0;
                for (int b = 0; b < shifts.length; b++) {
                    // two shifts per 64 random bits
                    if ((b & 1) == 0) {
                        bits = rng.nextLong();
                    }
                    shifts[b] = below((int) bits, width);
                    bits >>>= 32;
                }
            }
        }
    }

    /**
     * A uniform integer in {@code [0, n)} from 32 random bits, by multiplication instead of division (Lemire): the
     * bias is below {@code n / 2^32}, under 1e-7 for any minute count here.
     */
    static int below(int bits, int n) {
        return (int) (((bits & 0xFFFFFFFFL) * n) >>> 32);
    }
}
