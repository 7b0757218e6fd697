package io.prescale.planner.simulate;

import java.time.Instant;

/**
 * A layer's simulated load per minute over the plan's grid, as quantiles over runs, beside the plan: what a chart
 * draws. Index {@code i} is the minute starting {@code start + i} minutes.
 *
 * @param runs            runs the quantiles are taken over
 * @param p50             median load per minute
 * @param p90             90th percentile per minute
 * @param forecast        the plan's forecast load per minute (at its quantile, every outcome's worst)
 * @param plannedUnits    the plan's capacity in service per minute, in units (serving a warm-up after its request)
 * @param plannedCapacity the load that capacity carries (units x usable load per unit, what-ifs applied)
 */
public record LoadBand(String layer, Instant start, int runs, double[] p50, double[] p90, double[] forecast,
                       int[] plannedUnits, double[] plannedCapacity) {

    public Instant minute(int i) {
        return start.plusSeconds(60L * i);
    }
}
