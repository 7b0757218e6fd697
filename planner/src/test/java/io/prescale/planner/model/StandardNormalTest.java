package io.prescale.planner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StandardNormalTest {

    @ParameterizedTest(name = "p {0}")
    @CsvSource({
        // reference values (R's qnorm, itself AS 241; checked against Mathematica's InverseCDF)
        "0.5, 0",
        "0.9, 1.2815515655446004",
        "0.975, 1.959963984540054",
        "0.99, 2.3263478740408408",
        "0.999, 3.090232306167813",
        "0.1, -1.2815515655446004",
        "0.01, -2.3263478740408408",
        "1e-10, -6.361340902404056",
    })
    void quantile_knownValues(double p, double z) {
        assertEquals(z, StandardNormal.quantile(p), 1e-15 * Math.max(1, Math.abs(z)));
    }

    @Test
    void quantile_equalsCommonsMathOverTheProbabilitiesAPlanUses() {
        // every probability a plan sizes for (P50, P90, a configured p1 to p99.9) and the spreads the loaders turn
        // P90s into: the same to the last digits or two
        NormalDistribution math3 = new NormalDistribution(null, 0, 1);
        double worst = 0;
        for (int i = 1_000; i <= 999_000; i++) {
            double p = i / 1_000_000.0;
            double z = math3.inverseCumulativeProbability(p);
            worst = Math.max(worst, Math.abs(StandardNormal.quantile(p) - z) / Math.max(1, Math.abs(z)));
        }
        assertTrue(worst < 5e-15, "largest relative difference from Commons Math: " + worst);
    }

    @Test
    void quantile_inTheTails_isCloserThanCommonsMath() {
        // Commons Math computes erfInv(2p - 1): below p = 0.001 the subtraction loses digits (5e-12 at p = 1e-6,
        // all of them below 1e-17), where AS 241 works from p itself; both against the CDF, inverted by erfc
        NormalDistribution math3 = new NormalDistribution(null, 0, 1);
        for (double p = 1e-12; p < 1e-3; p *= 1.1) {
            double ours = Math.abs(cdf(StandardNormal.quantile(p)) - p) / p;
            double theirs = Math.abs(cdf(math3.inverseCumulativeProbability(p)) - p) / p;
            assertTrue(ours < 1e-13 && ours <= theirs + 1e-14, "p " + p + ": " + ours + " against " + theirs);
        }
    }

    /** Phi(z) = erfc(-z / sqrt 2) / 2, accurate in the lower tail, where 1 - p has no digits left. */
    private static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    @ParameterizedTest(name = "p {0}")
    @ValueSource(doubles = {1e-3, 0.02425, 0.0749, 0.075, 0.3, 0.49999, 0.5})
    void quantile_isSymmetric(double p) {
        double z = StandardNormal.quantile(p);
        assertEquals(-z, StandardNormal.quantile(1 - p), 1e-12 * Math.max(1, Math.abs(z)));
    }

    @ParameterizedTest(name = "p {0}")
    @ValueSource(doubles = {1e-300, 1e-100, 1e-20, 1e-9, 0.02425, 0.3, 0.5, 0.7, 0.975})
    void quantile_invertsTheCdf(double p) {
        assertEquals(p, cdf(StandardNormal.quantile(p)), 1e-12 * p);
    }

    @Test
    void quantile_atTheEnds_isInfinite_andOutsideIsRefused() {
        assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.quantile(0));
        assertEquals(Double.POSITIVE_INFINITY, StandardNormal.quantile(1));
        assertTrue(Double.isNaN(StandardNormal.quantile(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(-0.1));
        assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(1.5));
    }

    @Test
    void z90_isTheQuantileOfNinetyPercent() {
        assertEquals(AudienceDistribution.Z90, StandardNormal.quantile(0.9), 1e-15);
    }
}
