package io.prescale.providers.aws;

import io.prescale.providers.metrics.MetricQuery;
import io.prescale.providers.metrics.MetricRead;
import io.prescale.providers.metrics.MetricSource;
import io.prescale.providers.metrics.Samples;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * An Amazon CloudWatch metric through {@code GetMetricData} (e.g. an ALB's {@code RequestCount} with statistic Sum,
 * or a custom concurrent-viewers metric), with the same credential chain, region and {@code --endpoint-url} as the
 * other AWS providers. A Sum per period is a count: divided by the period's seconds into a rate ({@code per:
 * period}, the default for Sum); other statistics are taken as rates already ({@code per: value}).
 */
public final class CloudWatchSource implements MetricSource {
    private final CloudWatchApi api;
    private final ProviderConfig config;
    private final String namespace;
    private final String metric;
    private final List<Dimension> dimensions;
    private final String stat;
    private final Duration period;
    private final boolean perPeriod;

    CloudWatchSource(CloudWatchApi api, ProviderConfig config, Map<String, String> settings) {
        this.api = Objects.requireNonNull(api, "api");
        this.config = config;
        this.namespace = settings.get("namespace");
        this.metric = settings.get("metric");
        this.stat = settings.getOrDefault("stat", "Sum");
        this.period = io.prescale.planner.model.Quantities.duration(settings.getOrDefault("period", "60s"));
        this.perPeriod = settings.getOrDefault("per", stat.equals("Sum") ? "period" : "value").equals("period");
        List<Dimension> ds = new ArrayList<>();
        String dims = settings.getOrDefault("dimensions", "");
        for (String kv : dims.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                ds.add(Dimension.builder().name(kv.substring(0, eq).strip()).value(kv.substring(eq + 1).strip()).build());
            }
        }
        this.dimensions = List.copyOf(ds);
    }

    /** A source on SDK clients built from {@code config} (credentials chain, {@code --endpoint-url}). */
    public static MetricSource of(ProviderConfig config, Map<String, String> settings) {
        AwsClients clients = AwsClients.from(config);
        String region = settings.get("region");
        CloudWatchSource s = new CloudWatchSource(clients.cloudWatch(region), config, settings);
        return new MetricSource() {
            @Override
            public String type() {
                return s.type();
            }

            @Override
            public String describe() {
                return s.describe();
            }

            @Override
            public MetricRead read(MetricQuery q) {
                return s.read(q);
            }

            @Override
            public void close() {
                clients.close();
            }
        };
    }

    @Override
    public String type() {
        return "cloudwatch";
    }

    @Override
    public String describe() {
        return namespace + " " + metric + " " + stat + (dimensions.isEmpty() ? "" : " " + dimensions.stream()
                .map(d -> d.name() + "=" + d.value()).toList());
    }

    @Override
    public MetricRead read(MetricQuery q) {
        String resource = "cloudwatch " + q.layer();
        Samples samples = new Samples(q, resource);
        List<ProviderDiagnostic> diags = new ArrayList<>();
        long now = config.clock().instant().getEpochSecond();
        int minutes = (int) Math.max(1, period.toMinutes());
        try {
            String token = null;
            int results = 0;
            int datapoints = 0;
            do {
                GetMetricDataResponse r = api.getMetricData(GetMetricDataRequest.builder()
                        .startTime(Instant.ofEpochSecond(q.fromMinute() * 60))
                        .endTime(Instant.ofEpochSecond(q.toMinute() * 60))
                        .scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(token)
                        .metricDataQueries(MetricDataQuery.builder().id("load").returnData(true)
                                .metricStat(MetricStat.builder().stat(stat).period((int) period.toSeconds())
                                        .metric(Metric.builder().namespace(namespace).metricName(metric)
                                                .dimensions(dimensions).build()).build()).build())
                        .overrideConfiguration(o -> o.apiCallTimeout(q.timeout())).build());
                for (MetricDataResult m : r.metricDataResults()) {
                    results++;
                    for (int i = 0; i < Math.min(m.timestamps().size(), m.values().size()); i++) {
                        double v = m.values().get(i);
                        // a period longer than a minute fills each of its minutes
                        samples.add(m.timestamps().get(i).getEpochSecond(), perPeriod ? v / period.toSeconds() : v,
                                now, minutes);
                        datapoints++;
                    }
                }
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
            if (results == 0 || datapoints == 0) {
                diags.add(ProviderDiagnostic.error(resource, "CloudWatch returned no datapoints for " + describe(),
                        "check the namespace, metric name, dimensions and region", "empty"));
            }
        } catch (RuntimeException e) {
            if (!AwsErrors.reportable(e)) {
                throw e;
            }
            diags.add(AwsErrors.diagnostic(resource, "get metric data " + describe(), e));
        }
        return samples.done(diags);
    }
}
