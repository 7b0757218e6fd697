package io.prescale.planner.simulate;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Outcome;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.model.SimulationSettings;
import java.util.List;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * One event as the simulation samples it: its audience distribution in the what-if world, its outcomes with their
 * profiles (surges applied), the minutes of play goals are drawn from and the goal-count distribution per outcome.
 */
final class EventModel {
    /** Goal counts above this are cut off (their probability is below 1e-12 for any sane mean). */
    static final int MAX_GOALS = 40;

    final int index;
    final Event event;
    final long kickoff;
    final AudienceShape shape;
    final Outcome[] outcomes;
    final ShapeProfile[] profiles;
    final long windowStart;
    final long windowEnd;
    final AudienceDistribution audience;
    final double audienceFactor;
    final int extraTime;
    final int penalties;
    final int[][] play;
    final double[][] goalCdf;
    final int breaks;

    EventModel(int index, EventTimeline t, World world) {
        this.index = index;
        this.event = world.event(t.event().id());
        this.kickoff = t.kickoff();
        this.shape = t.shape();
        List<Outcome> os = t.outcomes();
        this.outcomes = os.toArray(new Outcome[0]);
        this.profiles = new ShapeProfile[outcomes.length];
        for (int o = 0; o < outcomes.length; o++) {
            profiles[o] = world.profile(event.id(), t.profiles().get(o));
        }
        this.windowStart = t.windowStart();
        this.windowEnd = t.windowEnd();
        this.audience = world.audience(event);
        this.audienceFactor = world.audienceFactor(event.id());
        this.extraTime = os.indexOf(Outcome.EXTRA_TIME);
        this.penalties = os.indexOf(Outcome.PENALTIES);
        SimulationSettings s = world.settings;
        this.play = new int[outcomes.length][];
        this.goalCdf = new double[outcomes.length][];
        int b = 0;
        for (int o = 0; o < outcomes.length; o++) {
            ShapeProfile p = profiles[o];
            int n = 0;
            for (boolean x : p.inPlay()) {
                n += x ? 1 : 0;
            }
            int[] idx = new int[n];
            n = 0;
            for (int i = 0; i < p.inPlay().length; i++) {
                if (p.inPlay()[i]) {
                    idx[n++] = i;
                }
            }
            play[o] = idx;
            goalCdf[o] = poissonCdf(s.goalsPer90() / 90.0 * idx.length);
            b = Math.max(b, p.adBreakSeconds().length);
        }
        this.breaks = b;
    }

    boolean knockout() {
        return extraTime >= 0;
    }

    /** First epoch minute of outcome {@code o}'s profile. */
    long start(int o) {
        return kickoff + profiles[o].startOffset();
    }

    /** P(count <= k) for k = 0.., ending with exactly 1. */
    static double[] poissonCdf(double mean) {
        if (!(mean > 0)) {
            return new double[] {1.0};
        }
        PoissonDistribution d = new PoissonDistribution(null, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        double[] cdf = new double[MAX_GOALS + 1];
        int k = 0;
        for (; k < MAX_GOALS; k++) {
            cdf[k] = d.cumulativeProbability(k);
            if (1 - cdf[k] < 1e-12) {
                break;
            }
        }
        cdf[k] = 1.0;
        return java.util.Arrays.copyOf(cdf, k + 1);
    }
}
