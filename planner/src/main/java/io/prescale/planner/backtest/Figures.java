package io.prescale.planner.backtest;

import java.util.OptionalDouble;

/**
 * How one capacity strategy fared against the trace over a span of minutes. Capacity serves
 * {@code units x usablePerUnit} rps (the layer's headroom kept), the yardstick the plan was sized on.
 *
 * @param minutes                    minutes replayed
 * @param underProvisionedMinutes    minutes whose real load exceeded the serving capacity
 * @param requestsAboveCapacity      requests beyond the serving capacity, summed over those minutes
 * @param saturatedMinutes           minutes whose real load exceeded even the units' full rate (headroom used up)
 * @param overProvisionedUnitMinutes unit-minutes paid for beyond what the oracle needed (units running, warming
 *                                   ones included, minus units needed; never below 0 in a minute)
 * @param unitMinutes                unit-minutes paid for (units running, warming ones included)
 * @param peakUnits                  most units running at once
 * @param cost                       {@code unitMinutes / 60 x price per unit-hour}, when the layer has a price
 */
public record Figures(int minutes, int underProvisionedMinutes, double requestsAboveCapacity, int saturatedMinutes,
                      double overProvisionedUnitMinutes, double unitMinutes, int peakUnits, OptionalDouble cost) {

    public double unitHours() {
        return unitMinutes / 60.0;
    }

    /** Figures of {@code running}/{@code serving} units against {@code rps} over the minutes marked in {@code span}. */
    static Figures of(double[] rps, int[] needed, int[] serving, int[] running, boolean[] span, double usablePerUnit,
                      double perUnit, OptionalDouble price) {
        int under = 0;
        int saturated = 0;
        double above = 0;
        double over = 0;
        double unitMinutes = 0;
        int peak = 0;
        int minutes = 0;
        for (int i = 0; i < rps.length; i++) {
            if (!span[i]) {
                continue;
            }
            minutes++;
            double cap = serving[i] * usablePerUnit;
            if (rps[i] > cap + 1e-9) {
                under++;
                above += (rps[i] - cap) * 60;
            }
            if (rps[i] > serving[i] * perUnit + 1e-9) {
                saturated++;
            }
            over += Math.max(0, running[i] - needed[i]);
            unitMinutes += running[i];
            peak = Math.max(peak, running[i]);
        }
        double um = unitMinutes;
        OptionalDouble cost = price.isPresent() ? OptionalDouble.of(um / 60.0 * price.getAsDouble()) : OptionalDouble.empty();
        return new Figures(minutes, under, above, saturated, over, unitMinutes, peak, cost);
    }
}
