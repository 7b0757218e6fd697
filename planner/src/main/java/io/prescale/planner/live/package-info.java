/**
 * The live controller: during an event it compares what a metric source observed with what the forecast expected,
 * updates the audience and background estimates (a Gaussian update whose prior is the plan's audience
 * distribution), re-forecasts the rest of the event with the same shape, and asks for the capacity that covers the
 * re-forecast's upper quantile over the layer's scale-up time, as a ladder that rises during the event and never
 * goes below the saved plan. Pure computation: time comes in as epoch minutes, observations as arrays; may not
 * import providers, the CLI or the scheduler. The backtest's {@code live} strategy and {@code prescale watch}
 * drive the same {@link io.prescale.planner.live.LiveController}.
 */
package io.prescale.planner.live;
