package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Event;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.Stage;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedule computation: from a scenario to the jobs it needs, with deterministic keys, and no clock. */
class JobScheduleTest {
    static final Instant BEFORE = Instant.parse("2030-06-01T00:00:00Z");

    static Map<String, Instant> times(List<? extends DesiredJob> jobs) {
        Map<String, Instant> m = new LinkedHashMap<>();
        for (DesiredJob j : jobs) {
            if (j instanceof DesiredJob.OneShot o) {
                m.put(o.name(), o.fireAt());
            }
        }
        return m;
    }

    static Map<String, Instant> eventJobs(Scenario s, Instant now) {
        return times(JobSchedule.compute(s, List.of(), now, JobSchedule.Settings.DEFAULT));
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void schedule_cup_everyEventGetsPrescaleCheckAndScaleDownPerLayer() {
        Map<String, Instant> jobs = eventJobs(Fixtures.cup(BEFORE), BEFORE);

        assertEquals(Set.of(
                "event/G1/edge/scale-out", "event/G1/api/scale-out", "event/G1/edge/check", "event/G1/api/check",
                "event/G2/edge/check", "event/G2/api/check", "event/G2/edge/scale-down", "event/G2/api/scale-down",
                "event/FINAL/edge/scale-out", "event/FINAL/api/scale-out", "event/FINAL/edge/check",
                "event/FINAL/api/check", "event/FINAL/edge/scale-down", "event/FINAL/api/scale-down"), jobs.keySet());
        // checks run 10 minutes before kickoff
        assertEquals(t("2030-06-20T18:50:00Z"), jobs.get("event/FINAL/edge/check"));
        assertEquals(t("2030-06-12T19:20:00Z"), jobs.get("event/G2/api/check"));
    }

    @Test
    void schedule_learning_everyEventOnTheLayerGetsARefitAfterItsLatestEnd() {
        // given: the cup with live: learn: on edge (re-fit 30 minutes after each event's latest possible end)
        Scenario cup = Fixtures.cup(BEFORE);
        var live = new io.prescale.planner.model.LiveConfig(Map.of("edge", new io.prescale.planner.model.LiveConfig.Observe(
                "edge", "trace", Map.of("file", "t.csv"), io.prescale.planner.diag.SourceLocation.of("x"))),
                java.util.OptionalDouble.empty(), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(1),
                java.util.Optional.of(new io.prescale.planner.model.LearnSettings("edge", "structure", "learned",
                        Duration.ofDays(28), Duration.ofMinutes(30), java.util.Optional.empty(), false,
                        io.prescale.planner.diag.SourceLocation.of("x"))));
        Scenario learning = cup.withLive(live);

        // when
        Map<String, Instant> jobs = eventJobs(learning, BEFORE);
        Plan plan = JobSchedule.schedulePlan(learning, BEFORE);

        // then: one re-fit per event on edge, none on api, each 30 minutes after the event's latest possible end
        for (var e : plan.events()) {
            assertEquals(e.latestEnd().plus(Duration.ofMinutes(30)), jobs.get("event/" + e.id() + "/edge/learn"), e.id());
            assertFalse(jobs.containsKey("event/" + e.id() + "/api/learn"));
        }
        assertEquals(plan.events().size(), jobs.keySet().stream().filter(k -> k.endsWith("/learn")).count());
    }

    @Test
    void schedule_leadTimes_requestWarmupPlusLeadBeforeTheCapacityIsNeeded() {
        Scenario s = Fixtures.cup(BEFORE);
        Map<String, Instant> jobs = eventJobs(s, BEFORE);
        Plan p = JobSchedule.schedulePlan(s, BEFORE);

        // api (warm-up 1m) is needed from the first minute of FINAL's 45-minute ramp: requested a minute before it
        Instant ramp = p.events().stream().filter(e -> e.id().equals("FINAL")).findFirst().orElseThrow().windowStart();
        assertEquals(t("2030-06-20T18:15:00Z"), ramp);
        assertEquals(ramp.minus(Duration.ofMinutes(1)), jobs.get("event/FINAL/api/scale-out"));
        // edge (warm-up 5m + lead 10m) is needed once the ramp passes its min of 10 instances: 15 minutes before that
        Change edge = p.changes().stream().filter(c -> c.layer().equals("edge") && c.events().equals(List.of("FINAL"))
                && c.to() > c.from()).findFirst().orElseThrow();
        assertEquals(edge.neededAt().minus(Duration.ofMinutes(15)), jobs.get("event/FINAL/edge/scale-out"));
        assertEquals(t("2030-06-20T18:07:00Z"), jobs.get("event/FINAL/edge/scale-out"));
    }

    @Test
    void schedule_overlappingMatches_oneScaleDownAfterTheLaterEnds() {
        Map<String, Instant> jobs = eventJobs(Fixtures.cup(BEFORE), BEFORE);

        // G2 kicks off while G1 is still on: capacity is held through both and scaled in once, after G2
        assertFalse(jobs.containsKey("event/G1/edge/scale-down"), jobs.keySet().toString());
        assertFalse(jobs.containsKey("event/G1/api/scale-down"), jobs.keySet().toString());
        // G2: 19:30 + 2h12 (halves, half-time, added time, post-match) + cool-down 15m (edge) / 10m (api)
        assertEquals(t("2030-06-12T21:57:00Z"), jobs.get("event/G2/edge/scale-down"));
        assertEquals(t("2030-06-12T21:52:00Z"), jobs.get("event/G2/api/scale-down"));
        // both events are checked before their own kickoff
        assertEquals(t("2030-06-12T17:50:00Z"), jobs.get("event/G1/edge/check"));
        assertEquals(t("2030-06-12T19:20:00Z"), jobs.get("event/G2/edge/check"));
    }

    @ParameterizedTest(name = "{0}: scale-down at {1}")
    @CsvSource({
            "group, 2030-06-20T21:27:00Z",          // 19:00 + 2h12 + cool-down 15m
            "final, 2030-06-20T22:17:00Z",          // + extra time (5m break + 30m) and penalties (15m)
            "round-of-16, 2030-06-20T22:17:00Z"})
    void schedule_knockout_holdsThroughExtraTimeAndPenalties(String stage, String scaleDown) {
        Scenario s = Fixtures.mapEvents(Fixtures.cup(BEFORE), e -> e.id().equals("FINAL") ? withStage(e, stage) : e);

        Map<String, Instant> jobs = eventJobs(s, BEFORE);

        assertEquals(t(scaleDown), jobs.get("event/FINAL/edge/scale-down"));
        // the pre-scale does not depend on how long the match may last
        assertEquals(t("2030-06-20T18:07:00Z"), jobs.get("event/FINAL/edge/scale-out"));
    }

    static Event withStage(Event e, String stage) {
        return new Event(e.id(), e.title(), e.competition(), Stage.parse(stage), e.teams(), e.kickoff(), e.region(),
                e.shape(), e.audience(), e.delay(), e.source());
    }

    @Test
    void schedule_delayedKickoff_movesEveryJobOfTheEvent() {
        Scenario s = Fixtures.cup(BEFORE);
        Map<String, Instant> before = eventJobs(s, BEFORE);

        Map<String, Instant> after = eventJobs(Fixtures.mapEvents(s, e -> e.id().equals("FINAL")
                ? e.withDelay(Duration.ofMinutes(40)) : e), BEFORE);

        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            Duration moved = Duration.between(before.get(k), after.get(k));
            assertEquals(k.startsWith("event/FINAL/") ? Duration.ofMinutes(40) : Duration.ZERO, moved, k);
        }
    }

