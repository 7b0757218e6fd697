package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.metrics.RealPrometheus;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale watch} end to end: the 1998 World Cup site's real load backfilled into a real Prometheus, the
 * live loop example's calibrated plan, the controller deciding at a fixed clock during Romania-England (June 22,
 * kickoff 21:00 CEST), whose final-whistle surge ran far above the plan.
 */
class WatchCommandTest {
    static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website").toAbsolutePath().normalize();
    /** Four minutes before the latest whistle of Romania-England: the surge is due within the scale-up time. */
    static final Instant BEFORE_WHISTLE = Instant.parse("1998-06-22T20:41:30Z");

    @TempDir
    static Path tmp;
    static RealPrometheus prometheus;

    @BeforeAll
    static void backfillTheSitesLoad() {
        Trace t = TraceReader.load(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"));
        long from = Instant.parse("1998-06-12T00:00:00Z").getEpochSecond() / 60;
        long to = Instant.parse("1998-06-22T21:00:00Z").getEpochSecond() / 60;
        double[] v = new double[(int) (to - from)];
        for (int i = 0; i < v.length; i++) {
            v[i] = Trace.rpsAt(t.series().get(0), t.startMinute(), from + i);
        }
        prometheus = RealPrometheus.start(tmp, from, Map.of("site_requests_per_second{site=\"worldcup98\"}", v));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** The live loop example, its layer on the given target, observed through the given source. */
    static Path scenario(Path dir, String target, String source) throws Exception {
        Files.createDirectories(dir);
        String layers = Files.readString(EXAMPLE.resolve("loop/calibrated/layers.yaml"))
                .replace("target: {type: plan-only}", "target: " + target);
        Files.writeString(dir.resolve("layers.yaml"), layers);
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: watch-test
                zone: Europe/Paris
                plan: {from: 1998-06-19T00:00+02:00, quantile: p90, maxAge: 1h, horizon: 8d}
                calendar: {file: %s, zone: Europe/Paris}
                audience: %s
                shapes: %s
                layers: layers.yaml
                baseline: {web: 4}
                live:
                  delay: 3m
                  observe:
                    web: %s
                """.formatted(EXAMPLE.resolve("schedule.csv"), EXAMPLE.resolve("loop/calibrated/audience.yaml"),
                EXAMPLE.resolve("loop/calibrated/shapes.yaml"), source));
        return dir;
    }

    /** The JSON lines a run printed, one a tick. */
    static List<JsonNode> ticks(CliRun r) {
        ObjectMapper m = new ObjectMapper();
        return Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith("{")).map(l -> {
            try {
                return m.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
    }

    static CliRun run(Instant now, ProviderRegistry registry, String... args) {
        return run(Clock.fixed(now, ZoneOffset.UTC), registry, args);
    }

    static CliRun run(Clock clock, ProviderRegistry registry, String... args) {
        return CliRun.run(clock, () -> registry, args);
    }

    static String prometheusSource() {
        return "{type: prometheus, url: \"" + prometheus.url() + "\", query: 'sum(site_requests_per_second)'}";
    }

    @Test
    void watch_realPrometheusBeforeTheEnglandWhistle_raisesTheGroupAboveThePlan() throws Exception {
        // given: the group as the plan left it (11 instances for this match)
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("web-asg", 11);
        Path dir = scenario(tmp.resolve("real"), "{type: aws-asg, name: web-asg}", prometheusSource());

        // when
        CliRun r = run(BEFORE_WHISTLE, new ProviderRegistry().register(asg.factory()), "watch", dir.toString(), "--once",
                "--output", "json", "--audit-log", tmp.resolve("real-audit.jsonl").toString());

        // then
        assertEquals(0, r.code(), r.err());
        JsonNode web = ticks(r).get(0).path("layers").get(0);
        int plan = web.path("planUnits").asInt();
        int asked = web.path("unitsAsked").asInt();
        assertTrue(asked > plan, "asked " + asked + " with the plan at " + plan + ": " + web);
        assertTrue(web.path("observed").asDouble() > web.path("forecast").asDouble(), web.toString());
        assertEquals("APPLIED", web.path("action").path("status").asText(), web.toString());
        assertEquals(asked, asg.units.get("web-asg"), "the group was raised to what the controller asked");
        String audit = Files.readString(tmp.resolve("real-audit.jsonl"));
        assertTrue(audit.contains("\"result\":\"APPLIED\"") && audit.contains("re-forecast"), audit);
    }

    @Test
    void watch_replayOfTheTraceFromAPastInstant_decidesAsThatMinuteWouldHave() throws Exception {
        // given: the example itself, its web layer observed from the recorded trace
        Path example = EXAMPLE.resolve("loop/live");

        // when: replayed from two minutes before the Romania-England surge, fast
        CliRun r = run(Clock.systemUTC(), new ProviderRegistry(), "watch", example.toString(), "--replay-from",
                "1998-06-22T20:41:00Z", "--speed", "600", "--ticks", "2", "--dry-run", "--output", "json",
                "--audit-log", tmp.resolve("replay-audit.jsonl").toString());

        // then
        assertEquals(0, r.code(), r.err());
        List<JsonNode> ticks = ticks(r);
        assertEquals(2, ticks.size(), r.out());
        assertTrue(ticks.get(0).path("at").asText().startsWith("1998-06-22T20:4"), ticks.get(0).toString());
        JsonNode web = ticks.get(0).path("layers").get(0);
        assertTrue(web.path("unitsAsked").asInt() > web.path("planUnits").asInt(), web.toString());
        assertTrue(ticks.get(1).path("at").asText().compareTo(ticks.get(0).path("at").asText()) > 0);
    }

    @Test
    void watch_dryRun_changesNothing() throws Exception {
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("web-asg", 11);
        Path dir = scenario(tmp.resolve("dry"), "{type: aws-asg, name: web-asg}", prometheusSource());

        CliRun r = run(BEFORE_WHISTLE, new ProviderRegistry().register(asg.factory()), "watch", dir.toString(), "--once",
                "--dry-run", "--audit-log", tmp.resolve("dry-audit.jsonl").toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(11, asg.units.get("web-asg"));
        assertTrue(r.out().contains("DRY_RUN"), r.out());
    }

    @Test
    void watch_unreachableSource_keepsThePlanReportsOnceAndExitsOne() throws Exception {
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("web-asg", 11);
        Path dir = scenario(tmp.resolve("down"), "{type: aws-asg, name: web-asg}",
                "{type: prometheus, url: \"http://127.0.0.1:1\", query: up}");

        CliRun r = run(BEFORE_WHISTLE, new ProviderRegistry().register(asg.factory()), "watch", dir.toString(), "--once",
                "--output", "json", "--history", "0d", "--audit-log", tmp.resolve("down-audit.jsonl").toString());

        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode web = ticks(r).get(0).path("layers").get(0);
        assertEquals("STALE", web.path("state").asText(), web.toString());
        int plan = web.path("planUnits").asInt();
        int asked = web.path("unitsAsked").asInt();
        // blind, it keeps the most the plan asked since it went blind: it does not follow the plan's tail down
        assertTrue(asked >= plan, web.toString());
        assertTrue(web.path("reason").asText().contains("keeping " + asked), web.toString());
        assertEquals(asked, asg.units.get("web-asg"));
        long lines = r.err().lines().filter(l -> l.contains("cannot reach")).count();
        assertEquals(1, lines, "reported once, not once per read: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
