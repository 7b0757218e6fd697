package io.prescale.planner.model;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * CPU and memory, as a container requests them and a machine offers them: {@code milliCpu} in thousandths of a
 * core, {@code memoryBytes} in bytes. Written in the quantity syntax container schedulers use: CPU as {@code 500m}
 * or {@code 2} or {@code 1.5}, memory as {@code 1Gi}, {@code 600Mi}, {@code 2G} or plain bytes.
 */
public record Resources(long milliCpu, long memoryBytes) {
    /**
     * The most CPU (a million cores) and memory (1024Ti) one pod or node may be given: far past any machine, and
     * small enough that sums and products over a plan's nodes stay within a long.
     */
    static final long MAX_MILLI_CPU = 1_000_000_000L;
    static final long MAX_MEMORY_BYTES = 1L << 50;

    public Resources {
        if (milliCpu < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("resources must not be negative: " + milliCpu + "m, " + memoryBytes);
        }
    }

    public Resources minus(Resources o) {
        return new Resources(Math.max(0, milliCpu - o.milliCpu), Math.max(0, memoryBytes - o.memoryBytes));
    }

    /** {@code 500m} or {@code 2} (cores); a value finer than a thousandth of a core is refused. */
    public static long milliCpu(String text) {
        String s = text.strip();
        boolean milli = s.endsWith("m");
        long quick = plainScaled(milli ? s.substring(0, s.length() - 1) : s, milli ? 0 : 3);
        return quick >= 0 && quick <= MAX_MILLI_CPU ? quick : milliCpuExact(text);
    }

    /**
     * {@link #milliCpu} in exact decimals, for what the quick path leaves (an exponent, a fraction of a millicore,
     * a value too large, a typo): BigDecimal's set-up costs 20-35 ms of a plan's start on JDK 25 (its static
     * initialiser computes 5^65536), so the usual {@code 500m} or {@code 1.5} does without it.
     */
    static long milliCpuExact(String text) {
        String s = text.strip();
        BigDecimal cores;
        try {
            cores = s.endsWith("m") ? new BigDecimal(s.substring(0, s.length() - 1)).movePointLeft(3)
                    : new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected CPU as cores or millicores (e.g. 500m, 2, 1.5), got '"
                    + text + "'");
        }
        try {
            BigDecimal milli = cores.movePointRight(3);
            if (milli.signum() < 0 || milli.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("expected CPU as whole millicores, not negative (e.g. 500m, 2, 1.5), "
                        + "got '" + text + "'");
            }
            if (milli.compareTo(BigDecimal.valueOf(MAX_MILLI_CPU)) > 0) {
                throw new ArithmeticException();
            }
            return milli.longValueExact();
        } catch (ArithmeticException e) {
            // 1e308 cores overflowed a long (an exception's name with exit 3): a typo, said at its line
            throw new IllegalArgumentException("too large: CPU is at most a million cores (1000000000m), got '"
                    + text + "'");
        }
    }

    /** {@code 1Gi}, {@code 600Mi}, {@code 2G}, {@code 512k} or plain bytes. */
    public static long memoryBytes(String text) {
        String s = text.strip();
        int i = s.length();
        while (i > 0 && Character.isLetter(s.charAt(i - 1))) {
            i--;
        }
        long factor = memoryFactor(s.substring(i));
        String number = s.substring(0, i);
        int point = number.indexOf('.');
        int scale = point < 0 ? 0 : number.length() - point - 1;
        long unscaled = factor < 0 ? -1 : plainScaled(number, scale);
        if (unscaled >= 0 && scale <= 6 && unscaled <= MAX_MEMORY_BYTES) {
            long pow = POWERS_OF_TEN[scale];
            long whole = unscaled / pow;
            long frac = unscaled % pow;
            // whole * factor + ceil(frac * factor / pow), each within a long: unscaled and factor are bounded
            if (whole <= MAX_MEMORY_BYTES / factor) {
                long bytes = whole * factor + Math.ceilDiv(frac * factor, pow);
                if (bytes <= MAX_MEMORY_BYTES) {
                    return bytes;
                }
            }
        }
        return memoryBytesExact(text);
    }

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    /**
     * A plain decimal ({@code 12}, {@code 1.5}: digits, at most one point between digits) times 10^shift when that
     * is a whole number of at most 15 digits; else -1, for the exact path (an exponent, a sign, a fraction left).
     */
    static long plainScaled(String s, int shift) {
        int n = s.length();
        if (n == 0 || n > 15 || shift > 9) {
            return -1;
        }
        long value = 0;
        int point = -1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.' && point < 0 && i > 0 && i < n - 1) {
                point = i;
            } else if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            } else {
                return -1;
            }
        }
        int scale = point < 0 ? 0 : n - point - 1;
        if (scale <= shift) {
            return value * POWERS_OF_TEN[shift - scale];
        }
        long pow = POWERS_OF_TEN[Math.min(scale - shift, 9)];
        return scale - shift <= 9 && value % pow == 0 ? value / pow : -1;
    }

    /** {@link #memoryBytes} in exact decimals, for what the quick path leaves (see {@link #milliCpuExact}). */
    /** Bytes in one unit of a Kubernetes memory suffix ({@code Gi}, {@code M}, none), or -1 for any other. */
    private static long memoryFactor(String suffix) {
        return switch (suffix) {
            case "" -> 1L;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> -1L;
        };
    }

    static long memoryBytesExact(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String suffix = s.substring(i);
        long factor = memoryFactor(suffix);
        if (factor < 0) {
            throw new IllegalArgumentException("unknown memory suffix '" + suffix
                    + "' (use Ki, Mi, Gi, Ti, k, M, G, T or plain bytes, e.g. 1Gi)");
        }
        BigDecimal bytes;
        try {
            bytes = new BigDecimal(s.substring(0, i)).multiply(BigDecimal.valueOf(factor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected memory such as 1Gi, 600Mi or 2G, got '" + text + "'");
        }
        if (bytes.compareTo(BigDecimal.valueOf(MAX_MEMORY_BYTES)) > 0) {
            throw new IllegalArgumentException("too large: memory is at most 1024Ti, got '" + text + "'");
        }
        return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** CPU as written back: {@code 3920m} or {@code 4}. */
    public static String formatCpu(long milli) {
        return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
    }

    /** Memory as written back, in the largest binary unit that divides it ({@code 14Gi}, {@code 600Mi}). */
    public static String formatMemory(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        for (int k = 0; k < units.length; k++) {
            long f = 1L << (10 * (4 - k));
            if (bytes >= f && bytes % f == 0) {
                return bytes / f + units[k];
            }
        }
        return Long.toString(bytes);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "cpu %s, memory %s", formatCpu(milliCpu), formatMemory(memoryBytes));
    }
}
