/**
 * Metric sources for the live controller: what a layer's load really is during an event, per minute. One small
 * interface ({@link io.prescale.providers.metrics.MetricSource}) with a Prometheus HTTP API source, an Amazon
 * CloudWatch {@code GetMetricData} source and a trace-file source (replays and tests). Every read reports what was
 * wrong with the series (nothing, several series, NaN, negative or absurd values, a clock far from ours) as
 * diagnostics beside the cleaned samples, and never throws for an integration failure. May import the planner
 * (model, backtest trace reader) and {@code providers.aws} for CloudWatch, whose source it creates through
 * {@code providers.apply.CloudClasses} (the AWS SDK is off an installed prescale's class path); not the CLI or the
 * scheduler.
 */
package io.prescale.providers.metrics;
