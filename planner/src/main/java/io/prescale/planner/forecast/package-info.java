/**
 * Forecasting: turns each event's audience (its planned quantile, shaped over time, for every outcome the event
 * may have) into load per layer per minute, term by term, and sums overlapping events on shared layers.
 * Pure computation: no I/O, no clock.
 */
package io.prescale.planner.forecast;
