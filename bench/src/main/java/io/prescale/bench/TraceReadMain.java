package io.prescale.bench;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Reads one recorded trace and prints its wall time and peak heap, for {@code scripts/bench-trace} (one JVM per
 * trace, so each peak is its own):
 * <pre>
 * java -cp bench/target/benchmarks.jar io.prescale.bench.TraceReadMain generate minute|second ROWS FILE
 * java -cp bench/target/benchmarks.jar io.prescale.bench.TraceReadMain read FILE
 * </pre>
 * {@code read} prints {@code seconds peak-heap-MB minutes}: the best of three timed reads after one that warms the
 * JIT, and the highest heap in use over the timed ones, as the JVM's memory pools recorded it.
 */
public final class TraceReadMain {
    private TraceReadMain() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "generate" -> generate(args[1], Long.parseLong(args[2]), Path.of(args[3]));
            case "read" -> read(Path.of(args[1]));
            default -> throw new IllegalArgumentException("generate or read, not " + args[0]);
        }
    }

    /** Per-minute rows with ISO timestamps (as exports write them), per-second rows with epoch seconds. */
    private static void generate(String grain, long rows, Path file) throws IOException {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            if (grain.equals("minute")) {
                w.write("minute_utc,requests\n");
                for (long i = 0; i < rows; i++) {
                    w.write(start.plusSeconds(60 * i).toString());
                    w.write(',');
                    w.write(Long.toString(60_000 + (i * 7919) % 30_000));
                    w.write('\n');
                }
            } else {
                w.write("timestamp,requests\n");
                long s = start.getEpochSecond();
                for (long i = 0; i < rows; i++) {
                    w.write(Long.toString(s + i));
                    w.write(',');
                    w.write(Long.toString(1_000 + (i * 7919) % 500));
                    w.write('\n');
                }
            }
        }
    }

    private static void read(Path file) {
        Trace t = TraceReader.load(file); // warm-up
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        double seconds = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long t0 = System.nanoTime();
            t = TraceReader.load(file);
            seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%.3f %.1f %d%n", seconds, peak / 1048576.0, t.length());
    }
}
