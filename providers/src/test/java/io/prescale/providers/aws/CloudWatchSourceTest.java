package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.metrics.MetricQuery;
import io.prescale.providers.metrics.MetricRead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CloudWatch metric source with the real SDK v2 client against WireMock speaking CloudWatch's wire format in
 * SDK 2.41: Smithy RPC v2 CBOR ({@code POST /service/GraniteServiceVersion20100801/operation/GetMetricData}, CBOR
 * bodies, timestamps as CBOR tag 1 epoch seconds).
 */
class CloudWatchSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    /** 2026-06-14T11:50Z and on, as epoch minutes: AwsWire's clock is at 12:00Z. */
    static final long FROM = AwsWire.NOW.getEpochSecond() / 60 - 10;
    static final Map<String, String> ALB = Map.of("namespace", "AWS/ApplicationELB", "metric", "RequestCount",
            "dimensions", "LoadBalancer=app/web/50dc6c495c0c9188", "stat", "Sum", "period", "60s");

    static CloudWatchSource source(Map<String, String> settings) {
        var config = AwsWire.config(wm);
        return new CloudWatchSource(AwsWire.clients(config).cloudWatch("eu-west-1"), config, settings);
    }

    static MetricQuery tenMinutes() {
        return new MetricQuery("web", FROM, FROM + 10, 1e6, Duration.ofSeconds(10));
    }

    /** A GetMetricData answer: one result with datapoints at the given epoch minutes. */
    static ResponseDefinitionBuilder datapoints(long[] minutes, double[] values) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeFieldName("MetricDataResults");
                g.writeStartArray();
                g.writeStartObject();
                g.writeStringField("Id", "load");
                g.writeStringField("Label", "RequestCount");
                g.writeFieldName("Timestamps");
                g.writeStartArray();
                for (long m : minutes) {
                    g.writeTag(1);
                    g.writeNumber(m * 60.0);
                }
                g.writeEndArray();
                g.writeFieldName("Values");
                g.writeStartArray();
                for (double v : values) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
                g.writeStringField("StatusCode", "Complete");
                g.writeEndObject();
                g.writeEndArray();
                g.writeFieldName("Messages");
                g.writeStartArray();
                g.writeEndArray();
                g.writeEndObject();
            }
            return cbor(200, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder cbor(int status, byte[] body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/cbor")
                .withHeader("smithy-protocol", "rpc-v2-cbor").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        try {
            return cbor(status, new CBORMapper().writeValueAsBytes(Map.of("__type", type, "message", message)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void read_albRequestCountSums_becomeRequestsPerSecondPerMinute() throws Exception {
        // given: 6,000 requests in each of the first three minutes, 12,000 in the next
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(datapoints(new long[] {FROM, FROM + 1, FROM + 2, FROM + 3},
                new double[] {6000, 6000, 6000, 12000})));

        // when
        MetricRead r = source(ALB).read(tenMinutes());

        // then
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        assertEquals(100, r.values()[0], 1e-9);
        assertEquals(200, r.values()[3], 1e-9);
        assertTrue(Double.isNaN(r.values()[4]), "no datapoint, no sample");
        assertEquals(3, r.newest());
        // and the request asked for what the scenario says, in CloudWatch's own shape
        byte[] sent = wm.getAllServeEvents().get(0).getRequest().getBody();
        JsonNode q = new CBORMapper().readTree(sent).path("MetricDataQueries").get(0).path("MetricStat");
        assertEquals("Sum", q.path("Stat").asText());
        assertEquals(60, q.path("Period").asInt());
        assertEquals("RequestCount", q.path("Metric").path("MetricName").asText());
        assertEquals("LoadBalancer", q.path("Metric").path("Dimensions").get(0).path("Name").asText());
    }

    @Test
    void read_averageOfACustomGauge_isTakenAsARate() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(datapoints(new long[] {FROM}, new double[] {41_500})));
        MetricRead r = source(Map.of("namespace", "Streaming", "metric", "ConcurrentViewers", "stat", "Average"))
                .read(tenMinutes());
        assertEquals(41_500, r.values()[0], 1e-9);
    }

    @Test
    void read_noDatapoints_isAnErrorNamingTheMetric() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(datapoints(new long[0], new double[0])));
        MetricRead r = source(ALB).read(tenMinutes());
        assertTrue(r.failed());
        assertTrue(r.diagnostics().get(0).summary().contains("no datapoints for AWS/ApplicationELB RequestCount"),
                r.diagnostics().toString());
    }

    @Test
    void read_negativeAbsurdAndFutureDatapoints_areDroppedAndReportedOnce() {
        long future = AwsWire.NOW.getEpochSecond() / 60 + 10;
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(datapoints(new long[] {FROM, FROM + 1, FROM + 2, future},
                new double[] {-60, 6e12, 600, 600})));
        MetricRead r = source(ALB).read(tenMinutes());
        assertTrue(Double.isNaN(r.values()[0]));
        assertTrue(Double.isNaN(r.values()[1]));
        assertEquals(10, r.values()[2], 1e-9);
        List<String> summaries = r.diagnostics().stream().map(d -> d.summary()).toList();
        assertEquals(3, summaries.size(), summaries.toString());
        assertTrue(summaries.stream().anyMatch(s -> s.contains("negative")));
        assertTrue(summaries.stream().anyMatch(s -> s.contains("absurd")));
        assertTrue(summaries.stream().anyMatch(s -> s.contains("future")));
    }

    @Test
    void read_accessDenied_isReportedNotThrown() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(error(400, "AccessDeniedException",
                "User is not authorized to perform: cloudwatch:GetMetricData")));
        MetricRead r = source(ALB).read(tenMinutes());
        assertTrue(r.failed());
        assertTrue(r.diagnostics().get(0).summary().contains("not authorized"), r.diagnostics().toString());
        assertTrue(java.util.Arrays.stream(r.values()).allMatch(Double::isNaN));
    }
}
