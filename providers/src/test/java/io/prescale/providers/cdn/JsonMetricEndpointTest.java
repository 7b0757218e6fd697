package io.prescale.providers.cdn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.cdn.CdnTestKit.TOKEN;
import static io.prescale.providers.cdn.CdnTestKit.TOKEN_ENV;
import static io.prescale.providers.cdn.CdnTestKit.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.prescale.providers.cdn.JsonMetricEndpoint.Reading;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMetricEndpointTest {
    private static final String PATH = "/v1/distributions/E2QWRUHAPOMQZL/peak";
    private static final Duration BACKOFF = Duration.ofMillis(20);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void closeClient() {
        http.close();
    }

    private JsonMetricEndpoint endpoint(String pointer, BandwidthUnit unit) {
        return new JsonMetricEndpoint(URI.create(wm.baseUrl() + PATH + "?window=24h"),
                Optional.of(new JsonMetricEndpoint.Auth("Authorization", TOKEN_ENV)), JsonPointer.compile(pointer),
                unit);
    }

    private Reading read(Duration timeout) {
        return endpoint("/data/peakGbps", BandwidthUnit.GBPS).read(http, Map.of(TOKEN_ENV, TOKEN), timeout, BACKOFF);
    }

    private Reading read() {
        return read(Duration.ofSeconds(5));
    }

    private static Reading.Unavailable unavailable(Reading r) {
        return assertInstanceOf(Reading.Unavailable.class, r, r.toString());
    }

    @Test
    void metrics_ok_readsValueAndSendsTokenFromEnvironment() {
        // given
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-ok.json"))));

        // when
        Reading r = read();

        // then
        assertEquals(new Reading.Value(812.5), r);
        wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN))
                .withHeader("Accept", equalTo("application/json")).withQueryParam("window", equalTo("24h")));
    }

    @Test
    void metrics_mbps_convertedToGbps() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-mbps.json"))));
        Reading r = endpoint("/series/0/peak", BandwidthUnit.MBPS).read(http, Map.of(TOKEN_ENV, TOKEN),
                Duration.ofSeconds(5), BACKOFF);
        assertEquals(new Reading.Value(812.5), r);
    }

    @ParameterizedTest(name = "HTTP {0} then 200: retried once")
    @ValueSource(ints = {500, 503, 429})
    void metrics_serverErrorThenOk_retriedOnce(int status) {
        // given
        wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(status)).willSetStateTo("recovered"));
        wm.stubFor(get(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(fixture("metrics-ok.json"))));

        // when
        Reading r = read();

        // then
        assertEquals(new Reading.Value(812.5), r);
        wm.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN)));
    }

    @Test
    void metrics_serverErrorTwice_unavailableAfterOneRetry() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        Reading.Unavailable u = unavailable(read());
        assertEquals("HTTP 500", u.code());
        assertEquals("HTTP 500 after 2 attempts", u.problem());
        wm.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void metrics_unauthorized_notRetriedAndNamesTheVariable() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"bad token " + TOKEN + "\"}")));
        Reading.Unavailable u = unavailable(read());
        assertEquals("HTTP 401", u.code());
        assertTrue(u.problem().contains(TOKEN_ENV), u.problem());
        wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void metrics_slowerThanDeadline_timesOut() {
        // given: the server answers after 3s, the deadline is 300ms
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-ok.json")).withFixedDelay(3000)));

        // when
        long start = System.nanoTime();
        Reading r = read(Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // then
        Reading.Unavailable u = unavailable(r);
        assertEquals("timeout", u.code());
        assertEquals("no answer within 300ms", u.problem());
        assertTrue(tookMs < 2000, "took " + tookMs + "ms");
        wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void metrics_badJson_unavailable() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-bad.json"))));
        Reading.Unavailable u = unavailable(read());
        assertEquals("bad-json", u.code());
        assertTrue(u.problem().startsWith("response is not JSON (line "), u.problem());
    }

    @Test
    void metrics_pointerMissing_unavailable() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-no-value.json"))));
        Reading.Unavailable u = unavailable(read());
        assertEquals("no-value", u.code());
        assertEquals("no value at /data/peakGbps (metricsPointer)", u.problem());
    }

    @Test
    void metrics_valueNotANumber_unavailable() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(fixture("metrics-not-a-number.json"))));
        assertEquals("value at /data/peakGbps is not a number (string)", unavailable(read()).problem());
    }

    @Test
    void metrics_emptyBody_unavailable() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
        assertEquals("bad-json", unavailable(read()).code());
    }

    @Test
    void metrics_tokenVariableUnset_sendsNothing() {
        Reading r = endpoint("/data/peakGbps", BandwidthUnit.GBPS).read(http, Map.of(), Duration.ofSeconds(5),
                BACKOFF);
        assertEquals("environment variable CDN_METRICS_TOKEN (metricsTokenEnv) is not set",
                unavailable(r).problem());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void metrics_redirect_notFollowedSoTheTokenStaysHome() {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", wm.baseUrl() + "/elsewhere")));
        assertEquals("HTTP 302", unavailable(read()).code());
        wm.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void metrics_noServer_unavailable() {
        var e = new JsonMetricEndpoint(URI.create("http://127.0.0.1:1/peak"), Optional.empty(),
                JsonPointer.compile("/x"), BandwidthUnit.GBPS);
        assertEquals("io", unavailable(e.read(http, Map.of(), Duration.ofSeconds(2), BACKOFF)).code());
    }
}
