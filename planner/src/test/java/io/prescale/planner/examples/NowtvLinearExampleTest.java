package io.prescale.planner.examples;

import io.prescale.planner.TestScenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figures of examples/nowtv-linear/README.md: the heartbeat ripple of a season premiere, with and without jitter. */
class NowtvLinearExampleTest {
    static final String PREMIERE = "DRAMA-S3-PREMIERE";
    static final String MATCH = "PL-LIV-MUN";
    static final String SYNC = "heartbeat-sync";
    static final String JITTERED = "heartbeat-jittered";
    /** 21:00 BST. */
    static final Instant PREMIERE_START = Instant.parse("2026-09-28T20:00:00Z");

    static Planner.Result result;

    @BeforeAll
    static void plan() {
        Scenario s = TestScenarios.load(Path.of("../examples/nowtv-linear"));
        result = TestScenarios.plan(s);
    }

    @Test
    void plan_premiereAtTwoAndAHalfTimesLastYearsPeak_sizesForOnePointTwoMillion() {
        PlanEvent e = event(PREMIERE);
        assertEquals(PREMIERE_START, e.kickoff());
        // last year's 400k (P90 480k) x 2.5: P50 1M, P90 1.2M
        assertEquals(1_200_000, e.audience(), 1);
        assertEquals("base 400k x stage season-premiere 2.5 = P50 1M", e.audienceWhy());
        assertEquals(at("19:45"), e.windowStart());
        assertEquals(at("21:16"), e.latestEnd());
        assertEquals(650_000, event(MATCH).audience(), 1);
    }

    @Test
    void forecast_premiereWithoutJitter_heartbeatRippleEveryTenMinutes() {
        // given: the join wave, read from the premiere's audience curve (minutes where over 25% of it arrives)
        Forecast f = result.forecast();
        EventTimeline t = timeline(PREMIERE);
        ShapeProfile p = t.profiles().get(0);
        List<Instant> joinWave = new ArrayList<>();
        for (int i = 1; i < p.level().length; i++) {
            if (p.level()[i] - p.level()[i - 1] > 0.25) {
                joinWave.add(Instant.ofEpochSecond((t.kickoff() + p.startOffset() + i) * 60));
            }
        }
        assertEquals(List.of(at("20:01"), at("20:02")), joinWave, "80% of the audience joins at 21:01-21:02 BST");

        // then: a wave at 10-minute multiples after the join wave, over 3x the jittered load of that minute ...
        for (int k = 1; k <= 5; k++) {
            for (Instant j : joinWave) {
                Instant ripple = j.plusSeconds(600L * k);
                assertTrue(load(SYNC, ripple) > 3 * load(JITTERED, ripple), "ripple at " + ripple);
                Instant between = ripple.plusSeconds(300);
                assertTrue(load(SYNC, between) < load(JITTERED, between), "trough at " + between);
            }
        }
        // ... and nowhere else in the premiere's window
        List<Instant> ripples = new ArrayList<>();
        for (long m = t.windowStart(); m < t.windowEnd(); m++) {
            Instant minute = Instant.ofEpochSecond(m * 60);
            if (load(SYNC, minute) > 3 * load(JITTERED, minute)) {
                ripples.add(minute);
                assertTrue(joinWave.stream().anyMatch(j -> minute.isAfter(j)
                        && (minute.getEpochSecond() - j.getEpochSecond()) % 600 == 0), "not a ripple: " + minute);
            }
        }
        assertEquals(14, ripples.size(), "21:11-21:12 ... 22:11-22:12: " + ripples);
        // the first ripple is the forecast's peak: 21:11 BST, 7,936 rps
        assertEquals(at("20:11"), f.minute(f.layer(SYNC).orElseThrow().peakIndex()));
        assertEquals(7936, load(SYNC, at("20:11")), 1);
        assertEquals(7930, load(SYNC, at("20:12")), 1);
        assertEquals(170, load(SYNC, at("20:14")), 1);
        assertEquals(1986, load(JITTERED, at("20:11")), 1);
    }

