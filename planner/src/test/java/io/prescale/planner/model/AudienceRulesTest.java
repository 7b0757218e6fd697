package io.prescale.planner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.SourceLocation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AudienceRulesTest {
    private static final AudienceRules RULES = new AudienceRules(
            Optional.of(AudienceDistribution.fromP50P90(1_000_000, 1_500_000)),
            Map.of("England", 3.0, "Croatia", 1.2), AudienceRules.TeamCombine.MAX,
            Map.of("final", 2.0, "group", 1.0, "tv-call-to-action", 0.5), Map.of("UK", 1.0, "IE", 0.1),
            Map.of("OVERRIDE", new AudienceDistribution.Fixed(7_000_000)));

    private static Event event(String id, String stage, String region, List<String> teams) {
        return new Event(id, "", "", Stage.parse(stage), teams, ZonedDateTime.parse("2026-07-11T19:00Z"), region,
                Optional.empty(), Optional.empty(), Duration.ZERO, SourceLocation.of("t.yaml"));
    }

    @Test
    void resolve_teamStageAndMarketFactors_multiplyTheBase() {
        var r = RULES.resolve(event("F", "final", "UK", List.of("England", "Croatia"))).orElseThrow();
        assertEquals(6_000_000, r.distribution().p50(), 1);
        assertEquals(9_000_000, r.distribution().p90(), 1);
        assertTrue(r.explanation().contains("team England 3"), r.explanation());
        assertTrue(r.explanation().contains("stage final 2"), r.explanation());
    }

    @Test
    void resolve_teamsCombinedAsProduct_whenConfigured() {
        var product = new AudienceRules(RULES.base(), RULES.teamFactors(), AudienceRules.TeamCombine.PRODUCT,
                Map.of(), Map.of(), Map.of());
        var r = product.resolve(event("G", "group", "", List.of("England", "Croatia"))).orElseThrow();
        assertEquals(3_600_000, r.distribution().p50(), 1);
    }

    @Test
    void resolve_smallMarket_scalesDown() {
        var r = RULES.resolve(event("G", "group", "IE", List.of("England"))).orElseThrow();
        assertEquals(300_000, r.distribution().p50(), 1);
    }

    @Test
    void resolve_customStage_usesItsOwnFactor() {
        var r = RULES.resolve(event("C", "tv-call-to-action", "", List.of())).orElseThrow();
        assertEquals(500_000, r.distribution().p50(), 1);
    }

    @Test
    void resolve_override_winsOverRules() {
        var r = RULES.resolve(event("OVERRIDE", "final", "UK", List.of("England"))).orElseThrow();
        assertEquals(7_000_000, r.distribution().p90(), 1);
    }

    @Test
    void resolve_estimateOnTheEvent_winsOverOverride() {
        Event e = event("OVERRIDE", "final", "UK", List.of()).withAudience(new AudienceDistribution.Fixed(42));
        assertEquals(42, RULES.resolve(e).orElseThrow().distribution().p50(), 1e-9);
    }

    @Test
    void resolve_noBaseAndNoEstimate_isEmpty() {
        assertTrue(AudienceRules.none().resolve(event("X", "group", "", List.of())).isEmpty());
    }

    @Test
    void fromP50P90_logNormal_hitsBothQuantiles() {
        AudienceDistribution d = AudienceDistribution.fromP50P90(2_000_000, 3_000_000);
        assertEquals(2_000_000, d.quantile(0.5), 1);
        assertEquals(3_000_000, d.quantile(0.9), 1);
        assertTrue(d.quantile(0.99) > 3_000_000);
    }

    @Test
    void stage_parse_readsRealFixtureListSpellings() {
        assertEquals(StageKind.GROUP, Stage.parse("group stage Group A").kind());
        assertEquals(StageKind.ROUND_OF_16, Stage.parse("Round of 16").kind());
        assertEquals(StageKind.QUARTER_FINAL, Stage.parse("Quarter-finals").kind());
        assertEquals(StageKind.SEMI_FINAL, Stage.parse("Semi-finals").kind());
        assertEquals(StageKind.THIRD_PLACE, Stage.parse("Match for third place").kind());
        assertEquals(StageKind.FINAL, Stage.parse("Final").kind());
        Stage custom = Stage.parse("season-premiere");
        assertEquals(StageKind.CUSTOM, custom.kind());
        assertEquals("season-premiere", custom.key());
        assertTrue(Stage.parse("final").knockout());
    }

    @Test
    void resolve_kickoffFactors_matchLocalDayAndTime() {
        // given: a site read from work: weekend matches draw 10%, evening kickoffs (Paris time) 55%
        var rules = new AudienceRules(RULES.base(), Map.of(), AudienceRules.TeamCombine.MAX, Map.of(), Map.of(),
                Map.of(), List.of(
                        new KickoffFactor("Sat/Sun", Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Optional.empty(),
                                Optional.empty(), 0.1),
                        new KickoffFactor("20:00-24:00", Set.of(), Optional.of(LocalTime.of(20, 0)), Optional.empty(),
                                0.55)),
                ZoneId.of("Europe/Paris"));

        // then: 2026-07-11 is a Saturday and 19:00Z is 21:00 in Paris: both apply
        var r = rules.resolve(event("G", "group", "", List.of())).orElseThrow();
        assertEquals(55_000, r.distribution().p50(), 1);
        assertTrue(r.explanation().contains("kickoff Sat/Sun 0.1"), r.explanation());
        assertTrue(r.explanation().contains("kickoff 20:00-24:00 0.55"), r.explanation());
    }
}
