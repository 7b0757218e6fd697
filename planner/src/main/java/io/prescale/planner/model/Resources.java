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
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String suffix = s.substring(i);
        long factor = switch (suffix) {
            case "" -> 1L;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> throw new IllegalArgumentException("unknown memory suffix '" + suffix
                    + "' (use Ki, Mi, Gi, Ti, k, M, G, T or plain bytes, e.g. 1Gi)");
        };
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
