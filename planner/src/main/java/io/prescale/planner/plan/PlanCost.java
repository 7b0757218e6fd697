package io.prescale.planner.plan;

import io.prescale.planner.model.Layer;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.sizing.LayerSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the plan costs over its horizon, from the scenario's {@code prices:} (per unit-hour, by layer name or unit
 * kind), against keeping the baseline (the capacity observed when planning) for the same horizon. A unit is paid
 * for from the minute it is requested, warm-up and lead time included, to the minute it is released, as clouds
 * bill booting instances. A layer with no price is listed with its unit-hours and a cost of 0, marked unpriced.
 *
 * @param from          the planning instant: cost is counted from here
 * @param until         the end of the horizon
 * @param layers        each layer's unit-hours and cost, planned and at the baseline
 * @param planTotal     the priced layers' planned cost
 * @param baselineTotal the priced layers' cost at the baseline
 */
public record PlanCost(Instant from, Instant until, List<LayerCost> layers, double planTotal, double baselineTotal) {

    public PlanCost {
        layers = List.copyOf(layers);
    }

    /**
     * One layer.
     *
     * @param priced            whether the scenario prices the layer or its unit kind
     * @param price             per unit-hour (0 unpriced)
     * @param unitHours         units requested, summed over the horizon's minutes, in hours
     * @param cost              unitHours x price
     * @param baselineUnitHours the observed units kept for the whole horizon, in hours
     * @param baselineCost      baselineUnitHours x price
     */
    public record LayerCost(String layer, String unit, boolean priced, double price, double unitHours, double cost,
                            double baselineUnitHours, double baselineCost) {
    }

    /** Whether any layer has a price: without one there is nothing to say in money. */
    public boolean priced() {
        return layers.stream().anyMatch(LayerCost::priced);
    }

    /**
     * The cost of the schedules from grid index {@code atIndex} to their end.
     *
     * @param gridStart the instant of grid index 0
     */
    static PlanCost of(List<LayerSchedule> schedules, SimulationSettings prices, Instant gridStart, int atIndex) {
        List<LayerCost> out = new ArrayList<>();
        double plan = 0;
        double baseline = 0;
        int minutes = 0;
        for (LayerSchedule s : schedules) {
            Layer l = s.forecast().layer();
            int[] requested = s.requested();
            long unitMinutes = 0;
            for (int i = Math.max(0, atIndex); i < requested.length; i++) {
                unitMinutes += requested[i];
            }
            minutes = Math.max(minutes, requested.length - Math.max(0, atIndex));
            double unitHours = unitMinutes / 60.0;
            double baseHours = (double) s.observed() * Math.max(0, requested.length - Math.max(0, atIndex)) / 60.0;
            OptionalDouble price = prices.priceFor(l);
            double p = price.orElse(0);
            out.add(new LayerCost(l.name(), l.unit().id(), price.isPresent(), p, unitHours, unitHours * p, baseHours,
                    baseHours * p));
            plan += unitHours * p;
            baseline += baseHours * p;
        }
        Instant from = gridStart.plus(Duration.ofMinutes(Math.max(0, atIndex)));
        return new PlanCost(from, from.plus(Duration.ofMinutes(minutes)), out, plan, baseline);
    }
}
