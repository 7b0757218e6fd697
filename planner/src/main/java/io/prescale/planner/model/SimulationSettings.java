package io.prescale.planner.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How a scenario is simulated ({@code simulation:}, {@code prices:} and {@code whatIf:} in prescale.yaml).
 *
 * @param goalsPer90    mean goals per 90 minutes of play (Poisson); goal minutes are uniform over the minutes of play
 * @param extraTime     probability that a knockout match goes to extra time
 * @param penalties     probability that a knockout match that went to extra time goes to penalties
 * @param adBreakJitter each ad break starts up to this much earlier or later (whole minutes, uniform)
 * @param prices        price per unit-hour by layer name or by unit kind ({@code instances}, {@code lcu}, ...)
 * @param whatIfs       named sets of what-if overrides, selected with {@code --what-if NAME}
 */
public record SimulationSettings(double goalsPer90, double extraTime, double penalties, Duration adBreakJitter,
                                 Map<String, Double> prices, Map<String, List<WhatIf>> whatIfs) {
    public static final SimulationSettings DEFAULT =
            new SimulationSettings(2.7, 0.3, 0.5, Duration.ofMinutes(2), Map.of(), Map.of());

    public SimulationSettings {
        prices = prices == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        Map<String, List<WhatIf>> w = new LinkedHashMap<>();
        if (whatIfs != null) {
            whatIfs.forEach((k, v) -> w.put(k, List.copyOf(v)));
        }
        whatIfs = java.util.Collections.unmodifiableMap(w);
    }

    /** The price per unit-hour of a layer: by its name, else by its unit kind; empty when neither is priced. */
    public OptionalDouble priceFor(Layer l) {
        Double p = prices.get(l.name());
        if (p == null) {
            p = prices.get(l.unit().id());
        }
        return p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
    }

    public SimulationSettings withOutcomes(double newGoalsPer90, double newExtraTime, double newPenalties,
                                           Duration newJitter) {
        return new SimulationSettings(newGoalsPer90, newExtraTime, newPenalties, newJitter, prices, whatIfs);
    }
}
