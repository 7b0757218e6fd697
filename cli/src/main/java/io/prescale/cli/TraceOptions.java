package io.prescale.cli;

import io.prescale.planner.model.Quantities;
import java.time.Duration;
import picocli.CommandLine;

/** Value converters of the trace commands ({@code backtest}, {@code calibrate}). */
final class TraceOptions {
    private TraceOptions() {
    }

    /** A duration with a unit: {@code 3m}, {@code 90s}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Quantities.duration(value);
                if (d.isNegative()) {
                    throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** A duration longer than zero: a half-life of 0s weighed every match by 0 (an internal error). */
    static final class LongerThanZeroConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = new DurationConverter().convert(value);
            if (d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return d;
        }
    }

    /** A fraction: {@code 70%} or {@code 0.7}. */
    static final class FractionConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double f = Quantities.fraction(value);
                if (f <= 0 || f > 1) {
                    throw new CommandLine.TypeConversionException("'" + value + "' must be above 0% and at most 100%");
                }
                return f;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }
}
