/**
 * Walk-forward backtests: a tournament replayed as it would have been run, calibrating before each day on what had
 * been recorded by then, planning that day with it and replaying it against every strategy. Pure computation over
 * the planner's calibrate, plan and backtest packages: may not import providers, the CLI or the scheduler.
 */
package io.prescale.planner.walkforward;
