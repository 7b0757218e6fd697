package io.prescale.planner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.planner.walkforward.WalkForward;
import io.prescale.planner.walkforward.WalkForwardDay;
import io.prescale.planner.walkforward.WalkForwardResult;
import io.prescale.planner.walkforward.WalkForwardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures of examples/worldcup-1998-website/walk-forward/README.md: the 1998 group stage replayed as it would
 * have been run, re-calibrated before each day (from the fourth match day) on the trace before that day only.
 */
class Worldcup1998WebsiteWalkForwardTest {
    private static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website");
    static WalkForwardResult result;

    @BeforeAll
    static void walkForward() {
        Trace trace = TraceReader.load(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"));
        Scenario structure = ScenarioLoader.load(EXAMPLE.resolve("walk-forward"), Optional.empty(), Instant.EPOCH);
        result = WalkForward.run(structure, trace, new WalkForwardSettings(Duration.ofDays(1), Optional.empty(),
                CalibrationSettings.DEFAULT.withHalfLife(Duration.ofDays(7)),
                new BacktestSettings(List.of(), Optional.empty(), ReactiveSettings.DEFAULT, Map.of("web", 0.17))));
    }

    private static int short_(Strategy s) {
        return result.duringEvents().get(s).underProvisionedMinutes();
    }

    @Test
    void walkForward_groupStageFromTheFourthDay_everyDayReplayedOnWhatWasSeenBeforeIt() {
        assertEquals(14, result.days().size());
        assertEquals(Instant.parse("1998-06-12T22:00:00Z"), result.days().get(0).start());
        assertTrue(result.days().stream().allMatch(WalkForwardDay::replayed));
        assertEquals(33, result.slots().size());
        for (WalkForwardDay d : result.days()) {
            // the calibration saw nothing of its own day
            assertTrue(d.calibration().orElseThrow().slots().stream().allMatch(s -> !s.windowEnd().isAfter(d.start())),
                    d.start().toString());
        }
    }

    /** The README's row for one step: what was fitted before it and how its day went. */
    static String row(WalkForwardDay d) {
        var c = d.calibration().orElseThrow();
        double[] errs = d.slots().stream().mapToDouble(x -> Math.abs(x.medianError())).sorted().toArray();
        var p = c.calibrated().layer("web").orElseThrow().profile().orElseThrow();
        var during = d.backtest().orElseThrow().layers().get(0).duringEvents();
        return String.format(java.util.Locale.ROOT, "| %s | %d | %,.0f / %,.0f | %.0f%% | %.0f%% | %.0f-%.0f | %.0f-%.0f | %.0f%% "
                + "| %.0f%% | %.0f%% | %d | %d | %d | %d |",
                d.start().atZone(java.time.ZoneId.of("Europe/Paris")).toLocalDate().format(
                        java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH)),
                d.slots().size(), c.p50(), c.p90(), 100 * factor(c, "kickoff Sat/Sun"),
                100 * factor(c, "kickoff 20:00-24:00"),
                java.util.Arrays.stream(p.weekday()).min().orElseThrow(), java.util.Arrays.stream(p.weekday()).max().orElseThrow(),
                java.util.Arrays.stream(p.weekend()).min().orElseThrow(), java.util.Arrays.stream(p.weekend()).max().orElseThrow(),
                100 * p.spread(), 100 * WalkForwardResult.median(errs), 100 * errs[errs.length - 1],
                during.get(Strategy.PLAN).underProvisionedMinutes(), during.get(Strategy.PLAN_REACTIVE).underProvisionedMinutes(),
                during.get(Strategy.LIVE).underProvisionedMinutes(), during.get(Strategy.REACTIVE).underProvisionedMinutes());
    }

    private static double factor(io.prescale.planner.calibrate.Calibration c, String name) {
        return c.parameters().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().after();
    }

    /** The README's row for one strategy summed over the steps. */
    static String total(Strategy s, Map<Strategy, WalkForwardResult.Totals> t) {
        WalkForwardResult.Totals x = t.get(s);
        return String.format(java.util.Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.0f |", s.id(),
                x.underProvisionedMinutes(), x.requestsAboveCapacity(), x.unitHours(), x.cost().orElseThrow());
    }

