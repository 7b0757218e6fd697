package io.prescale.planner.calibrate;

import io.prescale.planner.model.Quantities;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Formats values the way scenario files write them, rounded as calibration rounds them. */
final class Yaml {
    static final MathContext SIGNIFICANT = new MathContext(4);

    private Yaml() {
    }

    /** Rounds to the precision fitted values are written with (4 significant digits). */
    static double round(double v) {
        return round(v, SIGNIFICANT.getPrecision());
    }

    static double round(double v, int digits) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }

    /** Rounds a duration in minutes to whole seconds. */
    static Duration minutes(double m) {
        return Duration.ofSeconds(Math.round(m * 60));
    }

    /** A plain number (no exponent): {@code 5123}, {@code 0.1}, {@code 1234567}. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }

    /** A ratio as a percentage: {@code 0.65 -> 65%}. */
    static String pct(double v) {
        return num(Double.parseDouble(new BigDecimal(v * 100).round(new MathContext(10)).stripTrailingZeros()
                .toPlainString())) + "%";
    }

    static String rate(double rps) {
        return num(rps) + "rps";
    }

    /** A bandwidth in bits per second: {@code 5Mbps}. */
    static String bits(double bps) {
        String[] suffix = {"", "k", "M", "G", "T"};
        int i = 0;
        double v = bps;
        while (Math.abs(v) >= 1000 && i < suffix.length - 1 && v / 1000 == Math.rint(v / 1000 * 1e6) / 1e6) {
            v /= 1000;
            i++;
        }
        return num(v) + suffix[i] + "bps";
    }

    /** {@code 1h30m}, {@code 90s}; ISO-8601 ({@code PT0.5S}) when it has a fraction of a second. */
    static String duration(Duration d) {
        return d.getNano() != 0 ? d.toString() : Quantities.format(d);
    }

    /** A double-quoted YAML string. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
