package io.prescale.providers.cdn;

import java.util.Locale;

/** Numbers as reports show them: {@code 1,800}, {@code 812.5}, {@code 20%}. */
final class Amounts {
    private Amounts() {
    }

    /** Whole numbers with thousands separators; one decimal when the value has a visible fraction. */
    static String format(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == Math.rint(r)) {
            return String.format(Locale.ROOT, "%,d", (long) r);
        }
        return String.format(Locale.ROOT, "%,.1f", r);
    }

    static String percent(double fraction) {
        return format(fraction * 100) + "%";
    }

    /** Rounds away floating-point noise ({@code 3000 * 0.8 = 2400.0000000000005}) before comparing. */
    static double clean(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
