package io.prescale.planner.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each load term on a known audience, overlap summing, and the knockout envelope. */
class RpsForecasterTest {
    static final Instant KICKOFF = Instant.parse("2026-06-12T19:00:00Z");

    @TempDir
    Path dir;

    /** A flat audience of 1M from kickoff for an hour (keyframes), one layer with the given terms. */
    private Forecast flat(String terms, String shapeExtra) {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events:
                  - {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}
                defaultShape: flat
                shapes:
                  flat:
                    type: keyframes
                    points: [[-1m, 0%%], [0m, 100%%], [60m, 100%%]]
                %s
                layers:
                  - name: l
                    unit: instances
                    rpsPerUnit: 100rps
                    terms:
                %s
                """.formatted(shapeExtra.indent(4).stripTrailing(), terms.indent(6).stripTrailing());
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        return new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
    }

    private static double at(Forecast f, String layer, int minutesAfterKickoff) {
        return f.layer(layer).orElseThrow().load()[f.indexOf(KICKOFF.plusSeconds(60L * minutesAfterKickoff))];
    }

    @Test
    void perViewer_everySixSeconds_isViewersOverSix() {
        Forecast f = flat("- {type: per-viewer, every: 6s}", "");
        assertEquals(1_000_000 / 6.0, at(f, "l", 10), 1);
    }

    @Test
    void perViewer_share_appliesToPartOfTheAudience() {
        Forecast f = flat("- {type: per-viewer, rate: 0.5rps, share: 40%}", "");
        assertEquals(200_000, at(f, "l", 30), 1);
    }

    @Test
    void perJoin_rampOfJoins_isJoinsPerMinuteOverSixty() {
        Forecast f = flat("- {type: per-join, requests: 4}", "");
        // the whole audience arrives in the kickoff minute, then only churn (none here)
        assertEquals(4 * 1_000_000 / 60.0, at(f, "l", 0), 1);
        assertEquals(0, at(f, "l", 5), 1e-6);
    }

    @Test
    void perJoin_goalSurge_isBurstRateInEveryMinuteOfPlay() {
        Forecast f = flat("- {type: per-join, requests: 2}",
                "play: {from: 0m, to: 45m}\ngoalSurge: {joins: 300k, within: 90s}");
        assertEquals(2 * 300_000 / 90.0, at(f, "l", 10), 1);
        assertEquals(0, at(f, "l", 50), 1e-6);
    }

    @Test
    void heartbeat_withoutJitter_ripplesEveryInterval() {
        Forecast f = flat("- {type: heartbeat, every: 10m}", "");
        double ripple = 1_000_000 / 60.0;
        assertEquals(ripple, at(f, "l", 10), 1);
        assertEquals(ripple, at(f, "l", 20), 1);
        assertEquals(0, at(f, "l", 15), 1e-6);
    }

    @Test
    void heartbeat_audienceAlreadyWatchingWhenTheCurveStarts_beatsEvenly() {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events: [{id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}]
                defaultShape: flat
                shapes: {flat: {type: keyframes, points: [[0m, 100%], [60m, 100%]]}}
                layers: [{name: l, unit: instances, rpsPerUnit: 100rps, terms: [{type: heartbeat, every: 10m}, {type: per-join, requests: 5}]}]
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast f = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        for (int m = 1; m < 50; m++) {
            assertEquals(1_000_000 / 600.0, at(f, "l", m), 1, "minute " + m);
        }
    }

    @Test
    void heartbeat_jitteredOverTheInterval_isViewersOverInterval() {
        Forecast f = flat("- {type: heartbeat, every: 10m, jitter: 10m}", "");
        for (int m = 10; m < 50; m++) {
            assertEquals(1_000_000 / 600.0, at(f, "l", m), 1, "minute " + m);
        }
    }

    @Test
    void adBreak_thirtySecondWindow_isAllViewersWithinThirtySeconds() {
        Forecast f = flat("- {type: ad-break, requests: 20}", "adBreaks: {at: [20m], window: 30s}");
        assertEquals(20 * 1_000_000 / 30.0, at(f, "l", 20), 1);
        assertEquals(0, at(f, "l", 21), 1e-6);
    }

    @Test
    void adBreak_windowLongerThanAMinute_spreadsOverTheMinutesItCovers() {
        Forecast f = flat("- {type: ad-break, requests: 20, within: 90s}", "adBreaks: {at: [20m], window: 30s}");
        assertEquals(20 * 1_000_000 / 90.0, at(f, "l", 20), 1);
        assertEquals(20 * 1_000_000 / 90.0, at(f, "l", 21), 1);
        assertEquals(0, at(f, "l", 22), 1e-6);
    }

    @Test
    void goalPush_subscribersWithinAMinute_inEveryMinuteOfPlayOnly() {
        Forecast f = flat("- {type: goal-push, subscribers: 5M, within: 60s}", "play: {from: 0m, to: 45m}");
        assertEquals(5_000_000 / 60.0, at(f, "l", 44), 1);
        assertEquals(0, at(f, "l", 46), 1e-6);
    }

    @Test
    void egress_bitratePerViewer_isGbps() {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events: [{id: E, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 2M}]
                layers:
                  - name: cdn
                    unit: gbps
                    gbpsPerUnit: 1Gbps
                    terms: [{type: egress, bitrate: 5Mbps}]
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast f = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        // default football shape: the second half reaches 100% of the peak audience
        assertEquals(2_000_000 * 5e6 / 1e9, f.layer("cdn").orElseThrow().peakLoad(), 1e-6);
    }

    @Test
    void overlappingEvents_addUpOnASharedLayer_andTheLargerDrivesIt() {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events:
                  - {id: A, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 1M, region: UK}
                  - {id: B, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 3M, region: UK}
                  - {id: C, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 5M, region: US}
                layers:
                  - name: uk
                    unit: instances
                    rpsPerUnit: 100rps
                    regions: [UK]
                    terms: [{type: per-viewer, every: 10s}]
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast f = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        LayerForecast uk = f.layer("uk").orElseThrow();
        assertEquals(4_000_000 / 10.0, uk.peakLoad(), 1);
        assertEquals("B", f.events().get(uk.topEvent()[uk.peakIndex()]).event().id());
    }

    @Test
    void knockoutMatch_forecastCoversExtraTimeAndPenalties_groupMatchDoesNot() {
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events:
                  - {id: G, stage: group, kickoff: 2026-06-12T19:00:00Z, audience: 1M, region: G}
                  - {id: K, stage: quarter-final, kickoff: 2026-06-12T19:00:00Z, audience: 1M, region: K}
                layers:
                  - {name: g, unit: instances, rpsPerUnit: 100rps, regions: [G], terms: [{type: per-viewer, every: 10s}]}
                  - {name: k, unit: instances, rpsPerUnit: 100rps, regions: [K], terms: [{type: per-viewer, every: 10s}]}
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast f = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        // regular time ends at 45+3+15+45+3 = 111 min; extra time and penalties run to 111+35+15 = 161 min
        assertTrue(at(f, "k", 150) > 90_000, "knockout still live at 150 min: " + at(f, "k", 150));
        assertEquals(0, at(f, "g", 150), 1e-6);
        EventTimeline g = f.events().get(0);
        EventTimeline k = f.events().get(1);
        assertEquals(50, k.windowEnd() - g.windowEnd());
        assertEquals(161, k.latestWhistle() - k.kickoff());
    }

    @Test
    void amplificationAndBackground_applyToTheWholeLayer() {
        Forecast f = flat("- {type: per-viewer, rate: 0.1rps}", "");
        double plain = at(f, "l", 10);
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events: [{id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1M}]
                defaultShape: flat
                shapes: {flat: {type: keyframes, points: [[0m, 100%], [60m, 100%]]}}
                layers:
                  - {name: l, unit: brokers, rpsPerUnit: 100rps, amplification: 2, background: 5k rps,
                     terms: [{type: per-viewer, rate: 0.1rps}]}
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast f2 = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        assertEquals(2 * (plain + 5000), at(f2, "l", 10), 1);
        assertEquals(2 * 5000, at(f2, "l", -300), 1);
    }

    @Test
    void delayedKickoff_movesTheWholeCurve() {
        Forecast f = flat("- {type: per-viewer, every: 6s}", "");
        String yaml = """
                name: t
                plan: {from: 2026-06-12T00:00:00Z}
                events: [{id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, delay: 30m, audience: 1M}]
                defaultShape: flat
                shapes: {flat: {type: keyframes, points: [[0m, 100%], [60m, 100%]]}}
                layers: [{name: l, unit: instances, rpsPerUnit: 100rps, terms: [{type: per-viewer, every: 6s}]}]
                """;
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
        Forecast delayed = new RpsForecaster().forecast(s, s.plan().from().orElseThrow(), 0.9, e -> true);
        assertEquals(at(f, "l", 10), at(delayed, "l", 40), 1e-6);
        assertEquals(0, at(delayed, "l", 10), 1e-6);
    }
}
