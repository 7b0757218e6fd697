package io.prescale.providers.metrics;

import io.prescale.providers.spi.ProviderDiagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts timestamped values on the per-minute grid of a query and drops what cannot be load: NaN and infinities,
 * negative values, values above the query's ceiling, samples outside the range. Each kind of problem is reported
 * once per read with how many samples it hit, so a broken exporter is one line, not thousands.
 */
public final class Samples {
    private final MetricQuery query;
    private final String resource;
    private final double[] values;
    private int nan;
    private int negative;
    private int absurd;
    private int future;

    public Samples(MetricQuery query, String resource) {
        this.query = query;
        this.resource = resource;
        this.values = new double[query.minutes()];
        java.util.Arrays.fill(values, Double.NaN);
    }

    /** One sample at epoch second {@code second} (the last sample within a minute wins). */
    public void add(long second, double v, long nowSecond) {
        add(second, v, nowSecond, 1);
    }

    /** One sample that stands for {@code minutes} minutes from {@code second} (a period longer than a minute). */
    public void add(long second, double v, long nowSecond, int minutes) {
        if (second > nowSecond + 120) {
            future++;
            return;
        }
        long first = Math.floorDiv(second, 60);
        if (first + Math.max(1, minutes) <= query.fromMinute() || first >= query.toMinute()) {
            return;
        }
        if (!Double.isFinite(v)) {
            nan++;
            return;
        }
        if (v < 0) {
            negative++;
            return;
        }
        if (v > query.ceiling()) {
            absurd++;
            return;
        }
        for (long minute = first; minute < first + Math.max(1, minutes); minute++) {
            if (minute >= query.fromMinute() && minute < query.toMinute()) {
                values[(int) (minute - query.fromMinute())] = v;
            }
        }
    }

    public MetricRead done(List<ProviderDiagnostic> more) {
        List<ProviderDiagnostic> d = new ArrayList<>(more);
        if (nan > 0) {
            d.add(ProviderDiagnostic.warning(resource, nan + " sample(s) NaN or infinite: dropped", "a rate over an "
                    + "empty range or a division by zero in the query"));
        }
        if (negative > 0) {
            d.add(ProviderDiagnostic.warning(resource, negative + " negative sample(s): dropped", "a load is never "
                    + "negative; a counter reset or a wrong query"));
        }
        if (absurd > 0) {
            d.add(ProviderDiagnostic.warning(resource, absurd + " sample(s) above "
                    + String.format(Locale.ROOT, "%.0f", query.ceiling()) + ": dropped as absurd",
                    "check the query's unit (per second, not per minute or per hour)"));
        }
        if (future > 0) {
            d.add(ProviderDiagnostic.warning(resource, future + " sample(s) more than 2 minutes in the future: "
                    + "dropped", "the source's clock is ahead of this machine's; fix NTP on one of them"));
        }
        return new MetricRead(query.layer(), query.fromMinute(), values, d);
    }
}
