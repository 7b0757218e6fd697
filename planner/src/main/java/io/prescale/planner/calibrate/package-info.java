/**
 * Calibration: fits the audience and shape parameters that best explain a recorded trace (least squares with
 * Commons Math's Levenberg-Marquardt optimizer, through the forecaster itself) and writes them back as scenario
 * fragments ({@code audience:}, {@code shapes:} and {@code layers:} sections) that the scenario loader reads.
 * Pure computation: the caller reads the trace and writes the files. May not import providers, the CLI or the
 * scheduler.
 */
package io.prescale.planner.calibrate;
