package io.prescale.providers.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PrometheusSourceTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final long START = Instant.parse("1998-06-22T18:00:00Z").getEpochSecond() / 60;
    static final Clock CLOCK = Clock.fixed(Instant.parse("1998-06-22T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static MetricQuery lastHours(int minutes) {
        return new MetricQuery("web", START, START + minutes, 1e6, Duration.ofSeconds(10));
    }

    @Test
    void read_realPrometheusWithBackfilledHistory_returnsOneSampleAMinute() {
        // given: 3 hours of two series, backfilled into a real Prometheus
        double[] web = new double[180];
        double[] api = new double[180];
        for (int i = 0; i < web.length; i++) {
            web[i] = 400 + 5 * i;
            api[i] = 7;
        }
        web[50] = Double.NaN; // a scrape that never happened
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("http_rps{layer=\"web\",pod=\"a\"}", web);
        series.put("http_rps{layer=\"api\",pod=\"b\"}", api);
        try (RealPrometheus p = RealPrometheus.start(dir, START, series)) {
            // when
            MetricRead r = new PrometheusSource(p.url(), "sum(http_rps{layer=\"web\"})", Map.of(), Map.of(), CLOCK)
                    .read(lastHours(180));

            // then
            assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
            assertEquals(400, r.values()[0], 1e-6);
            assertEquals(400 + 5 * 179, r.values()[179], 1e-6);
            // a missing scrape reads as the previous one within the lookback (Prometheus's own rule)
            assertEquals(400 + 5 * 49, r.values()[50], 1e-6);

            // and a query matching both series is refused, not silently summed or picked
            MetricRead several = new PrometheusSource(p.url(), "http_rps", Map.of(), Map.of(), CLOCK)
                    .read(lastHours(180));
            assertTrue(several.failed());
            assertTrue(several.diagnostics().get(0).summary().contains("returned 2 series"), several.toString());

            // and one matching nothing is reported as empty
            MetricRead none = new PrometheusSource(p.url(), "http_rps{layer=\"cdn\"}", Map.of(), Map.of(), CLOCK)
                    .read(lastHours(180));
            assertTrue(none.failed());
            assertTrue(none.diagnostics().get(0).summary().contains("no series"), none.toString());

            // and a malformed query is Prometheus's own error, one line
            MetricRead bad = new PrometheusSource(p.url(), "sum(", Map.of(), Map.of(), CLOCK).read(lastHours(180));
            assertTrue(bad.failed());
            assertTrue(bad.diagnostics().get(0).summary().contains("bad_data"), bad.toString());
        }
    }

    @Test
    void read_bearerToken_sentInTheHeaderAndInNoMessage() {
        wm.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(401)
                .withBody("Unauthorized")));
        PrometheusSource s = new PrometheusSource(URI.create(wm.baseUrl()), "up",
                Map.of("auth", "bearer", "tokenEnv", "PROM_TOKEN"), Map.of("PROM_TOKEN", "s3cr3t-t0ken"), CLOCK);

        MetricRead r = s.read(lastHours(10));

        wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/query_range"))
                .withHeader("Authorization", WireMock.equalTo("Bearer s3cr3t-t0ken"))
                .withQueryParam("step", WireMock.equalTo("60")));
        assertTrue(r.failed());
        assertFalse(r.toString().contains("s3cr3t"), r.toString());
        assertFalse(s.describe().contains("s3cr3t"));
    }

    @Test
    void read_tokenVariableUnset_namesTheVariableAndSendsNothing() {
        PrometheusSource s = new PrometheusSource(URI.create(wm.baseUrl()), "up",
                Map.of("auth", "basic", "userEnv", "PROM_USER", "passwordEnv", "PROM_PASSWORD"), Map.of("PROM_USER", "u"),
                CLOCK);
        MetricRead r = s.read(lastHours(10));
        assertTrue(r.failed());
        assertTrue(r.diagnostics().get(0).summary().contains("PROM_PASSWORD"), r.toString());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void read_unreachableServer_isReportedOnceAndEverySampleMissing() {
        PrometheusSource s = new PrometheusSource(URI.create("http://127.0.0.1:1"), "up", Map.of(), Map.of(), CLOCK);
        MetricRead r = s.read(lastHours(10));
        assertTrue(r.failed());
        assertEquals(1, r.diagnostics().size(), r.toString());
        assertEquals(-1, r.newest());
    }

    @Test
    void read_nanNegativeAbsurdAndFutureValues_droppedAndEachKindReportedOnce() {
        long t0 = START * 60;
        long future = CLOCK.instant().getEpochSecond() + 600;
        wm.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[
                        [%d,"NaN"],[%d,"-3"],[%d,"+Inf"],[%d,"5e12"],[%d,"250"],[%d,"260"]]}]}}
                        """.formatted(t0, t0 + 60, t0 + 120, t0 + 180, t0 + 240, future))));
        MetricRead r = new PrometheusSource(URI.create(wm.baseUrl()), "up", Map.of(), Map.of(), CLOCK)
                .read(lastHours(10));
        assertEquals(250, r.values()[4], 1e-9);
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isNaN(r.values()[i]), "minute " + i);
        }
        assertEquals(4, r.diagnostics().size(), r.diagnostics().toString());
        assertFalse(r.failed(), "bad samples are warnings; the good ones are used");
    }

    @Test
    void read_htmlFromAProxy_isMalformedNotACrash() {
        wm.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse().withStatus(502)
                .withBody("<html><body>Bad Gateway</body></html>")));
        MetricRead r = new PrometheusSource(URI.create(wm.baseUrl()), "up", Map.of(), Map.of(), CLOCK)
                .read(lastHours(10));
        assertTrue(r.failed());
        assertTrue(r.diagnostics().get(0).summary().contains("HTTP 502"), r.toString());
    }
}
