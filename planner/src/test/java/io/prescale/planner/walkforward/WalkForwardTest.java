package io.prescale.planner.walkforward;

import static io.prescale.planner.SyntheticTournament.START;
import static io.prescale.planner.SyntheticTournament.TRUTH;
import static io.prescale.planner.SyntheticTournament.traceOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk-forward replays a tournament as it would have been run: each step sees only the trace before it. */
class WalkForwardTest {
    @TempDir
    Path dir;

    static final Instant SATURDAY = Instant.parse("2026-06-20T00:00:00Z");
    static final Instant SUNDAY = Instant.parse("2026-06-21T00:00:00Z");

    private Scenario load(String name, String yaml) {
        return TestScenarios.load(TestScenarios.write(dir.resolve(name), Map.of("prescale.yaml", yaml)));
    }

    static WalkForwardSettings daily() {
        return new WalkForwardSettings(Duration.ofDays(1), Optional.empty(), CalibrationSettings.DEFAULT,
                BacktestSettings.DEFAULT);
    }

    /** The trace with every minute of {@code [from, to)} multiplied by {@code factor}. */
    static Trace perturbed(Trace t, Instant from, Instant to, double factor) {
        double[] rps = t.series().get(0).rps().clone();
        for (int i = 0; i < rps.length; i++) {
            long m = t.startMinute() + i;
            if (m >= from.getEpochSecond() / 60 && m < to.getEpochSecond() / 60) {
                rps[i] *= factor;
            }
        }
        return new Trace(t.file(), t.interval(), t.valueKind(), t.startMinute(), t.length(),
                List.of(new TraceSeries("", rps, rps, SourceLocation.of(t.file()))), List.of());
    }

    private static WalkForwardDay step(WalkForwardResult r, Instant start) {
        return r.days().stream().filter(d -> d.start().equals(start)).findFirst().orElseThrow();
    }

    @Test
    void walkForward_dayPerturbed_itsOwnPlanUnchangedAndTheNextDayLearnsFromIt() {
        // given: the same tournament twice, the second with Saturday's traffic tripled
        Scenario structure = load("start", START);
        Trace trace = traceOf(load("truth", TRUTH), id -> 1.0);
        Trace louder = perturbed(trace, SATURDAY, SUNDAY, 3);

        // when
        WalkForwardResult a = WalkForward.run(structure, trace, daily());
        WalkForwardResult b = WalkForward.run(structure, louder, daily());

        // then: the steps are the weekend's two days (the first three match days are what the first fit needs)
        assertEquals(List.of(SATURDAY, SUNDAY), a.days().stream().map(WalkForwardDay::start).toList());
        // Saturday's calibration and plan cannot see Saturday: identical whatever Saturday brought
        WalkForwardDay satA = step(a, SATURDAY);
        WalkForwardDay satB = step(b, SATURDAY);
        assertEquals(satA.calibration().orElseThrow().p50(), satB.calibration().orElseThrow().p50());
        assertArrayEquals(satA.plan().orElseThrow().schedules().get(0).requested(),
                satB.plan().orElseThrow().schedules().get(0).requested());
        assertArrayEquals(satA.plan().orElseThrow().forecast().layers().get(0).load(),
                satB.plan().orElseThrow().forecast().layers().get(0).load());
        // ... while its replay does see it, and Sunday's calibration has learned from it
        assertTrue(satB.slots().get(0).realPeakRps() > 2.5 * satA.slots().get(0).realPeakRps());
        assertNotEquals(step(a, SUNDAY).calibration().orElseThrow().p50(),
                step(b, SUNDAY).calibration().orElseThrow().p50());
    }

    @Test
    void walkForward_traceTheForecasterMade_everyStepReplayedWithItsSlotsScored() {
        // given
        Scenario structure = load("start", START);
        Trace trace = traceOf(load("truth", TRUTH), id -> 1.0);

        // when
        WalkForwardResult r = WalkForward.run(structure, trace, daily());

        // then: two steps of two slots each; the oracle is never short, the reactive autoscaler is at the kickoffs
        assertTrue(r.days().stream().allMatch(WalkForwardDay::replayed));
        assertEquals(4, r.slots().size());
        assertEquals(0, r.duringEvents().get(Strategy.ORACLE).underProvisionedMinutes());
        assertTrue(r.duringEvents().get(Strategy.REACTIVE).underProvisionedMinutes() > 0);
        assertTrue(r.days().stream().allMatch(d -> d.calibration().orElseThrow().calibrated().plan().from().isPresent()));
    }

