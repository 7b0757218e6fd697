package io.prescale.providers.metrics;

import io.prescale.planner.model.LiveConfig;
import io.prescale.providers.apply.CloudClasses;
import io.prescale.providers.aws.CloudWatchSource;
import io.prescale.providers.spi.ProviderConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Builds the metric source a scenario's {@code live.observe} entry names (validated when the scenario loaded). */
public final class MetricSources {
    /** Minutes per source read: Prometheus answers at most 11,000 points per series. */
    static final int READ_CHUNK = 10_000;

    private MetricSources() {
    }

    /**
     * A long stretch of one layer's samples, {@code [from, to)}, read in chunks the source accepts: every sample
     * (NaN where none) and every chunk's diagnostics, so a failed chunk leaves its minutes NaN and says why.
     */
    public static MetricRead readRange(MetricSource source, String layer, long from, long to, double ceiling,
                                       java.time.Duration timeout) {
        double[] values = new double[(int) (to - from)];
        java.util.Arrays.fill(values, Double.NaN);
        java.util.List<io.prescale.providers.spi.ProviderDiagnostic> diagnostics = new java.util.ArrayList<>();
        for (long a = from; a < to; a += READ_CHUNK) {
            long b = Math.min(to, a + READ_CHUNK);
            MetricRead r = source.read(new MetricQuery(layer, a, b, ceiling, timeout));
            System.arraycopy(r.values(), 0, values, (int) (a - from), (int) (b - a));
            diagnostics.addAll(r.diagnostics());
        }
        return new MetricRead(layer, from, values, diagnostics);
    }

    /**
     * @param scenarioDir where relative trace paths are resolved
     * @param config      clock, environment (for credentials), AWS settings and {@code --endpoint-url}
     */
    public static MetricSource of(LiveConfig.Observe o, Path scenarioDir, ProviderConfig config) {
        return switch (o.type()) {
            case "prometheus" -> new PrometheusSource(URI.create(o.settings().get("url")), o.settings().get("query"),
                    o.settings(), config.env(), config.clock());
            // the source calls the AWS SDK: it comes from where the cloud providers do
            case "cloudwatch" -> CloudClasses.call(MetricSource.class, CloudWatchSource.class.getName(), "of",
                    new Class<?>[] {ProviderConfig.class, java.util.Map.class}, config, o.settings());
            case "trace" -> new TraceSource(scenarioDir.resolve(o.settings().get("file")),
                    Optional.ofNullable(o.settings().get("series")), config.clock());
            default -> throw new IllegalArgumentException("unknown metric source type " + o.type());
        };
    }
}
