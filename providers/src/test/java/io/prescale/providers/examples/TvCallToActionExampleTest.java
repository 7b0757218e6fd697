package io.prescale.providers.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figures of examples/tv-call-to-action/README.md: a TV programme sends 1M viewers to a website at 22:00. */
class TvCallToActionExampleTest {
    static final String CTA = "TV-CTA-2026-12-04";
    /** Friday 22:00 in Oslo (CET, UTC+1). */
    static final Instant CALL = Instant.parse("2026-12-04T21:00:00Z");

    static Planner.Result result;

    @BeforeAll
    static void plan() {
        Scenario s = ExampleScenarios.load(Path.of("../examples/tv-call-to-action"));
        result = ExampleScenarios.plan(s);
    }

    @Test
    void plan_fridayCallToAction_isACustomStageAtTwentyTwoLocal() {
        PlanEvent e = result.plan().events().get(0);
        assertEquals(CTA, e.id());
        assertEquals("tv-call-to-action", e.stage());
        assertEquals(CALL, e.kickoff());
        assertEquals(DayOfWeek.FRIDAY, e.kickoff().atZone(ZoneId.of("Europe/Oslo")).getDayOfWeek());
        assertEquals(1_000_000, e.audience(), 1);
        // the cta shape: on the platform from 21:59 until an hour after the call
        assertEquals(CALL.minusSeconds(60), e.windowStart());
        assertEquals(CALL.plusSeconds(61 * 60), e.latestEnd());
    }

    @Test
    void forecast_callToAction_webTierSeesAHundredTimesItsNormalTrafficWithinTwoMinutes() {
        assertEquals(1000, load("web", CALL), 1e-6);
        assertEquals(61_000, load("web", CALL.plusSeconds(60)), 1);
        assertEquals(101_000, load("web", CALL.plusSeconds(120)), 1);
        assertEquals(51_000, load("web", CALL.plusSeconds(15 * 60)), 1);
        assertEquals(1000, load("web", CALL.plusSeconds(61 * 60)), 1e-6);

        LayerSummary web = summary("web");
        assertEquals(101_000, web.peakRps());
        assertEquals(CALL.plusSeconds(120), web.peakAt());
        assertEquals(CTA, web.drivenBy());
        assertEquals(101, web.peakRps() / 1000, 1e-9, "peak / background");
        // 101,000 rps / (500 rps x 80%) = 252.5
        assertEquals(253, web.peakUnits());
        assertEquals(253, web.neededUnits());
        assertEquals(4, web.min());
    }

    @Test
    void forecast_callToAction_replicasAndLoadBalancer() {
        // 1M / 30 s + 333 background
        LayerSummary replicas = summary("registry-replicas");
        assertEquals(33_666, replicas.peakRps());
        assertEquals(25, replicas.peakUnits());
        assertEquals("plan-only", replicas.targetType());
        assertEquals(CTA, replicas.drivenBy());

        // 600k arrivals in the first minute: 10,000 new connections/s / (25 x 90%) = 444.4 -> 450 in steps of 10; the
        // requests peak a minute later (100,000 rps at 1 kB: 360 GB/h, 400 LCU with headroom) and the visitors hold
        // 1M connections (333.3 LCU, 370 with headroom), both less
        LayerSummary alb = summary("alb");
        assertEquals(100_000, alb.peakRps());
        assertEquals(CALL.plusSeconds(120), alb.peakAt());
        assertEquals(450, alb.peakUnits());
        assertEquals("new connections", alb.dimension());
        assertEquals(java.util.Map.of("new connections", 450, "active connections", 380, "processed bytes", 400),
                alb.dimensionUnits());
        assertEquals("aws-elbv2", alb.targetType());
    }

    @Test
    void plan_callToAction_preScalesWellBeforeTwentyTwoAndScalesInAfter() {
        Instant needed = CALL.plusSeconds(60);
        Change lb = change("alb", Action.PREWARM);
        assertEquals(needed.minus(Duration.ofHours(2)), lb.at());
        assertEquals(needed, lb.neededAt());
        assertEquals(0, lb.from());
        assertEquals(450, lb.to());
        assertTrue(lb.reason().contains("10k new connections/s (its largest dimension: 400 lcu before headroom)"),
                lb.reason());

        Change replicas = change("registry-replicas", Action.SCALE_OUT);
        assertEquals(needed.minus(Duration.ofHours(1)), replicas.at());
        assertEquals(2, replicas.from());
        assertEquals(25, replicas.to());

        Change web = change("web", Action.SCALE_OUT);
        assertEquals(needed.minus(Duration.ofMinutes(30)), web.at());
        assertEquals(needed, web.neededAt());
        assertEquals(4, web.from());
        assertEquals(253, web.to());
        assertEquals(List.of(CTA), web.events());
        assertTrue(web.at().isBefore(CALL.minus(Duration.ofMinutes(25))), "web requested 29 min before the call");

        // latest end 23:01 CET + cool-down
        Instant end = CALL.plusSeconds(61 * 60);
        assertScaleIn("web", end.plus(Duration.ofMinutes(20)), 253, 4);
        assertScaleIn("registry-replicas", end.plus(Duration.ofMinutes(30)), 25, 2);
        assertScaleIn("alb", end.plus(Duration.ofMinutes(60)), 450, 0);
        assertEquals(6, result.plan().effectiveChanges().size());
    }

    private static double load(String layer, Instant minute) {
        Forecast f = result.forecast();
        return f.layer(layer).orElseThrow().load()[f.indexOf(minute)];
    }

    private static LayerSummary summary(String layer) {
        return result.plan().layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow();
    }

    private static Change change(String layer, Action action) {
        List<Change> cs = result.plan().changes().stream()
                .filter(c -> c.layer().equals(layer) && c.action() == action).toList();
        assertEquals(1, cs.size(), layer + " " + action + " in " + result.plan().changes());
        return cs.get(0);
    }

    private static void assertScaleIn(String layer, Instant at, int from, int to) {
        Change c = change(layer, Action.SCALE_IN);
        assertEquals(at, c.at(), layer + " scale-in at");
        assertEquals(from, c.from());
        assertEquals(to, c.to());
    }
}
