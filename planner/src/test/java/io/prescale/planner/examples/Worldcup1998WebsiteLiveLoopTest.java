package io.prescale.planner.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.CapacitySeries;
import io.prescale.planner.backtest.Figures;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibration loop run closed loop (examples/worldcup-1998-website/loop/live): the same calibrated plan of
 * June 19-26, the web layer observed, the real trace replayed through the live controller. The figures are the
 * ones loop/live/README.md reports.
 */
class Worldcup1998WebsiteLiveLoopTest {
    private static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website");
    private static final double PRICE = 0.17;

    private static Trace trace;
    private static Scenario live;
    private static LayerBacktest web;

    @BeforeAll
    static void planAndReplay() {
        trace = TraceReader.load(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"));
        live = ScenarioLoader.load(EXAMPLE.resolve("loop/live"), Optional.empty(), Instant.EPOCH);
        web = backtest(live, trace);
    }

    static LayerBacktest backtest(Scenario s, Trace t) {
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), Instant.EPOCH);
        Planner.Result plan = Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
        BacktestResult r = Backtester.run(s, plan, t, new BacktestSettings(List.of(), Optional.empty(),
                ReactiveSettings.DEFAULT, Map.of("web", PRICE)));
        return r.layers().get(0);
    }

    @Test
    void backtest_liveLoop_sixStrategiesDuringMatches() {
        Map<Strategy, Figures> d = web.duringEvents();
        assertEquals(5144, d.get(Strategy.LIVE).minutes());
        assertFigures(d.get(Strategy.PLAN), 551, 138);
        assertFigures(d.get(Strategy.PLAN_REACTIVE), 11, 146);
        assertFigures(d.get(Strategy.LIVE), 0, 155);
        assertFigures(d.get(Strategy.REACTIVE), 169, 114);
        assertFigures(d.get(Strategy.STATIC), 0, 437);
        assertFigures(d.get(Strategy.ORACLE), 0, 102);
        double ratio = d.get(Strategy.LIVE).unitMinutes() / d.get(Strategy.ORACLE).unitMinutes();
        assertEquals(1.53, ratio, 0.005, "live's unit-minutes during matches against the oracle's");
        assertTrue(ratio <= 1.6, "the goal: at most 1.6x the oracle's unit-minutes during matches");
    }

    @Test
    void backtest_liveLoop_sixStrategiesOverTheWholeSpan() {
        Map<Strategy, Figures> w = web.figures();
        assertFigures(w.get(Strategy.PLAN), 739, 212);
        assertFigures(w.get(Strategy.PLAN_REACTIVE), 13, 221);
        assertFigures(w.get(Strategy.LIVE), 2, 231);
        assertFigures(w.get(Strategy.REACTIVE), 171, 188);
        assertFigures(w.get(Strategy.ORACLE), 0, 174);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "weight halving after {1} min, a minute worth 1/{0} sample")
    @org.junit.jupiter.params.provider.CsvSource({"3, 15", "30, 60"})
    void backtest_otherEvidenceSettings_stillNoShortMinuteDuringMatches(double correlation, long memoryMinutes) {
        io.prescale.planner.live.LiveSettings d = io.prescale.planner.live.LiveSettings.DEFAULT;
        io.prescale.planner.live.LiveSettings other = new io.prescale.planner.live.LiveSettings(d.quantile(),
                d.sourceDelay(), d.staleAfter(), d.minuteNoise(), java.time.Duration.ofMinutes(memoryMinutes),
                correlation, d.surgeQuantile());
        Instant at = ScenarioLoader.effectiveAt(live, Optional.empty(), Instant.EPOCH);
        Planner.Result plan = Planner.plan(live, at, Instant.EPOCH, new ObservedState("baseline", at, live.baseline()));
        Figures f = Backtester.run(live, plan, trace, new BacktestSettings(List.of(), Optional.empty(),
                ReactiveSettings.DEFAULT, Map.of("web", PRICE), other)).layers().get(0).duringEvents().get(Strategy.LIVE);
        assertEquals(0, f.underProvisionedMinutes());
        long cost = Math.round(f.cost().orElseThrow());
        assertTrue(cost >= 155 && cost <= 156, "cost " + cost);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "plan at P{0}")
    @org.junit.jupiter.params.provider.CsvSource({"70, 0, 1.40", "50, 3, 1.35"})
    void backtest_lowerPlanQuantile_liveLeansOnTheAutoscaler(int quantile, int shortMinutes, double ratio) {
        io.prescale.planner.model.PlanSettings p = live.plan();
        Scenario lower = live.withPlanSettings(new io.prescale.planner.model.PlanSettings(p.from(), quantile / 100.0,
                p.maxAge(), p.horizon()));
        Map<Strategy, Figures> d = backtest(lower, trace).duringEvents();
        assertEquals(shortMinutes, d.get(Strategy.LIVE).underProvisionedMinutes());
        assertEquals(ratio, d.get(Strategy.LIVE).unitMinutes() / d.get(Strategy.ORACLE).unitMinutes(), 0.005);
    }

    private static void assertFigures(Figures f, int underMinutes, long cost) {
        assertEquals(underMinutes, f.underProvisionedMinutes(), f.toString());
        assertEquals(cost, Math.round(f.cost().orElseThrow()), f.toString());
    }

    @Test
    void backtest_traceChangedAfterMinuteT_noStrategyChangesItsCapacityBeforeTPlusTheDelay() {
        // given: the trace from T on (June 25, 14:40 UTC, the ramp of the busiest slot) tripled
        long t = Instant.parse("1998-06-25T14:40:00Z").getEpochSecond() / 60;
        TraceSeries s = trace.series().get(0);
        double[] rps = s.rps().clone();
        double[] peak = s.peakRps() == null ? null : s.peakRps().clone();
        for (int i = (int) (t - trace.startMinute()); i < rps.length; i++) {
            rps[i] *= 3;
            if (peak != null) {
                peak[i] *= 3;
            }
        }
        Trace changed = new Trace(trace.file(), trace.interval(), trace.valueKind(), trace.startMinute(),
                trace.length(), List.of(new TraceSeries(s.name(), rps, peak, s.source())), trace.warnings());

        // when
        LayerBacktest other = backtest(live, changed);

        // then: the reaction delay is 3 minutes; a decision at T + 3 may see minute T
        int until = (int) (t + 3 - web.start().getEpochSecond() / 60);
        for (Strategy st : List.of(Strategy.PLAN, Strategy.PLAN_REACTIVE, Strategy.LIVE, Strategy.REACTIVE)) {
            CapacitySeries a = web.capacity().get(st);
            CapacitySeries b = other.capacity().get(st);
            assertArrayEquals(Arrays.copyOf(a.running(), until), Arrays.copyOf(b.running(), until), st.id());
            assertArrayEquals(Arrays.copyOf(a.serving(), until), Arrays.copyOf(b.serving(), until), st.id());
        }
        // and the change is seen right after: the live strategy asks for more within minutes
        CapacitySeries a = web.capacity().get(Strategy.LIVE);
        CapacitySeries b = other.capacity().get(Strategy.LIVE);
        assertTrue(b.running()[until + 5] > a.running()[until + 5], "live did not react to a tripled load");
    }
}
