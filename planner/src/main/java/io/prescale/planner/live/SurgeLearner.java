package io.prescale.planner.live;

/**
 * What the final whistle does to the load, learned from the events already seen: each whistle's surge is the
 * highest load in the {@link #WINDOW} minutes after it over the level just before it. Its logarithm is treated as
 * normal; the prior is the shape's own surge with a wide spread and counts as {@link #PRIOR_WEIGHT} events, so
 * one surprising whistle moves the estimate only part of the way and an unseen tournament keeps the shape's. The
 * upper quantile of the predictive distribution (the spread of surges between events plus the uncertainty of
 * their mean) is the buffer held above the level as a whistle approaches: the largest surge expected, as
 * Hotstar's ladder held above live concurrency.
 */
final class SurgeLearner {
    /** Minutes after a whistle in which its surge peaks. */
    static final int WINDOW = 20;
    /** Minutes before a whistle whose mean load is its level. */
    static final int LEVEL_FROM = 10;
    static final int LEVEL_TO = 2;
    static final double PRIOR_WEIGHT = 2;
    static final double PRIOR_SD = 0.5;

    private final double priorMean;
    private double n;
    private double sum;
    private double sumSq;

    /** @param shapeSurge the relative rise the shape itself forecasts at the whistle (0.3 = 30%) */
    SurgeLearner(double shapeSurge) {
        this.priorMean = Math.log1p(Math.max(0, shapeSurge));
    }

    /** Learns one whistle from the load around it, if the samples are there; returns whether it did. */
    boolean learn(double[] load, int whistle) {
        if (whistle - LEVEL_FROM < 0 || whistle + WINDOW > load.length) {
            return false;
        }
        double level = 0;
        int count = 0;
        for (int j = whistle - LEVEL_FROM; j < whistle - LEVEL_TO; j++) {
            if (LiveController.valid(load[j])) {
                level += load[j];
                count++;
            }
        }
        double top = 0;
        int after = 0;
        for (int j = whistle; j < whistle + WINDOW; j++) {
            if (LiveController.valid(load[j])) {
                top = Math.max(top, load[j]);
                after++;
            }
        }
        if (count < (LEVEL_FROM - LEVEL_TO) / 2 || after < WINDOW / 2 || level <= 0) {
            return false;
        }
        double x = Math.log(Math.max(1, top) / (level / count));
        n++;
        sum += x;
        sumSq += x * x;
        return true;
    }

    int events() {
        return (int) n;
    }

    /** The relative rise at the quantile of z (e.g. 0.8 = the load may reach 1.8x its level). */
    double upper(double z) {
        double w = PRIOR_WEIGHT + n;
        double mean = (PRIOR_WEIGHT * priorMean + sum) / w;
        // spread: the prior's, pooled with the observed spread around the mean
        double ss = PRIOR_WEIGHT * PRIOR_SD * PRIOR_SD + (sumSq - 2 * mean * sum + n * mean * mean)
                + PRIOR_WEIGHT * (priorMean - mean) * (priorMean - mean);
        double sd = Math.sqrt(Math.max(0, ss) / w);
        double predictive = sd * Math.sqrt(1 + 1 / w);
        return Math.expm1(mean + z * predictive);
    }
}
