package io.prescale.providers.cdn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.cdn.CdnTestKit.DISTRIBUTION;
import static io.prescale.providers.cdn.CdnTestKit.NOW;
import static io.prescale.providers.cdn.CdnTestKit.TOKEN;
import static io.prescale.providers.cdn.CdnTestKit.TOKEN_ENV;
import static io.prescale.providers.cdn.CdnTestKit.check;
import static io.prescale.providers.cdn.CdnTestKit.config;
import static io.prescale.providers.cdn.CdnTestKit.fixture;
import static io.prescale.providers.cdn.CdnTestKit.provider;
import static io.prescale.providers.cdn.CdnTestKit.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.diag.Severity;
import io.prescale.planner.plan.Action;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CdnProviderTest {
    private static final String PATH = "/api/v2/egress/peak";
    private static final Map<String, String> CONTRACT = Map.of("provider", "akamai", "capacityGbps", "3000",
            "headroom", "20%");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CdnProvider provider = provider(config());

    @AfterEach
    void close() {
        provider.close();
    }

    private static Map<String, String> withMetrics(Map<String, String> settings, String... more) {
        var m = new HashMap<>(settings);
        m.put("metricsUrl", wm.baseUrl() + PATH);
        m.put("metricsPointer", "/data/peakGbps");
        m.put("metricsAuthHeader", "Authorization");
        m.put("metricsTokenEnv", TOKEN_ENV);
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    private static void metricsAnswer(ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
    }

    private static ObserveRequest observe(Map<String, String> settings) {
        return new ObserveRequest("cdn", target(settings), Duration.ofSeconds(10));
    }

    // --- factory

    @Test
    void factory_typeCdn_createsTheCdnProvider() {
        var registry = new ProviderRegistry().register(CdnProviders.cdn());
        try (CapacityProvider p = registry.find("cdn").orElseThrow().create(config())) {
            assertEquals("cdn", p.type());
        }
    }

    // --- check: pass / warn / fail with numbers

    @Test
    void check_peakWellBelowContract_passes() {
        ChangeResponse r = provider.apply(check(1800, CONTRACT));
        assertEquals(ChangeStatus.PASSED, r.status(), r.message());
        assertEquals("peak 1,800 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom)", r.message());
        assertEquals(3000, r.before());
        assertEquals(3000, r.after());
        assertEquals("2,400", r.details().get("availableGbps"));
        assertEquals("1,800", r.details().get("neededGbps"));
        assertEquals("not run: no peakRps", r.details().get("rpsCheck"));
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    }

    @Test
    void check_peakWithinTenPercentOfAvailable_warns() {
        ChangeResponse r = provider.apply(check(2300, CONTRACT));
        assertEquals(ChangeStatus.WARNED, r.status());
        assertEquals("peak 2,300 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom): "
                + "less than 10% margin", r.message());
    }

    @Test
    void check_peakAboveContract_fails() {
        ChangeResponse r = provider.apply(check(3100, CONTRACT));
        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("peak 3,100 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom): "
                + "short by 700 Gbps", r.message());
    }

    @Test
    void check_peakAboveAvailableButBelowContract_failsOnHeadroom() {
        ChangeResponse r = provider.apply(check(2600, CONTRACT));
        assertEquals(ChangeStatus.FAILED, r.status(), r.message());
    }

    @Test
    void check_defaultHeadroom_isZeroBecauseThePlanAlreadyHasIt() {
        ChangeResponse r = provider.apply(check(2600, Map.of("capacityGbps", "3000")));
        assertEquals(ChangeStatus.PASSED, r.status(), r.message());
        assertEquals("peak 2,600 Gbps needed vs 3,000 Gbps available (3,000 contracted, no headroom)", r.message());
    }

    // --- RPS

    static Stream<Arguments> rpsCases() {
        return Stream.of(
                Arguments.of("RPS well within the contract", "2M", ChangeStatus.PASSED, "peak 2,000,000 rps needed vs "
                        + "3,200,000 rps available (4,000,000 contracted, 20% headroom)"),
                Arguments.of("RPS within 10%", "3.1M", ChangeStatus.WARNED, "less than 10% margin"),
                Arguments.of("RPS above the contract", "3.5M", ChangeStatus.FAILED, "short by 300,000 rps"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rpsCases")
    void check_rpsGiven_checkedLikeBandwidthAndWorseWins(String scenario, String peakRps, ChangeStatus expected,
                                                         String text) {
        var settings = new HashMap<>(CONTRACT);
        settings.put("capacityRps", "4M");
        settings.put("peakRps", peakRps);
        ChangeResponse r = provider.apply(check(1800, settings));
        assertEquals(expected, r.status(), r.message());
        assertTrue(r.message().startsWith("peak 1,800 Gbps needed vs 2,400 Gbps available"), r.message());
        assertTrue(r.message().contains(text), r.message());
    }

    // --- CloudFront defaults

    @Test
    void check_cloudFrontWithoutQuotas_uses150GbpsAnd250kRps() {
        ChangeResponse r = provider.apply(check(120, Map.of("provider", "cloudfront", "peakRps", "300k")));
        assertEquals(ChangeStatus.FAILED, r.status(), r.message());
        assertEquals("peak 120 Gbps needed vs 150 Gbps available (150 default CloudFront quota, no headroom); "
                + "peak 300,000 rps needed vs 250,000 rps available (250,000 default CloudFront quota, no headroom): "
                + "short by 50,000 rps", r.message());
        assertEquals("150 (default CloudFront quota)", r.details().get("capacityGbps"));
        assertEquals("250,000 (default CloudFront quota)", r.details().get("capacityRps"));
    }

    @Test
    void observe_cloudFrontWithoutQuotas_reports150Gbps() {
        ObserveResponse r = provider.observe(observe(Map.of("provider", "cloudfront")));
        Observation o = r.observation().orElseThrow();
        assertEquals(150, o.units());
        assertEquals(0, o.floor());
        assertEquals("150 Gbps (default CloudFront quota)", o.details().get("capacity"));
        assertEquals("250,000 rps (default CloudFront quota)", o.details().get("capacityRps"));
        assertEquals("not configured", o.details().get("observedPeak"));
        assertEquals(NOW, o.observedAt());
        assertTrue(r.diagnostics().isEmpty());
        assertEquals(DISTRIBUTION, r.resource());
    }

    // --- observe with the metrics endpoint

    @Test
    void observe_metricsOk_floorIsObservedPeak() {
        // given
        metricsAnswer(okJson(fixture("metrics-ok.json")));

        // when
        ObserveResponse r = provider.observe(observe(withMetrics(Map.of("capacityGbps", "2999.9"))));

        // then
        Observation o = r.observation().orElseThrow();
        assertEquals(2999, o.units(), "capacity rounded down");
        assertEquals(813, o.floor(), "observed peak 812.5 rounded up");
        assertEquals("812.5 Gbps", o.details().get("observedPeak"));
        assertEquals(wm.baseUrl() + PATH + " /data/peakGbps", o.details().get("source"));
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN)));
    }

    static Stream<Arguments> metricsFailures() {
        return Stream.of(
                Arguments.of("HTTP 500 twice", aResponse().withStatus(500), "HTTP 500 after 2 attempts"),
                Arguments.of("HTTP 401", aResponse().withStatus(401), "HTTP 401"),
                Arguments.of("bad JSON", okJson(fixture("metrics-bad.json")), "response is not JSON"),
                Arguments.of("pointer missing", okJson(fixture("metrics-no-value.json")), "no value at /data/peakGbps"),
                Arguments.of("slower than the deadline", okJson(fixture("metrics-ok.json")).withFixedDelay(3000),
                        "no answer within 400ms"));
    }

    @ParameterizedTest(name = "{0}: capacity still observed, with a warning")
    @MethodSource("metricsFailures")
    void observe_metricsFail_returnsCapacityWithWarningNamingUrl(String scenario, ResponseDefinitionBuilder answer,
                                                                 String problem) {
        // given
        metricsAnswer(answer);
        try (CdnProvider p = provider(config(Duration.ofMillis(400)))) {
            // when
            ObserveResponse r = p.observe(observe(withMetrics(Map.of("capacityGbps", "3000"))));

            // then
            Observation o = r.observation().orElseThrow();
            assertEquals(3000, o.units());
            assertEquals(0, o.floor());
            assertEquals("unavailable", o.details().get("observedPeak"));
            assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
            ProviderDiagnostic d = r.diagnostics().get(0);
            assertEquals(Severity.WARNING, d.severity());
            assertTrue(d.summary().startsWith("cannot read the observed peak from " + wm.baseUrl() + PATH + ": "),
                    d.summary());
            assertTrue(d.summary().contains(problem), d.summary());
        }
    }

    @Test
    void observe_invalidSettings_noObservationAndAnErrorPerProblem() {
        ObserveResponse r = provider.observe(observe(Map.of("provider", "fastly", "headroom", "150%")));
        assertTrue(r.observation().isEmpty());
        assertEquals(2, r.diagnostics().size(), r.diagnostics().toString());
        assertTrue(r.diagnostics().stream().allMatch(d -> d.severity() == Severity.ERROR));
    }

    // --- check with the observed peak

    @Test
    void check_observedPeakByDefault_onlyReported() {
        metricsAnswer(okJson(fixture("metrics-ok.json")));
        ChangeResponse r = provider.apply(check(1800, withMetrics(CONTRACT)));
        assertEquals(ChangeStatus.PASSED, r.status(), r.message());
        assertEquals("peak 1,800 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom); "
                + "812.5 Gbps observed recently (reported only)", r.message());
        assertEquals("812.5 Gbps", r.details().get("observedPeak"));
    }

    @Test
    void check_observedIsOtherTraffic_subtractedFromAvailable() {
        metricsAnswer(okJson(fixture("metrics-ok.json")));
        ChangeResponse r = provider.apply(check(1800, withMetrics(CONTRACT, "observedIsOtherTraffic", "true")));
        assertEquals(ChangeStatus.FAILED, r.status(), r.message());
        assertEquals("peak 1,800 Gbps needed vs 1,587.5 Gbps available (3,000 contracted, 20% headroom, "
                + "812.5 in use by other traffic): short by 212.5 Gbps", r.message());
    }

    @Test
    void check_observedPeakUnavailable_warnsEvenWithMargin() {
        metricsAnswer(aResponse().withStatus(401));
        ChangeResponse r = provider.apply(check(1000, withMetrics(CONTRACT, "observedIsOtherTraffic", "true")));
        assertEquals(ChangeStatus.WARNED, r.status(), r.message());
        assertEquals("peak 1,000 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom); "
                + "observed peak unavailable from " + wm.baseUrl() + PATH + " /data/peakGbps, other traffic not "
                + "subtracted", r.message());
        assertEquals(Severity.WARNING, r.diagnostics().get(0).severity());
        assertEquals("HTTP 401", r.diagnostics().get(0).code());
    }

    @Test
    void check_observedPeakUnavailableAndAboveContract_stillFails() {
        metricsAnswer(aResponse().withStatus(503));
        ChangeResponse r = provider.apply(check(3100, withMetrics(CONTRACT)));
        assertEquals(ChangeStatus.FAILED, r.status(), r.message());
    }

    // --- dry run and other actions

    @Test
    void check_dryRun_evaluatedAndSendsOnlyReads() {
        // given
        metricsAnswer(okJson(fixture("metrics-ok.json")));

        // when
        ChangeResponse r = provider.apply(check(3100, withMetrics(CONTRACT), true));

        // then
        assertEquals(ChangeStatus.FAILED, r.status(), "a check is evaluated in a dry run");
        assertEquals("evaluated: a check only reads", r.details().get("dryRun"));
        var sent = wm.findAll(anyRequestedFor(anyUrl()));
        assertEquals(1, sent.size());
        assertTrue(sent.stream().allMatch(req -> req.getMethod().getName().equals("GET")), sent.toString());
    }

    @ParameterizedTest(name = "{0} is refused")
    @org.junit.jupiter.params.provider.EnumSource(value = Action.class, names = {"SCALE_OUT", "SCALE_IN", "PREWARM"})
    void apply_scalingAction_failsCdnNotScaled(Action action) {
        var req = new ChangeRequest(CdnTestKit.change(action, 3000, 4000), target(withMetrics(CONTRACT)), 0, 3000,
                "", false, null);
        ChangeResponse r = provider.apply(req);
        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("a CDN is not scaled by prescale", r.message());
        assertEquals(Severity.ERROR, r.diagnostics().get(0).severity());
        assertEquals(0, wm.getAllServeEvents().size(), "nothing sent");
    }

    @Test
    void apply_noOp_unchangedAndNothingSent() {
        var req = new ChangeRequest(CdnTestKit.change(Action.NO_OP, 3000, 3000), target(withMetrics(CONTRACT)), 0,
                3000, "", false, null);
        ChangeResponse r = provider.apply(req);
        assertEquals(ChangeStatus.UNCHANGED, r.status());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void check_invalidSettings_failsWithEveryProblem() {
        ChangeResponse r = provider.apply(check(100, Map.of("provider", "fastly", "metricsPointer", "/x")));
        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals(2, r.diagnostics().size(), r.diagnostics().toString());
        assertTrue(r.message().contains("capacityGbps is not set"), r.message());
        assertTrue(r.message().contains("metricsPointer is set but metricsUrl is not"), r.message());
    }

    // --- the token

    static Stream<Arguments> tokenCases() {
        String echo = "{\"error\":\"invalid credentials\",\"got\":\"" + TOKEN + "\"}";
        return Stream.of(
                Arguments.of("ok", okJson(fixture("metrics-ok.json"))),
                Arguments.of("401 echoing the token", aResponse().withStatus(401).withBody(echo)),
                Arguments.of("500 echoing the token", aResponse().withStatus(500).withBody(echo)),
                Arguments.of("bad JSON echoing the token", okJson("{\"token\": " + TOKEN.substring(7) + "}")),
                Arguments.of("pointer missing", okJson(echo)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenCases")
    void metrics_tokenFromEnvironment_sentAsHeaderNeverLogged(String scenario, ResponseDefinitionBuilder answer) {
        // given
        metricsAnswer(answer);
        var settings = withMetrics(CONTRACT, "observedIsOtherTraffic", "true");

        // when
        ObserveResponse observed = provider.observe(observe(settings));
        ChangeResponse checked = provider.apply(check(1800, settings));
        ChangeResponse dryRun = provider.apply(check(1800, settings, true));

        // then: the header carried the environment variable's value ...
        assertFalse(wm.findAll(getRequestedFor(urlPathEqualTo(PATH))).isEmpty());
        wm.verify(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN)));
        wm.verify(0, getRequestedFor(urlPathEqualTo(PATH)).withoutHeader("Authorization"));
        // ... and neither the value nor its secret part appears anywhere in what the provider returns
        String secret = TOKEN.substring("Bearer ".length());
        for (Object out : new Object[] {observed, checked, dryRun}) {
            String text = out.toString();
            assertFalse(text.contains(secret), scenario + " leaked the token: " + text);
        }
        for (ProviderDiagnostic d : Stream.of(observed.diagnostics(), checked.diagnostics(), dryRun.diagnostics())
                .flatMap(java.util.List::stream).toList()) {
            assertFalse(d.format().contains(secret), d.format());
        }
    }
}
