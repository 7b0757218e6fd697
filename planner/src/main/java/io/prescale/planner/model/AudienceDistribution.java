package io.prescale.planner.model;

import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TriangularDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The uncertainty of an event's peak concurrent audience. Plans size for a quantile of it (P90 by default);
 * simulations sample it.
 */
public sealed interface AudienceDistribution {

    /** Standard normal quantile of 0.9, turning a P50/P90 pair into a log-normal spread. */
    double Z90 = 1.2815515655446004;

    double quantile(double p);

    default double p50() {
        return quantile(0.5);
    }

    default double p90() {
        return quantile(0.9);
    }

    /** A Commons Math distribution for sampling, on the given generator. */
    RealDistribution toRealDistribution(RandomGenerator rng);

    /** Multiplies every value by a factor (for rules: team, stage and market factors). */
    AudienceDistribution scale(double factor);

    String describe();

    /**
     * The distribution with another independent log-normal uncertainty of log-spread {@code tau} multiplied in:
     * log-normal through the same median, its log-spread {@code sqrt(sigma^2 + tau^2)}, sigma read from P50/P90.
     */
    default AudienceDistribution widen(double tau) {
        double p50 = p50();
        double sigma = p50 > 0 && p90() > p50 ? Math.log(p90() / p50) / Z90 : 0;
        return new LogNormal(p50, Math.sqrt(sigma * sigma + tau * tau));
    }

    /** Log-normal through P50 and P90: the usual shape of audience forecasts (right-skewed, never negative). */
    /**
     * The widest estimate: a P90 at most 100 times its P50 (a log-normal sigma of at most ln(100)/z90, about 3.6).
     * A P50 of 1e-320k beside a P90 of 572k made a sigma whose quantiles overflowed to NaN and 2^63 in the plan.
     */
    double MAX_SPREAD = 100;
    double MAX_SIGMA = Math.log(MAX_SPREAD) / Z90;

    /** Why a P50 and P90 are no estimate (P90 far more than P50), or empty. */
    static java.util.Optional<String> spreadProblem(double p50, double p90) {
        return p90 > p50 * MAX_SPREAD ? java.util.Optional.of("P90 is more than 100 times P50: no estimate is that "
                + "wide (P50 " + Quantities.human(p50) + ", P90 " + Quantities.human(p90) + ")") : java.util.Optional.empty();
    }

    static AudienceDistribution fromP50P90(double p50, double p90) {
        if (p90 <= p50) {
            return new Fixed(p50);
        }
        return new LogNormal(p50, Math.log(p90 / p50) / Z90);
    }

    record LogNormal(double median, double sigma) implements AudienceDistribution {
        public double quantile(double p) {
            return Math.exp(Math.log(median) + sigma * StandardNormal.quantile(p));
        }

        public RealDistribution toRealDistribution(RandomGenerator rng) {
            return new LogNormalDistribution(rng, Math.log(median), sigma, 1e-9);
        }

        public AudienceDistribution scale(double f) {
            return new LogNormal(median * f, sigma);
        }

        public String describe() {
            return "lognormal(P50 " + Quantities.human(median) + ", P90 " + Quantities.human(p90()) + ")";
        }
    }

    record Normal(double mean, double sd) implements AudienceDistribution {
        public double quantile(double p) {
            return Math.max(0, mean + sd * StandardNormal.quantile(p));
        }

        public RealDistribution toRealDistribution(RandomGenerator rng) {
            return new NormalDistribution(rng, mean, sd, 1e-9);
        }

        public AudienceDistribution scale(double f) {
            return new Normal(mean * f, sd * f);
        }

        public String describe() {
            return "normal(mean " + Quantities.human(mean) + ", sd " + Quantities.human(sd) + ")";
        }
    }

    record Triangular(double min, double mode, double max) implements AudienceDistribution {
        public double quantile(double p) {
            return new TriangularDistribution(null, min, mode, max).inverseCumulativeProbability(p);
        }

        public RealDistribution toRealDistribution(RandomGenerator rng) {
            return new TriangularDistribution(rng, min, mode, max);
        }

        public AudienceDistribution scale(double f) {
            return new Triangular(min * f, mode * f, max * f);
        }

        public String describe() {
            return "triangular(" + Quantities.human(min) + ", " + Quantities.human(mode) + ", " + Quantities.human(max) + ")";
        }
    }

    record Fixed(double value) implements AudienceDistribution {
        public double quantile(double p) {
            return value;
        }

        public RealDistribution toRealDistribution(RandomGenerator rng) {
            return new TriangularDistribution(rng, value, value, value + Math.ulp(value));
        }

        public AudienceDistribution scale(double f) {
            return new Fixed(value * f);
        }

        public String describe() {
            return "fixed(" + Quantities.human(value) + ")";
        }
    }
}
