package io.prescale.providers.metrics;

import io.prescale.providers.spi.ProviderDiagnostic;
import java.util.List;

/**
 * Samples per minute from {@code fromMinute}, NaN where the source had none (or one that was dropped), with what
 * was wrong. A read that failed altogether has every sample NaN and an error diagnostic.
 */
public record MetricRead(String layer, long fromMinute, double[] values, List<ProviderDiagnostic> diagnostics) {
    /** 30 days of minutes: more per read is a mistake (and Prometheus refuses 11,000 points per series). */
    public static final int MAX_MINUTES = 30 * 24 * 60;

    public MetricRead {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean failed() {
        return diagnostics.stream().anyMatch(d -> d.severity() == io.prescale.planner.diag.Severity.ERROR);
    }

    /** The index of the newest valid sample, or -1. */
    public int newest() {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
