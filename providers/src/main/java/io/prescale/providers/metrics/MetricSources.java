package io.prescale.providers.metrics;

import io.prescale.planner.model.LiveConfig;
import io.prescale.providers.aws.CloudWatchSource;
import io.prescale.providers.spi.ProviderConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Builds the metric source a scenario's {@code live.observe} entry names (validated when the scenario loaded). */
public final class MetricSources {
    private MetricSources() {
    }

    /**
     * @param scenarioDir where relative trace paths are resolved
     * @param config      clock, environment (for credentials), AWS settings and {@code --endpoint-url}
     */
    public static MetricSource of(LiveConfig.Observe o, Path scenarioDir, ProviderConfig config) {
        return switch (o.type()) {
            case "prometheus" -> new PrometheusSource(URI.create(o.settings().get("url")), o.settings().get("query"),
                    o.settings(), config.env(), config.clock());
            case "cloudwatch" -> CloudWatchSource.of(config, o.settings());
            case "trace" -> new TraceSource(scenarioDir.resolve(o.settings().get("file")),
                    Optional.ofNullable(o.settings().get("series")), config.clock());
            default -> throw new IllegalArgumentException("unknown metric source type " + o.type());
        };
    }
}
