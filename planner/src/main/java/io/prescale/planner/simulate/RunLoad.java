package io.prescale.planner.simulate;

/**
 * One run's figures for one layer.
 *
 * @param peak        highest load in any minute (rps or Gbps), background included
 * @param exceeded    whether the load in some minute was above the plan's capacity in that minute
 * @param loadMinutes the load summed over the minutes of the plan's grid
 * @param neededLoadMinutes the same with each minute raised to the layer's floor (its min units at the usable load
 *                    per unit), as the plan's capacity is: what the cost of need is priced from
 */
record RunLoad(double peak, boolean exceeded, double loadMinutes, double neededLoadMinutes) {
}
