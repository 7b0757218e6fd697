package io.prescale.cli.chart;

import io.prescale.planner.model.Quantities;

/** Short axis numbers: {@code 950}, {@code 12.5k}, {@code 1.2M}, {@code 0.25}. */
final class AxisLabels {
    private AxisLabels() {
    }

    static String compact(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        return Quantities.human(v, AxisLabels::digits);
    }

    /** At most three significant digits after the point, no trailing zeros: 1,000 reads 1000, 1,500 reads 1500. */
    private static String digits(double v) {
        double a = Math.abs(v);
        String s = Quantities.trimmed(v, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
        return s.equals("-0") ? "0" : s;
    }

    /** The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x a power of ten) at or above {@code v}. */
    static double niceCeil(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