    @Test
    void plan_premiere_syncNeedsFourTimesTheJitteredCapacity() {
        LayerSummary sync = summary(SYNC);
        LayerSummary jittered = summary(JITTERED);
        assertEquals(7936, sync.peakRps());
        assertEquals(at("20:11"), sync.peakAt());
        assertEquals(PREMIERE, sync.drivenBy());
        // what the forecast needs, not a figure clipped at max (200): the unbounded need, and no clipped-at-max warning
        assertEquals(40, sync.neededUnits());
        assertEquals(List.of(), result.plan().diagnostics());

        // jittered: one beat per viewer per 600 s, 1.2M / 600 = 2,000 rps
        assertEquals(2000, jittered.peakRps());
        assertEquals(1_200_000 / 600.0, jittered.peakRps(), 0.15 * 1_200_000 / 600.0);
        assertEquals(at("20:03"), jittered.peakAt());
        assertEquals(PREMIERE, jittered.drivenBy());
        assertEquals(10, jittered.neededUnits());

        double ratio = sync.peakRps() / jittered.peakRps();
        assertTrue(ratio > 3, "sync / jittered = " + ratio);
        assertEquals(3.97, ratio, 0.01);
        assertEquals(4, sync.neededUnits() / jittered.neededUnits());
    }

    @Test
    void plan_premiere_scalesOutTenMinutesBeforeEachLayerNeedsIt() {
        assertChange(SYNC, Action.SCALE_OUT, at("20:01"), at("20:11"), 4, 40);
        assertChange(JITTERED, Action.SCALE_OUT, at("19:51"), at("20:01"), 4, 10);
        // latest end 22:16 BST + cool-down 20m
        assertChange(SYNC, Action.SCALE_IN, at("21:36"), at("21:36"), 40, 4);
        assertChange(JITTERED, Action.SCALE_IN, at("21:36"), at("21:36"), 10, 4);
    }

    @Test
    void plan_footballMatch_ripplesLessBecauseItsAudienceBuildsUp() {
        // given: the match on Sunday 16:30 BST, 650k at P90
        EventTimeline t = timeline(MATCH);

        // when
        double syncPeak = peakWithin(SYNC, t);
        double jitteredPeak = peakWithin(JITTERED, t);

        // then: the second-half restart is its largest ripple, far below the premiere's
        assertEquals(1759, syncPeak, 1);
        assertEquals(650_000 / 600.0, jitteredPeak, 1);
        assertEquals(1.62, syncPeak / jitteredPeak, 0.01);
        assertChange(SYNC, Action.SCALE_OUT, Instant.parse("2026-09-27T15:21:00Z"),
                Instant.parse("2026-09-27T15:31:00Z"), 4, 9);
        assertChange(JITTERED, Action.SCALE_OUT, Instant.parse("2026-09-27T15:17:00Z"),
                Instant.parse("2026-09-27T15:27:00Z"), 4, 6);
        assertChange(SYNC, Action.SCALE_IN, Instant.parse("2026-09-27T18:02:00Z"),
                Instant.parse("2026-09-27T18:02:00Z"), 9, 4);
    }

    /** {@code hh:mm} UTC on the premiere's day. */
    private static Instant at(String utc) {
        return Instant.parse("2026-09-28T" + utc + ":00Z");
    }

    private static double load(String layer, Instant minute) {
        Forecast f = result.forecast();
        return f.layer(layer).orElseThrow().load()[f.indexOf(minute)];
    }

    private static double peakWithin(String layer, EventTimeline t) {
        double peak = 0;
        for (long m = t.windowStart(); m < t.windowEnd(); m++) {
            peak = Math.max(peak, load(layer, Instant.ofEpochSecond(m * 60)));
        }
        return peak;
    }

    private static EventTimeline timeline(String id) {
        return result.forecast().events().stream().filter(e -> e.event().id().equals(id)).findFirst().orElseThrow();
    }

    private static PlanEvent event(String id) {
        return result.plan().events().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static LayerSummary summary(String layer) {
        return result.plan().layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow();
    }

    private static void assertChange(String layer, Action action, Instant at, Instant neededAt, int from, int to) {
        List<Change> matching = result.plan().changes().stream()
                .filter(c -> c.layer().equals(layer) && c.action() == action && c.at().equals(at)).toList();
        assertEquals(1, matching.size(), layer + " " + action + " at " + at + " in " + result.plan().changes());
        Change c = matching.get(0);
        assertEquals(neededAt, c.neededAt(), layer + " needed at");
        assertEquals(from, c.from(), layer + " from");
        assertEquals(to, c.to(), layer + " to");
    }
}
