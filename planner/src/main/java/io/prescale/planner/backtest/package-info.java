/**
 * Backtesting: reads a recorded traffic trace ({@link io.prescale.planner.backtest.TraceReader}, the format is in
 * {@code docs/trace-format.md}) and replays it against a plan's capacity schedule and three baselines computed
 * from the same trace: a reactive target-tracking autoscaler, static provisioning at the trace's peak, and the
 * oracle (exactly the units needed each minute). Pure computation apart from the trace parser reading its file;
 * may not import providers, the CLI or the scheduler.
 */
package io.prescale.planner.backtest;
