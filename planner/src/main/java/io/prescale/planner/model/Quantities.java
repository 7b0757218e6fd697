package io.prescale.planner.model;

import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the explicit units scenario files use: durations ({@code 15m}, {@code 1h30m}, {@code 90s}, {@code -30m}),
 * counts with SI suffixes ({@code 300k}, {@code 3.2M}), request rates ({@code 400rps}, {@code 1.2Mrps},
 * {@code 200k/s}), bandwidths ({@code 2.5Mbps}, {@code 40Tbps}) and fractions ({@code 20%} or {@code 0.2}).
 * Each method throws {@link IllegalArgumentException} with the expected form so loaders can turn it into a
 * diagnostic. Values are checked here, once, for every field: NaN and infinities are refused (they would pass every
 * later comparison, or saturate, silently), counts, rates and bandwidths must not be negative, and durations are
 * bounded by {@link #MAX_DURATION} so no later arithmetic on them can overflow.
 */
public final class Quantities {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern NUMBER_SUFFIX =
            Pattern.compile("([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*([kKMGBT]?)");
    private static final Pattern RATE = Pattern.compile(
            "([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*([kKMG]?)\\s*(rps|/s|req/s|r/s)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BANDWIDTH = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]?)(bps|bit/s)");

    /**
     * The largest count, rate (per second) or bandwidth (bits per second) a file may give, 10^15: beyond any
     * platform's load or a trace's interval, so a larger value is a typo (9223372036854775807 pasted, a stray
     * exponent), and products of such values with levels and factors stay finite.
     */
    public static final double MAX_MAGNITUDE = 1e15;
    /** The largest ratio (a shape's level, a team, stage or kickoff factor): 1000x, i.e. 100000%. */
    public static final double MAX_RATIO = 1000;
    /** The largest audience estimate: ten billion, more viewers than people on Earth. */
    public static final double MAX_AUDIENCE = 1e10;

    /** The longest duration a scenario may give: a plan, a history or a warm-up beyond it is surely a typo. */
    public static final Duration MAX_DURATION = Duration.ofDays(7300);

    private Quantities() {
    }

    /** A duration such as {@code 15m}, {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code -30m} or ISO {@code PT15M}. */
    public static Duration duration(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a duration with a unit, e.g. 15m, 90s, 1h30m");
        }
        if (s.startsWith("P") || s.startsWith("-P")) {
            Duration d;
            try {
                d = Duration.parse(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration: " + s);
            }
            return bounded(d, text);
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1).strip();
        }
        Matcher m = DURATION_PART.matcher(s);
        int pos = 0;
        // summed in double milliseconds and bounded before it becomes a Duration: 1e20ms must be an error, not a
        // saturated Math.round or an ArithmeticException from plusMillis
        double millis = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            millis += v * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                default -> throw new IllegalStateException(m.group(2));
            };
            pos = m.end();
        }
        if (pos == 0 || pos != s.length()) {
            throw new IllegalArgumentException(
                    "expected a duration with a unit, e.g. 15m, 90s, 1h30m (got \"" + text + "\")");
        }
        if (!(millis <= MAX_DURATION.toMillis())) {
            throw tooLong(text);
        }
        // (not Duration.negated(): it multiplies through BigDecimal, whose static initialiser computes 5^65536 on
        // JDK 25, 20-35 ms of a plan's start; so nothing a plan runs uses negated, multipliedBy or dividedBy)
        long total = Math.round(millis);
        return Duration.ofMillis(negative ? -total : total);
    }

    private static Duration bounded(Duration d, String text) {
        if (d.compareTo(MAX_DURATION) > 0 || d.compareTo(Duration.ZERO.minus(MAX_DURATION)) < 0) {
            throw tooLong(text);
        }
        return d;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("duration \"" + text.strip() + "\" is longer than "
                + MAX_DURATION.toDays() / 365 + " years (at most " + format(MAX_DURATION) + ")");
    }

    /** {@code v} when at most {@code max} ({@link #MAX_MAGNITUDE}, the only limit given here). */
    private static double atMost(double v, double max, String text) {
        if (v > max) {
            throw new IllegalArgumentException("too large: at most 10^15, more than any platform serves (got \""
                    + text.strip() + "\")");
        }
        return v;
    }

    /**
     * {@code v}, parsed from {@code text}, when it is a finite number that is not negative: no count, rate or
     * bandwidth is negative, and 1e309 (infinite once parsed) is a typo, not a very large value.
     */
    private static double finiteNonNegative(double v, String text) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("must be a finite number (got \"" + text.strip() + "\")");
        }
        if (v < 0) {
            throw new IllegalArgumentException("must not be negative (got \"" + text.strip() + "\")");
        }
        return v;
    }

    /** A finite number: NaN or an infinity, which Java parses, are never what a scenario means. */
    public static double finite(double v, String text) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("must be a finite number (got \"" + text.strip() + "\")");
        }
        return v;
    }

    /** A plain number ({@code 1.5}, {@code -2}, {@code 1e3}); NaN, infinities and magnitudes past 10^15 are refused. */
    public static double number(String text) {
        String s = text.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number (got \"" + text + "\")");
        }
        atMost(Math.abs(finite(v, text)), MAX_MAGNITUDE, text);
        return v;
    }

    /** A whole count that fits an int ({@code 40}, {@code 2k}); negative or larger than an int holds is an error. */
    public static int wholeCount(String text) {
        double v = unboundedCount(text); // above an int is said as such, before the count's own limit
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too large: at most " + Integer.MAX_VALUE + " (got \"" + text.strip()
                    + "\")");
        }
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException("expected a whole number (got \"" + text.strip() + "\")");
        }
        return (int) v;
    }

    /** A plain count, optionally with an SI suffix: {@code 300k}, {@code 3.2M}, {@code 1.5B} (or G), {@code 2T}. */
    public static double count(String text) {
        return atMost(unboundedCount(text), MAX_MAGNITUDE, text);
    }

    /**
     * An audience estimate: a {@link #count} of at most {@link #MAX_AUDIENCE} (a plan for more viewers than there
     * are people is a typo, and its load would be planned as the layers' max without a word).
     */
    public static double audience(String text) {
        double v = unboundedCount(text);
        if (v > MAX_AUDIENCE) {
            throw new IllegalArgumentException("too large for an audience: at most 10B viewers, more than there are "
                    + "people (got \"" + text.strip() + "\")");
        }
        return v;
    }

    private static double unboundedCount(String text) {
        String s = text.strip().replace("_", "");
        Matcher m = NUMBER_SUFFIX.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number, optionally with k, M or B, e.g. 300k or 3.2M (got \""
                    + text + "\")");
        }
        return finiteNonNegative(Double.parseDouble(m.group(1)) * multiplier(m.group(2)), text);
    }

    /** A request rate in requests per second: {@code 400rps}, {@code 1.2Mrps}, {@code 200k/s}. */
    public static double rate(String text) {
        Matcher m = RATE.matcher(text.strip().replace("_", ""));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a rate with a unit, e.g. 400rps or 1.2Mrps (got \"" + text + "\")");
        }
        return atMost(finiteNonNegative(Double.parseDouble(m.group(1)) * multiplier(m.group(2)), text), MAX_MAGNITUDE,
                text);
    }

    /** A bandwidth, returned in bits per second: {@code 2.5Mbps}, {@code 150Gbps}, {@code 40Tbps}. */
    public static double bitsPerSecond(String text) {
        Matcher m = BANDWIDTH.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a bandwidth with a unit, e.g. 2.5Mbps or 150Gbps (got \"" + text + "\")");
        }
        return atMost(finiteNonNegative(Double.parseDouble(m.group(1)) * multiplier(m.group(2)), text), MAX_MAGNITUDE,
                text);
    }

    /** A fraction: {@code 20%} or a number from 0 to 1. */
    public static double fraction(String text) {
        String s = text.strip();
        try {
            if (s.endsWith("%")) {
                return finite(Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100.0, text);
            }
            double v = finite(Double.parseDouble(s), text);
            if (v > 1.0) {
                throw new IllegalArgumentException(
                        "a fraction above 1 is ambiguous: write it as a percentage, e.g. 20% (got \"" + text + "\")");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a fraction such as 20% or 0.2 (got \"" + text + "\")");
        }
    }

    /** A non-negative ratio: {@code 120%} or {@code 1.2}; unlike {@link #fraction} it may exceed 1. */
    public static double ratio(String text) {
        String s = text.strip();
        try {
            double v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100.0
                    : s.endsWith("x") ? Double.parseDouble(s.substring(0, s.length() - 1).strip())
                    : Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("expected a finite ratio such as 80%, 0.8 or 2x (got \"" + text + "\")");
            }
            if (v < 0) {
                throw new IllegalArgumentException("must not be negative (got \"" + text + "\")");
            }
            if (v > MAX_RATIO) {
                throw new IllegalArgumentException("too large: a level or factor is at most 1000x (100000%) (got \""
                        + text.strip() + "\")");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a ratio such as 80%, 0.8 or 2x (got \"" + text + "\")");
        }
    }

    private static double multiplier(String suffix) {
        return switch (suffix) {
            case "" -> 1;
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            case "G", "B" -> 1e9;
            case "T" -> 1e12;
            default -> throw new IllegalArgumentException("unknown suffix " + suffix);
        };
    }

    /** Human form of a duration, as users write them: {@code 1h30m}, {@code 90s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = Duration.ZERO.minus(d);
        }
        long days = d.toDays();
        long h = d.toHoursPart();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0 || sb.length() == 0 || (sb.length() == 1 && sb.charAt(0) == '-')) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    /** A compact human number: {@code 1.2M}, {@code 312k}, {@code 950}. */
    public static String human(double v) {
        return human(v, Quantities::trim);
    }

    /**
     * {@code v} scaled to the suffix {@link #human(double)} gives it (T, G, M, and k from 10,000), the scaled figure
     * written by {@code digits}: a chart's axis rounds its own way but names magnitudes as the tables do.
     */
    public static String human(double v, DoubleFunction<String> digits) {
        double a = Math.abs(v);
        if (a >= 1e12) {
            return digits.apply(v / 1e12) + "T";
        }
        if (a >= 1e9) {
            return digits.apply(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return digits.apply(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return digits.apply(v / 1e3) + "k";
        }
        return digits.apply(v);
    }

    private static String trim(double v) {
        return trimmed(v, Math.abs(v) >= 100 ? 0 : 2);
    }

    /** {@code v} with at most {@code places} decimals, as {@code %.Nf} writes it, less trailing zeros and point. */
    public static String trimmed(double v, int places) {
        String s = fixed(v, places);
        if (places == 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, s.charAt(end - 1) == '.' ? end - 1 : end);
    }

    /**
     * {@code v} with {@code places} decimals (0 to 9) exactly as {@code String.format(Locale.ROOT, "%.Nf", v)}
     * writes it: the shortest decimal that reads back as {@code v} (Double.toString's), rounded half up. Without
     * Formatter, whose first floating-point format costs 7-13 ms of a plan's start, when the JVM has not compiled
     * it yet; {@code QuantitiesTest} checks it against Formatter.
     */
    public static String fixed(double v, int places) {
        if (places < 0 || places > 9) {
            throw new IllegalArgumentException("places " + places);
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v); // as Formatter: NaN, Infinity, -Infinity
        }
        String s = Double.toString(Math.abs(v)); // 123.45, 1.0E7, 1.5E-5
        int e = s.indexOf('E');
        int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
        int dot = s.indexOf('.');
        int end = e < 0 ? s.length() : e;
        // the value is 0.DIGITS times 10^point
        StringBuilder digits = new StringBuilder(end + 12).append(s, 0, dot).append(s, dot + 1, end);
        int point = dot + exp;
        if (point < 0) {
            digits.insert(0, "0".repeat(-point));
            point = 0;
        }
        int keep = point + places;
        boolean up = keep < digits.length() && digits.charAt(keep) >= '5';
        while (digits.length() < keep) {
            digits.append('0');
        }
        digits.setLength(keep);
        if (up) {
            int i = keep - 1;
            while (i >= 0 && digits.charAt(i) == '9') {
                digits.setCharAt(i--, '0');
            }
            if (i >= 0) {
                digits.setCharAt(i, (char) (digits.charAt(i) + 1));
            } else {
                digits.insert(0, '1');
                point++;
            }
        }
        int lead = 0;
        while (lead < point - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        StringBuilder out = new StringBuilder(digits.length() + 3);
        if (Math.copySign(1.0, v) < 0) {
            out.append('-');
        }
        if (point == 0) {
            out.append('0');
        } else {
            out.append(digits, lead, point);
        }
        if (places > 0) {
            out.append('.').append(digits, point, point + places);
        }
        return out.toString();
    }
}
