package io.prescale.planner.backtest;

/**
 * How far a forecast's peak was from the real one, over a set of slots (events with the same window count once:
 * simultaneous matches are one slot). Errors are relative to the real peak: {@code (forecast - real) / real}.
 *
 * @param quantile the audience quantile forecast (0.5: the median forecast; the plan's quantile: what it sized for)
 */
public record PeakError(double quantile, int slots, double medianAbsolute, double maxAbsolute, double medianSigned) {

    static PeakError of(double quantile, java.util.List<Double> errors) {
        if (errors.isEmpty()) {
            return new PeakError(quantile, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] abs = errors.stream().mapToDouble(Math::abs).sorted().toArray();
        double[] signed = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new PeakError(quantile, errors.size(), median(abs), abs[abs.length - 1], median(signed));
    }

    /** The median of sorted values (at least one). */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