    @Test
    void readme_everyStepRowAndTotal_isWhatTheWalkForwardGives() throws Exception {
        String readme = java.nio.file.Files.readString(EXAMPLE.resolve("walk-forward/README.md"));
        List<String> rows = new java.util.ArrayList<>();
        result.days().forEach(d -> rows.add(row(d)));
        for (Strategy s : Strategy.values()) {
            rows.add(total(s, result.duringEvents()));
            rows.add(total(s, result.overall()));
        }
        List<String> missing = rows.stream().filter(r -> !readme.contains(r + "\n")).toList();
        assertTrue(missing.isEmpty(), "README lacks the rows\n" + String.join("\n", missing));
        assertTrue(readme.contains(String.format(java.util.Locale.ROOT, "(%,d minutes in some match's window)",
                result.duringEvents().get(Strategy.PLAN).minutes())), "minutes in windows");
        assertTrue(readme.contains(String.format(java.util.Locale.ROOT, "median **%.0f%%**, max %.0f%%",
                100 * result.medianAbsoluteP50Error(), 100 * result.maxAbsoluteP50Error())), "overall P50 error");
    }

    /**
     * Why the 10% goal is not met: the same model fitted on the very days it is judged on (in hindsight, every match
     * weighing the same) is still off by more than the goal at the median slot, and so is one that learns every
     * team's own popularity in hindsight. No forecast made before a match can do better than its own hindsight fit.
     */
    @Test
    void hindsight_theModelFittedOnTheDaysItIsJudgedOn_isStillOffByMoreThanTheGoal() {
        Trace trace = TraceReader.load(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"));
        Scenario structure = ScenarioLoader.load(EXAMPLE.resolve("walk-forward"), Optional.empty(), Instant.EPOCH);
        var settings = new CalibrationSettings(Optional.empty(), List.of(),
                Optional.of(Instant.parse("1998-06-12T22:00:00Z")), Optional.empty(),
                CalibrationSettings.Weighting.ABSOLUTE);
        var hindsight = io.prescale.planner.calibrate.Calibrator.calibrate(structure, trace, settings);
        assertEquals(33, hindsight.slots().size());
        assertEquals(0.17, hindsight.peakErrorMedian(), 0.005);

        // every team of the calendar its own effect, "no effect, wide", learned from all its matches at once
        AudienceRules a = structure.audience();
        Map<String, Double> spreads = new java.util.HashMap<>(a.uncertainties());
        spreads.put(AudienceRules.teamKey(AudienceRules.ANY_TEAM), AudienceRules.DEFAULT_SPREAD);
        Scenario withTeams = structure.withAudience(new AudienceRules(a.base(), Map.of(AudienceRules.ANY_TEAM, 1.0),
                a.combine(), a.stageFactors(), a.marketFactors(), a.overrides(), a.kickoffFactors(), a.zone(), spreads));
        var teams = io.prescale.planner.calibrate.Calibrator.calibrate(withTeams, trace, settings);
        assertTrue(teams.parameters().stream().filter(x -> x.name().startsWith("team ")).count() >= 30,
                "every team learned");
        assertEquals(0.14, teams.peakErrorMedian(), 0.005);
    }

    @Test
    void walkForward_goals_planUnderTheAutoscalerNeverShortInAMatchWindow() {
        // the goal the example is held to (the P50 error goal, 10%, is not met: see the README)
        assertEquals(0, short_(Strategy.PLAN_REACTIVE));
        assertEquals(0, short_(Strategy.LIVE));
        assertTrue(short_(Strategy.REACTIVE) > 100, "the reactive autoscaler alone is short at every kickoff");
        assertEquals(0.154, result.medianAbsoluteP50Error(), 0.0005);
        // what it costs: server-hours against the oracle's, during matches and over the whole span
        assertEquals(2.6, result.duringEvents().get(Strategy.PLAN_REACTIVE).unitHours()
                / result.duringEvents().get(Strategy.ORACLE).unitHours(), 0.05);
        assertEquals(2.0, result.overall().get(Strategy.PLAN_REACTIVE).unitHours()
                / result.overall().get(Strategy.ORACLE).unitHours(), 0.05);
    }
}
