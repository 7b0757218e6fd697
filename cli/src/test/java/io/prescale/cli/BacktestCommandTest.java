package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale backtest} in-process: table and JSON output, options, and errors with file, line and field. */
class BacktestCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-12T12:00:00Z"), ZoneOffset.UTC);
    static final Instant KICKOFF = Instant.parse("2026-06-12T19:00:00Z");

    @TempDir
    Path tmp;

    private Path scenario;
    private Path trace;

    static CliRun run(String... args) {
        return CliRun.run(CLOCK, args);
    }

    /** One event of 1,000 rps for 11 minutes on 100-rps units; the trace has 1,200 rps in minute 5 (see the
     * planner's BacktesterTest for every figure worked out by hand). */
    @BeforeEach
    void writeScenarioAndTrace() throws Exception {
        scenario = tmp.resolve("show");
        Files.createDirectories(scenario);
        Files.writeString(scenario.resolve("prescale.yaml"), """
                name: show
                zone: UTC
                plan: {from: 2026-06-12T18:55:00Z, horizon: 1d}
                events:
                  - {id: E, stage: custom:show, kickoff: 2026-06-12T19:00:00Z, audience: 1000}
                defaultShape: flat
                shapes:
                  flat: {type: keyframes, points: [[0m, 100%], [10m, 100%]]}
                layers:
                  - name: web
                    unit: instances
                    rpsPerUnit: 100rps
                    headroom: 0%
                    min: 1
                    max: 100
                    warmup: 2m
                    leadTime: 0m
                    cooldown: 0m
                    coalesce: 0m
                    terms:
                      - {type: per-viewer, rate: 1rps}
                baseline: {web: 1}
                """);
        StringBuilder csv = new StringBuilder("minute_utc,requests\n");
        for (int m = -10; m < 20; m++) {
            double rps = m < 0 || m > 10 ? 50 : m == 5 ? 1200 : 900;
            csv.append(KICKOFF.plus(Duration.ofMinutes(m))).append(',').append(Math.round(rps * 60)).append('\n');
        }
        trace = tmp.resolve("observed.csv");
        Files.writeString(trace, csv);
    }

    @Test
    void backtest_table_showsEveryStrategyAndEvent() {
        // when
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "--price", "web=0.6");

        // then
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("prescale backtest: show, planned as of Jun 12 18:55 UTC for P90 audiences"), r.out());
        assertTrue(r.out().contains("reactive baseline: target 70% of each unit's rate, reaction delay 3m"), r.out());
        assertTrue(r.out().contains("web: Jun 12 18:55 UTC - Jun 12 19:13 UTC (18 min"), r.out());
        assertTrue(r.out().matches("(?s).*plan +1 min +12,000 +28 unit-min +2.3 +1.35 +10\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*reactive +5 min +240,000 .*"), r.out());
        assertTrue(r.out().matches("(?s).*static +0 min +0 .*"), r.out());
        assertTrue(r.out().matches("(?s).*oracle +0 min +0 +0 unit-min .*"), r.out());
        assertTrue(r.out().contains("forecast peak error, P50 forecast, 1 slots: median |error| 17%"), r.out());
        assertTrue(r.out().matches("(?s).*\\n +E +Jun 12 19:00 UTC +1,200.0 +1,000.0 +1,000.0 +1 min +12,000 .*"), r.out());
    }

    @Test
    void backtest_table_oneNumberStylePerColumn_whateverTheMagnitude() {
        // given: a price that puts some costs above 100 and some below, unit-hours above and below 10
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "--price", "web=55");

        // then: cents in every cost, a tenth in every unit-hours figure, whole requests with thousands separated
        assertEquals(0, r.code(), r.err());
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                " +(plan|reactive|static|oracle) +\\d+ min +(\\d{1,3}(,\\d{3})*) +(\\d{1,3}(,\\d{3})*) unit-min"
                + " +(\\d{1,3}(,\\d{3})*\\.\\d) +(\\d{1,3}(,\\d{3})*\\.\\d\\d) +\\d+");
        java.util.List<Double> costs = r.out().lines().filter(l -> l.matches(" +(plan|reactive|static|oracle) .*"))
                .map(l -> {
                    java.util.regex.Matcher m = row.matcher(l);
                    assertTrue(m.matches(), "one style per column: " + l);
                    return Double.parseDouble(m.group(8).replace(",", ""));
                }).toList();
        assertEquals(8, costs.size(), r.out());
        assertTrue(costs.stream().anyMatch(c -> c >= 100) && costs.stream().anyMatch(c -> c < 100), costs.toString());
        assertTrue(r.out().contains("100 usable rps per instance (100 at full rate); 55 per instance-hour"), r.out());
    }

    @Test
    void backtest_json_carriesFiguresPerStrategyEventsAndSeries() throws Exception {
        // when
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "--price", "web=0.6", "-o", "json",
                "--series", "--reaction-delay", "0m", "--target-utilisation", "100%");

        // then
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals("show", root.get("scenario").asText());
        assertEquals("per-minute counts", root.get("trace").get("format").asText());
        assertEquals("PT0S", root.get("reactive").get("reactionDelay").asText());
        JsonNode web = root.get("layers").get(0);
        assertEquals(18, web.get("minutes").asInt());
        JsonNode plan = web.get("strategies").get("plan");
        assertEquals(1, plan.get("underProvisionedMinutes").asInt());
        assertEquals(12_000, plan.get("requestsAboveCapacity").asLong());
        assertEquals(28, plan.get("overProvisionedUnitMinutes").asDouble(), 1e-9);
        assertEquals(1.35, plan.get("cost").asDouble(), 1e-9);
        for (String s : new String[] {"reactive", "static", "oracle"}) {
            assertTrue(web.get("strategies").has(s), s);
            assertTrue(web.get("duringEvents").has(s), s);
        }
        assertEquals(1200, web.get("events").get(0).get("realPeakRps").asDouble(), 1e-9);
        assertEquals(18, web.get("series").get("traceRps").size());
        assertEquals(18, web.get("series").get("capacity").get("reactive").get("serving").size());
        assertEquals(10, web.get("series").get("capacity").get("plan").get("running").get(3).asInt());
    }

    @Test
    void backtest_chart_drawsTraceForecastAndCapacityToPng() throws Exception {
        java.nio.file.Path png = scenario.resolve("backtest.png");
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "--chart", png.toString());
        assertEquals(0, r.code(), r.err());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() >= 800 && img.getHeight() >= 300, "a readable PNG");
        CliRun bad = run("backtest", scenario.toString(), "--trace", trace.toString(), "--chart", "x.pdf");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown extension .pdf"), bad.err());
    }

    @Test
    void backtest_noPrice_reportsNoCost() throws Exception {
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode web = PlanJson.mapper().readTree(r.out()).get("layers").get(0);
        assertTrue(web.get("pricePerUnitHour").isNull());
        assertTrue(web.get("strategies").get("plan").get("cost").isNull());
    }

    @Test
    void backtest_badTraceRows_exit1WithLineAndField() throws Exception {
        // given
        Files.writeString(trace, "minute_utc,requests\n2026-06-12T19:00:00Z,60\n2026-06-12T19:01:00,60\n"
                + "2026-06-12T19:02:00Z,lots\n");

        // when
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString());

        // then: every bad row is reported, exit code 1
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("observed.csv:3: error: minute_utc: timestamp \"2026-06-12T19:01:00\" has no offset"),
                r.err());
        assertTrue(r.err().contains("observed.csv:4: error: requests: expected a number of requests (got \"lots\")"),
                r.err());
    }

    @Test
    void backtest_priceForUnknownLayer_exit1() {
        CliRun r = run("backtest", scenario.toString(), "--trace", trace.toString(), "--price", "api=1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--price names no layer of scenario show: api"), r.err());
    }

    @Test
    void backtest_withoutTrace_isBadUsage() {
        CliRun r = run("backtest", scenario.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required option: '--trace=<file>'"), r.err());
    }

    @Test
    void backtest_help_listsEveryOptionWithItsDefault() {
        CliRun r = run("backtest", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--trace", "--layer", "--reaction-delay", "Default: 3m", "--target-utilisation",
                "Default: 70%", "--scale-in-cooldown", "--price", "--output", "--series", "--at"}) {
            assertTrue(r.out().contains(o), o + " in " + r.out());
        }
    }

    @Test
    void backtest_worldcupLoop_unseenMatches() throws Exception {
        // when: the example's loop, as its README runs it
        CliRun r = run("backtest", "../examples/worldcup-1998-website/loop", "--trace",
                "../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv", "--price", "web=0.17",
                "-o", "json");

        // then: the figures the README reports (planner's Worldcup1998WebsiteLoopTest checks them all)
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: minute_utc: 10 intervals of 1m have no row"), r.err());
        JsonNode web = PlanJson.mapper().readTree(r.out()).get("layers").get(0);
        assertEquals(9, web.get("duringEvents").get("plan").get("underProvisionedMinutes").asInt());
        assertEquals(169, web.get("duringEvents").get("reactive").get("underProvisionedMinutes").asInt());
        assertEquals(355.19, web.get("strategies").get("plan").get("cost").asDouble(), 0.01);
        assertEquals(18, web.get("forecastPeakError").get(0).get("slots").asInt());
    }

    @Test
    void backtest_walkForwardOnTheGroupStage_jsonHasEveryStepsFitAndTheTotals() throws Exception {
        // when
        CliRun r = run("backtest", "../examples/worldcup-1998-website/walk-forward", "--trace",
                "../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv", "--walk-forward",
                "--half-life", "7d", "--price", "web=0.17", "--output", "json");

        // then: 14 steps from June 13, each with its fit (the background profile by hour included), the totals
        assertEquals(0, r.code(), r.err());
        var root = io.prescale.planner.plan.PlanJson.mapper().readTree(r.out());
        assertEquals(14, root.get("steps").size());
        var first = root.get("steps").get(0);
        assertEquals("1998-06-12T22:00:00Z", first.get("start").asText());
        assertEquals(24, first.get("calibration").get("backgroundProfile").get("weekend").size());
        assertTrue(first.get("calibration").get("parameters").size() > 5);
        assertEquals(33, root.get("overall").get("slots").asInt());
        assertEquals(0, root.get("overall").get("duringEvents").get("plan+reactive").get("underProvisionedMinutes").asInt());
        assertEquals(229, root.get("overall").get("duringEvents").get("reactive").get("underProvisionedMinutes").asInt());
    }

    @Test
    void backtest_walkForwardChart_drawsTheFittedParametersPerStep() throws Exception {
        Path svg = tmp.resolve("parameters.svg");

        CliRun r = run("backtest", "../examples/worldcup-1998-website/walk-forward", "--trace",
                "../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv", "--walk-forward",
                "--walk-from", "1998-06-24T00:00+02:00", "--chart", svg.toString());

        assertEquals(0, r.code(), r.err());
        String drawn = java.nio.file.Files.readString(svg);
        assertTrue(drawn.contains("audience base") && drawn.contains("factors") && drawn.contains("background web"),
                "the three panels");
        assertTrue(drawn.contains("fit  Jun 24 00:00 CEST") && drawn.contains("fit  Jun 26 00:00 CEST"),
                "a marker at each step's fit");
    }

    @Test
    void backtest_walkForwardStepShorterThanAnHour_isAUserError() {
        CliRun r = run("backtest", "../examples/worldcup-1998-website/walk-forward", "--trace",
                "../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv", "--walk-forward",
                "--every", "30m");

        assertEquals(1, r.code());
        assertTrue(r.err().contains("--every must be an hour or longer"), r.err());
    }
}
