package io.prescale.providers.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CdnSettingsTest {

    private static CdnSettings valid(Map<String, String> settings) {
        var p = CdnSettings.parse(settings);
        return assertInstanceOf(CdnSettings.Valid.class, p, p.toString()).settings();
    }

    private static String problems(Map<String, String> settings) {
        var p = CdnSettings.parse(settings);
        return String.join("\n", assertInstanceOf(CdnSettings.Invalid.class, p, p.toString()).problems());
    }

    @Test
    void settings_cloudFrontWithoutCapacity_usesDefaultQuotas() {
        CdnSettings s = valid(Map.of("provider", "CloudFront"));
        assertEquals(new CdnSettings.Limit(150, "default CloudFront quota"), s.capacityGbps());
        assertEquals(new CdnSettings.Limit(250_000, "default CloudFront quota"), s.capacityRps().orElseThrow());
        assertEquals(0, s.headroom());
        assertFalse(s.observedIsOtherTraffic());
        assertTrue(s.metrics().isEmpty());
    }

    @Test
    void settings_cloudFrontRaisedQuota_overridesDefault() {
        CdnSettings s = valid(Map.of("provider", "cloudfront", "capacityGbps", "400", "capacityRps", "500k"));
        assertEquals(new CdnSettings.Limit(400, "contracted"), s.capacityGbps());
        assertEquals(500_000, s.capacityRps().orElseThrow().value());
    }

    @ParameterizedTest(name = "capacityGbps \"{0}\" is {1} Gbps")
    @CsvSource(delimiter = '|', value = {"3000|3000", "3,000|3000", "3Tbps|3000", "150Gbps|150", "2.5|2.5",
            "500Mbps|0.5"})
    void settings_capacityGbps_acceptsNumbersAndBandwidths(String text, double gbps) {
        assertEquals(gbps, valid(Map.of("provider", "akamai", "capacityGbps", text)).capacityGbps().value(), 1e-9);
    }

    @ParameterizedTest(name = "rate \"{0}\" is {1} rps")
    @CsvSource(delimiter = '|', value = {"250000|250000", "250k|250000", "250krps|250000", "1.2M|1200000",
            "180,000|180000"})
    void settings_rates_acceptCountsAndRates(String text, double rps) {
        CdnSettings s = valid(Map.of("capacityGbps", "100", "capacityRps", text, "peakRps", text));
        assertEquals(rps, s.capacityRps().orElseThrow().value(), 1e-9);
        assertEquals(rps, s.peakRps().orElseThrow(), 1e-9);
    }

    @ParameterizedTest(name = "{0}: {1} -> problem mentions \"{2}\"")
    @CsvSource(delimiter = '|', value = {
            "generic without capacity|provider=fastly|capacityGbps is not set",
            "capacity not a bandwidth|capacityGbps=lots|capacityGbps: expected a bandwidth",
            "capacity zero|capacityGbps=0|capacityGbps must be greater than zero",
            "headroom above 100%|capacityGbps=10,headroom=120%|headroom must be from 0% to below 100%",
            "headroom as a plain 20|capacityGbps=10,headroom=20|headroom: a fraction above 1 is ambiguous",
            "observedIsOtherTraffic not boolean|capacityGbps=10,observedIsOtherTraffic=maybe|expected true or false",
            "pointer without url|capacityGbps=10,metricsPointer=/x|metricsPointer is set but metricsUrl is not",
            "url without pointer|capacityGbps=10,metricsUrl=https://api.example.com/peak|metricsPointer is not set",
            "relative url|capacityGbps=10,metricsUrl=/peak,metricsPointer=/x|must be an absolute http or https URL",
            "bad pointer|capacityGbps=10,metricsUrl=https://a.example/p,metricsPointer=data|not a JSON pointer",
            "unknown unit|capacityGbps=10,metricsUrl=https://a.example/p,metricsPointer=/x,metricsUnit=tbps|"
                    + "expected gbps, mbps or bps",
            "header without env|capacityGbps=10,metricsUrl=https://a.example/p,metricsPointer=/x,"
                    + "metricsAuthHeader=Authorization|go together",
            "restricted header|capacityGbps=10,metricsUrl=https://a.example/p,metricsPointer=/x,"
                    + "metricsAuthHeader=Host,metricsTokenEnv=T|not a header the client may send",
    })
    void settings_invalid_namesTheSettingAndTheFix(String scenario, String pairs, String expected) {
        assertTrue(problems(map(pairs)).contains(expected), () -> scenario + ": " + problems(map(pairs)));
    }

    @Test
    void settings_credentialsInUrl_refusedWithoutEchoingThem() {
        String p = problems(Map.of("capacityGbps", "10", "metricsUrl", "https://user:hunter2@a.example/p",
                "metricsPointer", "/x"));
        assertTrue(p.contains("must not carry credentials"), p);
        assertFalse(p.contains("hunter2"), p);
    }

    @Test
    void settings_severalProblems_allReportedAtOnce() {
        String p = problems(Map.of("provider", "generic", "headroom", "abc", "peakRps", "fast"));
        assertEquals(3, p.lines().count(), p);
    }

    @Test
    void settings_metricsEndpoint_describedWithoutQuery() {
        CdnSettings s = valid(Map.of("capacityGbps", "10", "metricsUrl",
                "https://api.example.com:8443/v1/peak?api_key=abc&window=24h", "metricsPointer", "/data/peakGbps",
                "metricsUnit", "MBPS"));
        var m = s.metrics().orElseThrow();
        assertEquals("https://api.example.com:8443/v1/peak?...", m.describe());
        assertEquals("/data/peakGbps", m.pointer());
    }

    private static Map<String, String> map(String pairs) {
        var m = new java.util.HashMap<String, String>();
        for (String kv : pairs.split(",(?=[A-Za-z]+=)")) {
            int i = kv.indexOf('=');
            m.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return m;
    }
}
