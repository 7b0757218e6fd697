package io.prescale.planner.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SurgeLearnerTest {
    /** A load at {@code level} that rises to {@code level * (1 + surge)} a few minutes after the whistle at 30. */
    static double[] whistleAt30(double level, double surge) {
        double[] load = new double[60];
        Arrays.fill(load, level);
        for (int j = 33; j < 40; j++) {
            load[j] = level * (1 + surge);
        }
        return load;
    }

    @Test
    void upper_noWhistleSeen_isTheShapesOwnSurgeWidenedByThePrior() {
        SurgeLearner s = new SurgeLearner(0.3);
        assertEquals(0.3, s.upper(0), 1e-9, "the median is the shape's");
        assertTrue(s.upper(1.28) > 0.3 * 1.5, "the upper quantile is wide before any evidence: " + s.upper(1.28));
    }

    @Test
    void learn_oneSurprisingWhistle_movesTheEstimatePartOfTheWay() {
        SurgeLearner s = new SurgeLearner(0.3);

        assertTrue(s.learn(whistleAt30(1000, 2.0), 30));

        double median = s.upper(0);
        assertTrue(median > 0.3 && median < 2.0, "shrunk between the prior 0.3 and the seen 2.0: " + median);
    }

    @Test
    void learn_manyAlikeWhistles_convergesOnThemAndNarrows() {
        SurgeLearner s = new SurgeLearner(0.3);
        s.learn(whistleAt30(1000, 1.0), 30);
        s.learn(whistleAt30(1000, 1.0), 30);
        double afterTwo = s.upper(1.28);
        for (int i = 0; i < 38; i++) {
            s.learn(whistleAt30(1000, 1.0), 30);
        }
        assertEquals(1.0, s.upper(0), 0.1);
        assertTrue(s.upper(1.28) < afterTwo, "forty alike whistles narrow the band: " + afterTwo + " -> " + s.upper(1.28));
        assertTrue(s.upper(1.28) < 1.4, "and the prior's disagreement alone keeps it this wide: " + s.upper(1.28));
    }

    @Test
    void learn_whistleWithoutSamples_learnsNothing() {
        SurgeLearner s = new SurgeLearner(0.3);
        double[] load = whistleAt30(1000, 1.0);
        Arrays.fill(load, 20, 60, Double.NaN);

        assertTrue(!s.learn(load, 30));
        assertEquals(0, s.events());
    }
}