    @Test
    void schedule_cancelledEvent_hasNoJobs() {
        Scenario s = Fixtures.mapEvents(Fixtures.cup(BEFORE), e -> e.id().equals("FINAL") ? null : e);

        Map<String, Instant> jobs = eventJobs(s, BEFORE);

        assertTrue(jobs.keySet().stream().noneMatch(k -> k.startsWith("event/FINAL/")), jobs.keySet().toString());
        assertTrue(jobs.containsKey("event/G1/edge/scale-out"));
    }

    @Test
    void schedule_recomputedLater_givesTheSameJobsForEventsNotYetOver() {
        Scenario s = Fixtures.cup(BEFORE);
        Map<String, Instant> first = eventJobs(s, BEFORE);

        // a week later, and in the middle of G1 (its pre-scale is past but G1 has not ended: it still runs late)
        for (Instant later : List.of(t("2030-06-08T13:37:00Z"), t("2030-06-12T18:30:00Z"))) {
            Map<String, Instant> again = eventJobs(Fixtures.cup(later), later);
            assertEquals(first, again, "at " + later);
        }
    }

    @Test
    void schedule_misfirePolicy_latePrescaleOnlyUntilTheEventEnds_scaleDownAlways() {
        // FINAL's latest end is 22:02; its scale-downs are at 22:12 (api) and 22:17 (edge)
        Instant afterEnd = t("2030-06-20T22:05:00Z");
        Map<String, Instant> jobs = eventJobs(Fixtures.cup(afterEnd), afterEnd);
        assertEquals(Set.of("event/FINAL/edge/scale-down", "event/FINAL/api/scale-down"), jobs.keySet().stream()
                .filter(k -> k.startsWith("event/FINAL/")).collect(Collectors.toSet()));

        Instant later = t("2030-06-20T23:30:00Z");
        Map<String, Instant> past = eventJobs(Fixtures.cup(later), later);
        // past scale-downs stay desired (run now, only when safe); the reconciler drops those already run
        assertEquals(t("2030-06-20T22:17:00Z"), past.get("event/FINAL/edge/scale-down"));
        assertFalse(past.containsKey("event/FINAL/edge/scale-out"));
        assertFalse(past.containsKey("event/G1/edge/scale-out"), "G1 ended more than a day ago");
    }

    @Test
    void schedule_checkAfterALatePrescale_runsAMinuteAfterIt() {
        // a layer whose scale-out comes after the usual check time: check 1 minute after the request instead
        JobSchedule.Settings early = new JobSchedule.Settings(Duration.ofMinutes(50));
        Map<String, Instant> jobs = times(JobSchedule.compute(Fixtures.cup(BEFORE), List.of(), BEFORE, early));

        assertEquals(t("2030-06-20T18:10:00Z"), jobs.get("event/FINAL/edge/check")); // 19:00 - 50m
        assertEquals(t("2030-06-20T18:15:00Z"), jobs.get("event/FINAL/api/check"));  // requested 18:14, + 1m
    }

    @Test
    void schedule_isDeterministic_sameInputSameFingerprints() {
        Scenario s = Fixtures.cup(BEFORE);
        List<DesiredJob> a = JobSchedule.compute(s, Fixtures.cupRecurring(BEFORE), BEFORE, JobSchedule.Settings.DEFAULT);
        List<DesiredJob> b = JobSchedule.compute(s, Fixtures.cupRecurring(BEFORE), BEFORE, JobSchedule.Settings.DEFAULT);

        assertEquals(a.stream().map(DesiredJob::fingerprint).toList(), b.stream().map(DesiredJob::fingerprint).toList());
        assertEquals(a.size(), a.stream().map(DesiredJob::name).distinct().count(), "names are unique");
    }
}
