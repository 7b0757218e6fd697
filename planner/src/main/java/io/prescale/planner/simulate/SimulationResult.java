package io.prescale.planner.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a simulation found. Every figure is a function of the scenario, the what-ifs, the seed and the number of
 * runs: the number of threads never changes it.
 *
 * @param needRuns  how many runs (the first ones) the cost of need is over: the smaller of {@code runs} and
 *                  {@link Simulation#FLOORED_RUNS}
 * @param whatIfs   the overrides applied to the simulated world, as written; the plan compared against is always
 *                  the one made from the unmodified scenario (what the team would have done)
 * @param planAt    the instant the compared plan was made for
 * @param quantile  the audience quantile the compared plan sized for
 * @param odds      the outcome probabilities the runs were drawn with (what-ifs applied)
 * @param observed  what the runs drew: shares of knockouts with extra time and penalties, goals per event
 * @param layers    per layer, in the scenario's order
 * @param cost      totals over the priced layers
 * @param bands     per-minute load quantiles per layer, computed on demand (for charts)
 */
public record SimulationResult(String scenario, int runs, int needRuns, long seed, List<String> whatIfs, Instant planAt,
                               double quantile, Odds odds, Observed observed, List<LayerResult> layers, Cost cost,
                               Bands bands) {

    public SimulationResult {
        whatIfs = List.copyOf(whatIfs);
        layers = List.copyOf(layers);
    }

    /** The outcome probabilities runs were drawn with. */
    public record Odds(double goalsPer90, double extraTime, double penalties, Duration adBreakJitter) {
    }

    /**
     * What the runs drew.
     *
     * @param knockouts           knockout events per run
     * @param extraTimeShare      share of knockout events that went to extra time (penalties included)
     * @param penaltiesShare      share of those that went on to penalties
     * @param goalsPerEvent       mean goals per event (events without minutes of play count as zero)
     */
    public record Observed(int knockouts, double extraTimeShare, double penaltiesShare, double goalsPerEvent) {
    }

    /** P50/P90/P99 and the mean of a figure over the runs. */
    public record Quantiles(double p50, double p90, double p99, double mean) {
    }

    /**
     * How often the load went above the plan's capacity in service (units x usable load per unit) in some minute of
     * the horizon. Capacity is in service a warm-up after the plan requests it, a lead time before it is needed.
     *
     * @param low  lower end of the Wilson 95% interval of the probability
     * @param high upper end
     */
    public record Exceedance(int runs, double probability, double low, double high) {
        static Exceedance of(int k, int n) {
            double z = 1.959963984540054;
            double p = (double) k / n;
            double z2 = z * z;
            double denom = 1 + z2 / n;
            double centre = (p + z2 / (2.0 * n)) / denom;
            double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
            return new Exceedance(k, p, Math.max(0, centre - half), Math.min(1, centre + half));
        }
    }

    /**
     * One layer.
     *
     * @param metric            {@code rps} or {@code Gbps}
     * @param peakLoad          peak load of a run (the whole horizon), background included
     * @param units             units that peak needs (usable load per unit, step), before min and max
     * @param plannedPeakLoad   the plan's forecast peak (at the plan's quantile)
     * @param plannedPeakUnits  the most units the plan puts in place (a checked target: its fixed capacity, the layer's max)
     * @param capacityFactor    the share of capacity per unit the what-ifs left the layer (1 = unchanged)
     * @param pricePerUnitHour  NaN when the scenario gives no price for the layer
     * @param planUnitHours     unit-hours of the plan's capacity over the plan's grid, billed from each request
     * @param needUnitHours     unit-hours the run's load needed, over the first {@code needRuns} runs: per minute the
     *                          larger of the layer's min units and its load at the usable rate per unit (the plan
     *                          keeps the same min), no step or lead time (the least a schedule with that min pays)
     * @param planCost          planUnitHours x price (NaN when unpriced)
     * @param needCost          needUnitHours x price (NaN when unpriced)
     * @param needUnitHoursError the standard error of needUnitHours' mean
     * @param peaks             every run's peak load, by run index (for histograms)
     */
    public record LayerResult(String name, String unit, String metric, Quantiles peakLoad, Quantiles units,
                              double plannedPeakLoad, int plannedPeakUnits, double capacityFactor,
                              Exceedance exceeded, double pricePerUnitHour, double planUnitHours,
                              Quantiles needUnitHours, double planCost, Quantiles needCost,
                              double needUnitHoursError, double[] peaks) {
        public boolean priced() {
            return !Double.isNaN(pricePerUnitHour);
        }

        /** The standard error of needCost's mean (NaN when unpriced). */
        public double needCostError() {
            return needUnitHoursError * pricePerUnitHour;
        }
    }

    /**
     * Cost over the priced layers.
     *
     * @param pricedLayers   layers with a price
     * @param unpricedLayers layers without one (left out of the totals)
     * @param plan           the plan's cost (deterministic)
     * @param need           the cost of what each run's load needed (over the first {@code needRuns} runs)
     * @param needError      the standard error of need's mean
     */
    public record Cost(List<String> pricedLayers, List<String> unpricedLayers, double plan, Quantiles need,
                       double needError) {
        public Cost {
            pricedLayers = List.copyOf(pricedLayers);
            unpricedLayers = List.copyOf(unpricedLayers);
        }
    }

    public LayerResult layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }
}