    @Test
    void walkForward_knockoutRounds_anUnseenRoundStartsWhereTheRoundBeforeWasLearned() {
        // given: three group days, a round of 16 drawing 1.8x, then quarter-finals drawing 2.2x (weekdays only)
        String events = """
                events:
                  - {id: mon-1, stage: group, home: A, away: B, kickoff: 2026-06-15T15:00:00Z}
                  - {id: mon-2, stage: group, home: C, away: D, kickoff: 2026-06-15T19:00:00Z}
                  - {id: tue-1, stage: group, home: E, away: F, kickoff: 2026-06-16T15:00:00Z}
                  - {id: tue-2, stage: group, home: G, away: H, kickoff: 2026-06-16T19:00:00Z}
                  - {id: wed-1, stage: group, home: I, away: J, kickoff: 2026-06-17T15:00:00Z}
                  - {id: wed-2, stage: group, home: K, away: L, kickoff: 2026-06-17T19:00:00Z}
                  - {id: thu-1, stage: round-of-16, home: A, away: C, kickoff: 2026-06-18T15:00:00Z}
                  - {id: thu-2, stage: round-of-16, home: E, away: G, kickoff: 2026-06-18T19:00:00Z}
                  - {id: fri-1, stage: quarter-final, home: A, away: E, kickoff: 2026-06-19T15:00:00Z}
                  - {id: fri-2, stage: quarter-final, home: I, away: K, kickoff: 2026-06-19T19:00:00Z}
                """;
        String truth = TRUTH.replace(io.prescale.planner.SyntheticTournament.EVENTS, events)
                .replace("  teams: {Stars: 150%}", "  stages: {round-of-16: 1.8, quarter-final: 2.2}");
        Scenario structure = load("start", START.replace(io.prescale.planner.SyntheticTournament.EVENTS, events)
                .replace("  teams: {Stars: 100%}\n", ""));
        Trace trace = traceOf(load("truth", truth), id -> 1.0);

        // when
        WalkForwardResult r = WalkForward.run(structure, trace, daily());

        // then: Thursday's round of 16, never seen, is forecast at a group match's size (its prior, no effect) and
        // falls well short; Friday's quarter-finals, never seen either, start where Thursday's round of 16 was
        // learned to be, close to what they drew, not back at a group match's size
        WalkForwardDay thursday = step(r, Instant.parse("2026-06-18T00:00:00Z"));
        WalkForwardDay friday = step(r, Instant.parse("2026-06-19T00:00:00Z"));
        assertTrue(thursday.slots().stream().allMatch(s -> s.medianError() < -0.25), thursday.slots().toString());
        // (they drew 2.2 / 1.8 = 22% more than the round of 16: about 17% short from its level, where a group
        // match's size would be about 55% short)
        assertTrue(friday.slots().stream().allMatch(s -> Math.abs(s.medianError()) < 0.25), friday.slots().toString());
        var qf = friday.calibration().orElseThrow().calibrated().audience().stageFactors().get("quarter-final");
        assertEquals(1.8, qf, 0.1);
    }

    @Test
    void walkForward_startAfterTheLastEvent_isAnErrorNamingTheTrace() {
        Scenario structure = load("start", START);
        Trace trace = traceOf(load("truth", TRUTH), id -> 1.0);
        WalkForwardSettings late = new WalkForwardSettings(Duration.ofDays(1),
                Optional.of(Instant.parse("2026-06-25T00:00:00Z")), CalibrationSettings.DEFAULT, BacktestSettings.DEFAULT);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> WalkForward.run(structure, trace, late));

        assertTrue(e.diagnostics().stream().anyMatch(d -> d.summary().startsWith("no event within the trace kicks off "
                + "after the walk-forward's start") && d.location().file().equals("synthetic.csv")),
                e.diagnostics().toString());
    }
}
