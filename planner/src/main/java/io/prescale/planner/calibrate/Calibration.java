package io.prescale.planner.calibrate;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.Scenario;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The result of a calibration: the fitted parameters, how well they fit, and the calibrated scenario (the input
 * with its audience, shapes and the fitted layer's background replaced), with the fragments to write.
 *
 * @param events     ids of the events fitted on
 * @param minutes    trace minutes fitted (the union of the events' windows)
 * @param p50        the calibrated base audience's median
 * @param p90        its 90th percentile (log-normal through the slots' spread)
 * @param sigma      the log-normal spread of the slots' scales
 * @param rmsRps     root mean square error of the calibrated median forecast over the fitted minutes
 * @param meanRps    mean real load over the fitted minutes
 * @param header     the comment lines the fragments start with: what was fitted on, and the fit's error
 */
public record Calibration(String scenario, String traceFile, String layer, List<String> events, int minutes,
                          List<FittedParameter> parameters, double p50, double p90, double sigma, List<SlotFit> slots,
                          double rmsRps, double meanRps, int iterations, int evaluations,
                          CalibrationSettings.Weighting weighting, Scenario calibrated, List<String> header,
                          List<Diagnostic> diagnostics) {
    /** Slots a measured spread needs: with fewer, the P90 keeps the scenario's own spread. */
    public static final int SPREAD_SLOTS = 3;

    /** The slots whose audience scale could be measured: the P90's spread is theirs when there are enough. */
    public long measuredSlots() {
        return slots.stream().filter(x -> !Double.isNaN(x.scale())).count();
    }

    public Calibration {
        events = List.copyOf(events);
        parameters = List.copyOf(parameters);
        slots = List.copyOf(slots);
        header = List.copyOf(header);
        diagnostics = List.copyOf(diagnostics);
    }

    public double relativeRms() {
        return rmsRps / meanRps;
    }

    /** Median of the slots' absolute peak errors (in-sample, P50). */
    public double peakErrorMedian() {
        double[] a = slots.stream().mapToDouble(s -> Math.abs(s.peakError())).sorted().toArray();
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    public double peakErrorMax() {
        return Arrays.stream(slots.stream().mapToDouble(s -> Math.abs(s.peakError())).toArray()).max().orElse(Double.NaN);
    }

    /** File name to YAML text: {@code audience.yaml}, {@code shapes.yaml}, {@code layers.yaml}. */
    public Map<String, String> fragments() {
        return FragmentWriter.fragments(calibrated, header);
    }
}
