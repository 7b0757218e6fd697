package io.prescale.cli;

import io.prescale.planner.model.Quantities;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Option value converters shared by commands. */
final class Options {
    private Options() {
    }

    /** An instant with an offset: {@code 2026-06-12T18:00Z} or {@code 2026-06-12T20:00+02:00}. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            Instant at = parse(value);
            try {
                return io.prescale.planner.config.Kickoffs.inYears(at.atZone(java.time.ZoneOffset.UTC), "instant", value)
                        .toInstant();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }

        private static Instant parse(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e2) {
                    throw new CommandLine.TypeConversionException(
                            "'" + value + "' is not an instant with an offset, e.g. 2026-06-12T18:00Z");
                }
            }
        }
    }

    /** A quantile: {@code p90}, {@code p99} or {@code 0.9}. */
    static final class QuantileConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String t = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                double q = t.startsWith("p") ? Double.parseDouble(t.substring(1)) / 100.0 : Quantities.fraction(t);
                if (q <= 0 || q >= 1) {
                    throw new CommandLine.TypeConversionException("a quantile must be between p1 and p99.9");
                }
                return q;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a quantile such as p90 or 0.9");
            }
        }
    }
}
