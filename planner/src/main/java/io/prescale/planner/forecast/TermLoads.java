package io.prescale.planner.forecast;

import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.GoalSurge;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.ShapeProfile;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The term arithmetic: one event's load on one layer for one outcome, in three parts. The deterministic forecast
 * ({@link RpsForecaster}) adds a goal burst in every minute of play and the ad breaks at their nominal times; a
 * simulated run adds goals only in the minutes it sampled and ad breaks where they fell. One implementation
 * serves both, so the plan and the simulation can never disagree on what a term costs:
 * <ul>
 *   <li>{@link #base}: every term but ad breaks and goal bursts: linear in the audience (zero at zero audience);</li>
 *   <li>{@link #adBreak}: one ad break starting at a given second: linear in the audience;</li>
 *   <li>{@link #goal}: one goal's burst in one minute: linear in the audience plus an audience-independent part
 *       (absolute goal-surge joins, push subscribers).</li>
 * </ul>
 * Loads are before the layer's amplification and background.
 */
public final class TermLoads {
    private TermLoads() {
    }

    /** Load per profile minute of every term except ad breaks and goal bursts, for a peak audience {@code a}. */
    public static double[] base(Layer layer, AudienceShape shape, ShapeProfile p, double a) {
        int n = p.level().length;
        double[] c = new double[n];
        double[] level = p.level();
        double churn = shape.churnPerMinute();
        for (LoadTerm term : layer.terms()) {
            double share = term.share();
            switch (term) {
                case LoadTerm.PerViewer pv -> {
                    double k = share * pv.rpsPerViewer() * a;
                    for (int i = 0; i < n; i++) {
                        c[i] += k * level[i];
                    }
                }
                case LoadTerm.PerJoin pj -> {
                    double k = share * pj.requests();
                    double prev = a * level[0];
                    for (int i = 0; i < n; i++) {
                        double v = a * level[i];
                        double joins = Math.max(0, v - prev) + churn * v;
                        prev = v;
                        c[i] += k * joins / 60.0;
                    }
                }
                case LoadTerm.Heartbeat hb -> heartbeat(c, hb, share, a, level, churn);
                case LoadTerm.Egress eg -> {
                    double k = share * eg.bitsPerViewer() * a / 1e9;
                    for (int i = 0; i < n; i++) {
                        c[i] += k * level[i];
                    }
                }
                case LoadTerm.AdBreak ab -> {
                    // sampled per run: see adBreak
                }
                case LoadTerm.GoalPush gp -> {
                    // sampled per run: see goal
                }
            }
        }
        return c;
    }

    /** Whether the layer has ad-break terms. */
    public static boolean hasAdBreaks(Layer layer) {
        return layer.terms().stream().anyMatch(t -> t instanceof LoadTerm.AdBreak);
    }

    /** Whether a goal of an event of this shape loads the layer. */
    public static boolean hasGoalBursts(Layer layer, AudienceShape shape) {
        for (LoadTerm t : layer.terms()) {
            if (t instanceof LoadTerm.GoalPush || (t instanceof LoadTerm.PerJoin && !shape.goalSurge().isNone())) {
                return true;
            }
        }
        return false;
    }

    /** Profile minutes and rates of one ad break starting {@code second} seconds after kickoff. */
    public record Burst(int[] minutes, double[] rates) {
        public static final Burst NONE = new Burst(new int[0], new double[0]);
    }

    /**
     * The tracking burst of an ad break starting {@code second} seconds after kickoff, for a peak audience
     * {@code a}: each ad-break term fires at the rate of the audience in the break's first minute over its window,
     * in every minute the window touches. A break outside the profile adds nothing.
     */
    public static Burst adBreak(Layer layer, AudienceShape shape, ShapeProfile p, int second, double a) {
        int n = p.level().length;
        int m = Math.floorDiv(second, 60) - p.startOffset();
        if (m < 0 || m >= n) {
            return Burst.NONE;
        }
        TreeMap<Integer, Double> out = new TreeMap<>();
        for (LoadTerm term : layer.terms()) {
            if (term instanceof LoadTerm.AdBreak ab) {
                double window = Math.max(1, ab.within().orElse(shape.adBreaks().window()).toMillis() / 1000.0);
                double rate = ab.share() * ab.requests() * a * p.level()[m] / window;
                int last = Math.floorDiv(second + (int) Math.ceil(window) - 1, 60) - p.startOffset();
                for (int i = m; i <= Math.min(last, n - 1); i++) {
                    out.merge(i, rate, Double::sum);
                }
            }
        }
        int[] mins = out.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] rates = out.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new Burst(mins, rates);
    }

    /** The burst of one goal in profile minute {@code i} (a minute of play) for a peak audience {@code a}. */
    public static double goal(Layer layer, AudienceShape shape, ShapeProfile p, int i, double a) {
        GoalSurge goal = shape.goalSurge();
        double goalWithin = Math.max(1, goal.within().toMillis() / 1000.0);
        double v = a * p.level()[i];
        double c = 0;
        for (LoadTerm term : layer.terms()) {
            switch (term) {
                case LoadTerm.PerJoin pj -> {
                    if (!goal.isNone()) {
                        c += pj.share() * pj.requests() * goal.joinsAt(v) / goalWithin;
                    }
                }
                case LoadTerm.GoalPush gp -> {
                    double within = Math.max(1, gp.within().toMillis() / 1000.0);
                    c += gp.share() * (gp.subscribers() + gp.perViewer() * v) / within;
                }
                default -> {
                }
            }
        }
        return c;
    }

    /**
     * The part of {@link #goal} per viewer of peak audience: {@code goal(a) = a * goalPerViewer + goal(0)}. Computed
     * on its own rather than as a difference, which would lose digits to the audience-independent part.
     */
    public static double goalPerViewer(Layer layer, AudienceShape shape, ShapeProfile p, int i) {
        GoalSurge goal = shape.goalSurge();
        double goalWithin = Math.max(1, goal.within().toMillis() / 1000.0);
        double level = p.level()[i];
        double c = 0;
        for (LoadTerm term : layer.terms()) {
            switch (term) {
                case LoadTerm.PerJoin pj -> {
                    if (!goal.isNone()) {
                        c += pj.share() * pj.requests() * goal.share() * level / goalWithin;
                    }
                }
                case LoadTerm.GoalPush gp -> c += gp.share() * gp.perViewer() * level / Math.max(1, gp.within().toMillis() / 1000.0);
                default -> {
                }
            }
        }
        return c;
    }

    /** The heartbeat ripple, exactly as the forecast computes it (join phases modulo the interval). */
    private static void heartbeat(double[] c, LoadTerm.Heartbeat hb, double share, double peak, double[] level,
                                  double churn) {
        int interval = Math.max(1, (int) Math.round(hb.every().toSeconds() / 60.0));
        int spread = Math.max(1, Math.min(interval, (int) Math.ceil(hb.jitter().toSeconds() / 60.0)));
        double[] phase = new double[interval];
        double prev = peak * level[0];
        double total = prev;
        Arrays.fill(phase, prev / interval);
        for (int i = 0; i < level.length; i++) {
            double v = peak * level[i];
            if (total > 0) {
                c[i] += share * v * (phase[i % interval] / total) / 60.0;
            }
            double joins = Math.max(0, v - prev) + churn * v;
            prev = v;
            if (joins > 0) {
                double each = joins / spread;
                for (int k = 0; k < spread; k++) {
                    phase[(i + k) % interval] += each;
                }
                total += joins;
            }
        }
    }
}
