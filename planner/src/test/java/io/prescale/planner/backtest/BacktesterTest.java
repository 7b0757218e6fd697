package io.prescale.planner.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest small enough to work out by hand. One event: 1,000 viewers at 1 rps each from kickoff (19:00Z) for 11
 * minutes (a flat keyframe shape): the forecast is 1,000 rps in minutes 0-10. The layer's unit carries 100 rps
 * with no headroom, min 1, warm-up 2 min, no lead time, cool-down or coalescing. So the plan serves 10 units in
 * minutes 0-10 and 1 otherwise, and runs (pays for) 10 from minute -2, when they are requested. The plan is made
 * at 18:55Z; its grid ends 2 minutes after the window: the backtest replays minutes -5 to 12 (18 minutes).
 * <p>
 * The real trace: 50 rps outside the event, 900 rps in minutes 0-10 except 1,200 in minute 5.
 */
class BacktesterTest {
    static final Instant KICKOFF = Instant.parse("2026-06-12T19:00:00Z");
    static final double PRICE = 0.6;

    @TempDir
    Path dir;

    private Scenario scenario;
    private Planner.Result plan;

    @BeforeEach
    void planTheEvent() {
        scenario = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", """
                name: bt
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
                """)));
        plan = TestScenarios.plan(scenario);
    }

    /** A per-minute trace from 18:50Z to 19:20Z, rps given per minute offset from kickoff. */
    static Trace trace(IntToDoubleFunction rpsAt) {
        StringBuilder csv = new StringBuilder("minute_utc,requests\n");
        for (int m = -10; m < 20; m++) {
            csv.append(KICKOFF.plus(Duration.ofMinutes(m))).append(',').append(Math.round(rpsAt.applyAsDouble(m) * 60))
                    .append('\n');
        }
        return TraceReader.read("trace.csv", csv.toString(), new Diagnostics()).orElseThrow();
    }

    static double realRps(int m) {
        return m < 0 || m > 10 ? 50 : m == 5 ? 1200 : 900;
    }

    private LayerBacktest backtest(Trace t) {
        BacktestResult r = Backtester.run(scenario, plan, t, new BacktestSettings(List.of(), Optional.empty(),
                ReactiveSettings.DEFAULT, Map.of("web", PRICE)));
        assertEquals(1, r.layers().size());
        return r.layers().get(0);
    }

    @Test
    void backtest_replaysFromThePlanInstantToTheGridEnd() {
        // when
        LayerBacktest l = backtest(trace(BacktesterTest::realRps));

        // then
        assertEquals(KICKOFF.minus(Duration.ofMinutes(5)), l.start());
        assertEquals(18, l.minutes());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1, 1},
                l.capacity().get(Strategy.PLAN).serving());
        assertArrayEquals(new int[] {1, 1, 1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1, 1},
                l.capacity().get(Strategy.PLAN).running(), "units run from their request, warm-up included");
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 12, 9, 9, 9, 9, 9, 1, 1}, l.needed());
    }

    @Test
    void backtest_plan_underProvisionedMinutesAndRequestsAboveCapacity() {
        // when
        Figures plan = backtest(trace(BacktesterTest::realRps)).figures(Strategy.PLAN);

        // then: only minute 5 (1,200 rps on 10 units of 100) is short, by 200 rps for 60 s
        assertEquals(18, plan.minutes());
        assertEquals(1, plan.underProvisionedMinutes());
        assertEquals(12_000, plan.requestsAboveCapacity(), 1e-6);
        assertEquals(1, plan.saturatedMinutes(), "no headroom: short of usable is short of full");
    }

    @Test
    void backtest_plan_overProvisionedUnitMinutesAndCost() {
        // when
        Figures plan = backtest(trace(BacktesterTest::realRps)).figures(Strategy.PLAN);

        // then: minutes -2 and -1 run 10 units for 1 needed (9 + 9); the 10 other minutes of the event 10 for 9 (10)
        assertEquals(28, plan.overProvisionedUnitMinutes(), 1e-9);
        // 3 minutes x 1 + 13 x 10 + 2 x 1 unit-minutes, at 0.6 per unit-hour
        assertEquals(135, plan.unitMinutes(), 1e-9);
        assertEquals(135 / 60.0 * PRICE, plan.cost().orElseThrow(), 1e-9);
        assertEquals(10, plan.peakUnits());
    }

    @Test
    void backtest_staticAtTheTracePeak_andOracle() {
        // when
        LayerBacktest l = backtest(trace(BacktesterTest::realRps));
        Figures st = l.figures(Strategy.STATIC);
        Figures oracle = l.figures(Strategy.ORACLE);

        // then: static holds 12 units (1,200 rps) throughout; the oracle exactly what each minute needs
        assertEquals(12, l.staticUnits());
        assertEquals(0, st.underProvisionedMinutes());
        assertEquals(18 * 12, st.unitMinutes(), 1e-9);
        assertEquals(5 * 11 + 10 * 3 + 2 * 11, st.overProvisionedUnitMinutes(), 1e-9);
        assertEquals(0, oracle.underProvisionedMinutes());
        assertEquals(0, oracle.overProvisionedUnitMinutes(), 1e-9);
        assertEquals(5 + 10 * 9 + 12 + 2, oracle.unitMinutes(), 1e-9);
        assertEquals(oracle.unitMinutes() / 60 * PRICE, oracle.cost().orElseThrow(), 1e-9);
    }

    @Test
    void backtest_reactive_waitsForTheDelayAndTheWarmUp() {
        // when
        LayerBacktest l = backtest(trace(BacktesterTest::realRps));
        CapacitySeries r = l.capacity().get(Strategy.REACTIVE);
        Figures f = l.figures(Strategy.REACTIVE);

        // then: it sees kickoff's 900 rps at minute 3 (3 min late) and wants 13 units (900 / 70 rps); they serve
        // from minute 5 (2 min warm-up). Minute 5's 1,200 rps is seen at 8: 18 units, serving from 10. It may only
        // scale in 5 minutes after its last scaling, after the span.
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 13, 13, 13, 13, 13, 18, 18, 18}, r.serving());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 13, 13, 13, 13, 13, 18, 18, 18, 18, 18}, r.running());
        assertEquals(5, f.underProvisionedMinutes(), "minutes 0-4 on one unit");
        assertEquals(5 * (900 - 100) * 60, f.requestsAboveCapacity(), 1e-6);
        assertEquals(8 + 5 * 13 + 5 * 18, f.unitMinutes(), 1e-9);
    }

    @Test
    void backtest_perEvent_figuresOverTheEventWindow() {
        // when
        LayerBacktest l = backtest(trace(BacktesterTest::realRps));

        // then
        assertEquals(1, l.events().size());
        EventBacktest e = l.events().get(0);
        assertEquals("E", e.id());
        assertEquals(KICKOFF, e.windowStart());
        assertEquals(KICKOFF.plus(Duration.ofMinutes(11)), e.windowEnd());
        assertEquals(1200, e.realPeakRps(), 1e-9);
        assertEquals(KICKOFF.plus(Duration.ofMinutes(5)), e.realPeakAt());
        assertEquals(1000, e.forecastPeakRps(), 1e-9);
        assertEquals(1000, e.medianPeakRps(), 1e-9, "a fixed audience: P50 = P90");
        Figures p = e.figures().get(Strategy.PLAN);
        assertEquals(11, p.minutes());
        assertEquals(1, p.underProvisionedMinutes());
        assertEquals(10, p.overProvisionedUnitMinutes(), 1e-9);
        assertEquals(110, p.unitMinutes(), 1e-9);
        assertEquals(5, e.figures().get(Strategy.REACTIVE).underProvisionedMinutes());
        assertEquals(p, l.duringEvents().get(Strategy.PLAN), "one event: its window is all the event minutes");
        // the peak error: forecast 1,000 for a real 1,200
        PeakError pe = l.peakError().get(0);
        assertEquals(1, pe.slots());
        assertEquals(-1 / 6.0, pe.medianSigned(), 1e-9);
        assertEquals(1 / 6.0, pe.maxAbsolute(), 1e-9);
    }

    @Test
    void backtest_noPrice_reportsUnitHoursWithoutCost() {
        // when
        BacktestResult r = Backtester.run(scenario, plan, trace(BacktesterTest::realRps), BacktestSettings.DEFAULT);

        // then
        Figures f = r.layers().get(0).figures(Strategy.PLAN);
        assertTrue(f.cost().isEmpty());
        assertEquals(135 / 60.0, f.unitHours(), 1e-9);
    }

    @Test
    void backtest_traceOutsideThePlan_isAnInvalidInput() {
        // given: a trace of the day before
        Trace before = TraceReader.read("old.csv", """
                minute_utc,requests
                2026-06-11T19:00:00Z,60
                2026-06-11T19:01:00Z,60
                """, new Diagnostics()).orElseThrow();

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Backtester.run(scenario, plan, before, BacktestSettings.DEFAULT));

        // then
        assertTrue(e.diagnostics().get(0).summary().contains("does not overlap the plan"), e.diagnostics().toString());
    }

    @Test
    void backtest_traceNamingAnUnknownLayer_isAnInvalidInput() {
        // given
        Trace wide = TraceReader.read("wide.csv", """
                timestamp,web,api
                2026-06-12T19:00:00Z,60,60
                2026-06-12T19:01:00Z,60,60
                """, new Diagnostics()).orElseThrow();

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Backtester.run(scenario, plan, wide, BacktestSettings.DEFAULT));

        // then: the diagnostic points at the column
        assertEquals("wide.csv:1: error: api: the trace names layer 'api', which scenario bt does not have (layers: web)",
                e.diagnostics().get(0).format());
    }
}
