package io.prescale.planner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.EventBacktest;
import io.prescale.planner.backtest.Figures;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.PeakError;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.calibrate.Calibrator;
import io.prescale.planner.calibrate.FittedParameter;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibration loop of examples/worldcup-1998-website (loop/): calibrate on the group matches of June 10-18,
 * plan June 19-26 with the calibrated fragments, backtest the plan against the real trace. The figures asserted
 * here are the ones the example's README reports (section "The calibration loop").
 */
class Worldcup1998WebsiteLoopTest {
    private static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website");
    private static final Path LOOP = EXAMPLE.resolve("loop");
    private static final Instant UNTIL = Instant.parse("1998-06-18T22:00:00Z"); // June 19, 00:00 CEST
    private static final ZoneId CEST = ZoneId.of("Europe/Paris");
    private static final double PRICE = 0.17;

    private static Trace trace;
    private static Calibration calibration;
    private static Scenario loop;
    private static LayerBacktest web;

    @BeforeAll
    static void calibratePlanAndBacktest() {
        trace = TraceReader.load(EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv"));
        Scenario structure = ScenarioLoader.load(LOOP.resolve("structure"), Optional.empty(), Instant.EPOCH);
        calibration = Calibrator.calibrate(structure, trace, until(UNTIL));
        loop = ScenarioLoader.load(LOOP, Optional.empty(), Instant.EPOCH);
        web = backtest(loop);
    }

    static CalibrationSettings until(Instant until) {
        return new CalibrationSettings(Optional.empty(), List.of(), Optional.empty(), Optional.of(until),
                CalibrationSettings.Weighting.ABSOLUTE);
    }

    static LayerBacktest backtest(Scenario s) {
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), Instant.EPOCH);
        Planner.Result plan = Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
        BacktestResult r = Backtester.run(s, plan, trace, new BacktestSettings(List.of(), Optional.empty(),
                ReactiveSettings.DEFAULT, Map.of("web", PRICE)));
        return r.layers().get(0);
    }

    private static double after(String name) {
        return calibration.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(FittedParameter::after).orElseThrow();
    }

    @Test
    void calibrate_firstGroupMatches_givesTheCommittedFragment() throws Exception {
        // then: 22 matches, June 10-18 (22 slots)
        assertEquals(22, calibration.events().size());
        assertEquals(22, calibration.slots().size());
        assertEquals("1998-06-10-brazil-scotland", calibration.events().get(0).toString());
        assertEquals(7241, calibration.p50(), 0);
        assertEquals(11_310, calibration.p90(), 0);
        assertEquals(0.35, calibration.sigma(), 0.005);
        assertEquals(16, calibration.slots().stream().filter(x -> !Double.isNaN(x.scale())).count(),
                "the 6 weekend slots have no match load to scale");
        assertEquals(3476, calibration.minutes());
        assertTrue(calibration.iterations() <= 30, "converged in " + calibration.iterations() + " iterations (13 here)");
        assertEquals(0.0, after("kickoff Sat/Sun"), 0, "weekend matches add nothing over the background");
        assertEquals(0.573, after("kickoff 20:00-24:00"), 0.0005);
        assertEquals(0.4119, after("shape football finalWhistle.level"), 0.0001);
        assertEquals(8 + 8 / 60.0, after("shape football finalWhistle.rise"), 1e-9);
        assertEquals(30 + 56 / 60.0, after("shape football finalWhistle.halfLife"), 1e-9);
        assertEquals(378.2, after("layer web background"), 0.05);
        // the fit, in-sample (June 10-18, P50)
        assertEquals(271, calibration.rmsRps(), 1);
        assertEquals(840, calibration.meanRps(), 1);
        assertEquals(0.17, calibration.peakErrorMedian(), 0.005);
        assertEquals(0.47, calibration.peakErrorMax(), 0.005);

        // and the fragments in loop/calibrated are exactly what this calibration writes, apart from the trace's path
        for (Map.Entry<String, String> f : calibration.fragments().entrySet()) {
            String committed = Files.readString(LOOP.resolve("calibrated").resolve(f.getKey()));
            assertEquals(withoutTracePath(f.getValue()), withoutTracePath(committed), f.getKey());
        }
        AudienceRules a = loop.audience();
        assertEquals(7241, a.base().orElseThrow().p50(), 1e-6);
        assertEquals(11_310, a.base().orElseThrow().p90(), 1e-3);
        FinalWhistleSurge fw = ((MatchShape) loop.shapes().get("football")).finalWhistleSurge();
        assertEquals(Duration.ofSeconds(8 * 60 + 8), fw.rise());
    }

    /** The fragment without what may differ by machine: the trace's path, the optimizer's iteration count. */
    private static String withoutTracePath(String text) {
        return text.replaceAll("and trace \\S*requests_per_minute_until_1998-06-26.csv", "and trace <trace>")
                .replaceAll("Levenberg-Marquardt, \\d+ iterations", "Levenberg-Marquardt, N iterations");
    }

    @Test
    void backtest_unseenMatches_peakErrorOfTheCalibratedForecast() {
        // when: the 18 slots of June 19-26, none seen by the calibration
        PeakError p50 = web.peakError().get(0);
        PeakError p90 = web.peakError().get(1);
        List<double[]> weekday = slotErrors(false);
        List<double[]> weekend = slotErrors(true);

        // then
        assertEquals(18, p50.slots());
        assertEquals(0.121, p50.medianAbsolute(), 0.0005);
        assertEquals(0.446, p50.maxAbsolute(), 0.0005);
        assertEquals(-0.082, p50.medianSigned(), 0.0005);
        assertEquals(0.172, p90.medianAbsolute(), 0.0005);
        assertEquals(0.762, p90.maxAbsolute(), 0.0005);
        assertEquals(0.101, p90.medianSigned(), 0.0005);
        assertEquals(12, weekday.size());
        assertEquals(6, weekend.size());
        assertEquals(0.198, median(weekday.stream().map(e -> Math.abs(e[0])).toList()), 0.0005);
        assertEquals(0.446, weekday.stream().mapToDouble(e -> Math.abs(e[0])).max().orElseThrow(), 0.0005);
        assertEquals(0.078, median(weekend.stream().map(e -> Math.abs(e[0])).toList()), 0.0005);
        assertEquals(0.110, weekend.stream().mapToDouble(e -> Math.abs(e[0])).max().orElseThrow(), 0.0005);
    }

    @Test
    void backtest_unseenMatches_planAgainstTheBaselines() {
        // when
        Figures plan = web.figures(Strategy.PLAN);
        Figures reactive = web.figures(Strategy.REACTIVE);
        Figures fixed = web.figures(Strategy.STATIC);
        Figures oracle = web.figures(Strategy.ORACLE);

        // then: June 19 00:00 to June 27 00:00 CEST, every minute
        assertEquals(Instant.parse("1998-06-18T22:00:00Z"), web.start());
        assertEquals(11_520, web.minutes());
        assertEquals(30, web.staticUnits(), "3,554 rps at the trace's busiest minute / 120 usable rps");
        assertEquals(29, plan.peakUnits());
        Map<String, Double> planned = new LinkedHashMap<>();
        web.events().forEach(e -> planned.put(e.id(), e.forecastPeakRps()));
        assertEquals(3466, planned.get("1998-06-23-chile-cameroon"), 1);
        assertEquals(1922, planned.get("1998-06-19-nigeria-bulgaria"), 1);
        assertEquals(1267, planned.get("1998-06-19-spain-paraguay"), 1);
        assertEquals(378, planned.get("1998-06-20-japan-croatia"), 1);
        assertEquals(12, slotErrors(false).stream().filter(e -> e[1] >= 0).count()
                + slotErrors(true).stream().filter(e -> e[1] >= 0).count(), "P90 above the real peak in 12 of 18 slots");
        assertEquals(197, plan.underProvisionedMinutes());
        assertEquals(351_849, plan.requestsAboveCapacity(), 1);
        assertEquals(0, plan.saturatedMinutes());
        assertEquals(63_918, plan.overProvisionedUnitMinutes(), 0);
        assertEquals(355.19, plan.cost().orElseThrow(), 0.01);
        assertEquals(171, reactive.underProvisionedMinutes());
        assertEquals(1_320_118, reactive.requestsAboveCapacity(), 1);
        assertEquals(15, reactive.saturatedMinutes());
        assertEquals(4_722, reactive.overProvisionedUnitMinutes(), 0);
        assertEquals(187.73, reactive.cost().orElseThrow(), 0.01);
        assertEquals(0, fixed.underProvisionedMinutes());
        assertEquals(284_034, fixed.overProvisionedUnitMinutes(), 0);
        assertEquals(979.20, fixed.cost().orElseThrow(), 0.01);
        assertEquals(0, oracle.underProvisionedMinutes());
        assertEquals(174.44, oracle.cost().orElseThrow(), 0.01);

        // where the plan falls short: 188 of its 197 minutes are outside every match window, on afternoons when the
        // site ran above the 480 rps its 4-server floor carries
        Figures planDuring = web.duringEvents().get(Strategy.PLAN);
        Figures reactiveDuring = web.duringEvents().get(Strategy.REACTIVE);
        assertEquals(5_144, planDuring.minutes());
        assertEquals(9, planDuring.underProvisionedMinutes());
        assertEquals(28_550, planDuring.requestsAboveCapacity(), 1);
        assertEquals(169, reactiveDuring.underProvisionedMinutes());
        assertEquals(1_317_280, reactiveDuring.requestsAboveCapacity(), 1);
        assertEquals(273.42, planDuring.cost().orElseThrow(), 0.01);
        assertEquals(114.04, reactiveDuring.cost().orElseThrow(), 0.01);
        assertEquals(437.24, web.duringEvents().get(Strategy.STATIC).cost().orElseThrow(), 0.01);
        assertEquals(101.64, web.duringEvents().get(Strategy.ORACLE).cost().orElseThrow(), 0.01);

        // of the 9 minutes short during matches, 2 are the peak of June 25 at 16:00 and 7 the first two minutes of a
        // window (9-10 minutes before kickoff, still on the 4-server floor)
        int atPeak = 0;
        int atWindowStart = 0;
        int[] serving = web.capacity().get(Strategy.PLAN).serving();
        for (int i = 0; i < web.minutes(); i++) {
            Instant t = web.start().plusSeconds(60L * i);
            if (web.traceRps()[i] <= serving[i] * 120.0) {
                continue;
            }
            for (EventBacktest e : web.events()) {
                if (!t.isBefore(e.windowStart()) && t.isBefore(e.windowEnd())) {
                    long after = Duration.between(e.kickoff(), t).toMinutes();
                    atPeak += after >= 100 ? 1 : 0;
                    atWindowStart += after == -10 || after == -9 ? 1 : 0;
                    break;
                }
            }
        }
        assertEquals(2, atPeak);
        assertEquals(7, atWindowStart);
        assertEquals(321e6, web.requests(), 0.5e6);

        // the claim the README makes: during matches the plan is short in 9 minutes where reactive scaling is short
        // in 169, and lets 46x fewer requests go above capacity, at 2.4x the reactive cost (1.9x over the whole span)
        assertTrue(planDuring.underProvisionedMinutes() * 18 < reactiveDuring.underProvisionedMinutes());
        assertTrue(planDuring.requestsAboveCapacity() * 46 < reactiveDuring.requestsAboveCapacity());
        assertEquals(2.40, planDuring.cost().orElseThrow() / reactiveDuring.cost().orElseThrow(), 0.005);
        assertEquals(1.89, plan.cost().orElseThrow() / reactive.cost().orElseThrow(), 0.005);
    }

    @Test
    void backtest_handFittedScenario_sameSpan_inSampleForContrast() {
        // given: the shipped scenario, fitted on the whole group stage by hand, planned as of June 19
        Scenario hand = ScenarioLoader.load(EXAMPLE, Optional.of(Instant.parse("1998-06-18T22:00:00Z")), Instant.EPOCH);

        // when
        LayerBacktest h = backtest(hand.withPlanSettings(new io.prescale.planner.model.PlanSettings(
                Optional.of(Instant.parse("1998-06-18T22:00:00Z")), hand.plan().quantile(), hand.plan().maxAge(),
                Duration.ofDays(8))));

        // then: its short post-match windows scale in between matches, so the between-match load above its 4-server
        // floor shows: 823 minutes short over the span, 10 during its (shorter) match windows
        assertEquals(823, h.figures(Strategy.PLAN).underProvisionedMinutes());
        assertEquals(10, h.duringEvents().get(Strategy.PLAN).underProvisionedMinutes());
        assertEquals(256.0, h.figures(Strategy.PLAN).cost().orElseThrow(), 0.5);
        assertEquals(0.18, h.peakError().get(0).medianAbsolute(), 0.005);
        assertEquals(0.98, h.peakError().get(0).maxAbsolute(), 0.005);
    }

    @Test
    void calibrate_fromTheHandFitsSurge_findsTheSameOptimum() {
        // given: the structure, its surge started from the hand fit's 90%, 10m, 3m instead of 50%, 5m, 5m
        Scenario structure = ScenarioLoader.load(LOOP.resolve("structure"), Optional.empty(), Instant.EPOCH);
        MatchShape m = (MatchShape) structure.shapes().get("football");
        MatchShape handStart = new MatchShape(m.name(), m.preMatch(), m.preMatchLevel(), m.kickoffLevel(),
                m.halfLength(), m.addedTime(), m.firstHalfLevel(), m.halfTime(), m.halfTimeLevel(), m.secondHalfLevel(),
                m.extraTime(), m.extraTimeBreak(), m.extraTimeLevel(), m.penalties(), m.penaltiesLevel(), m.postMatch(),
                new FinalWhistleSurge(0.9, Duration.ofMinutes(10), Duration.ofMinutes(3)), m.goalSurge(), m.adBreaks(),
                m.churnPerMinute());
        Map<String, io.prescale.planner.model.AudienceShape> shapes = new LinkedHashMap<>(structure.shapes());
        shapes.put("football", handStart);
        Scenario s = new Scenario(structure.name(), structure.description(), structure.zone(), structure.plan(),
                structure.events(), structure.audience(), shapes, structure.shapeByStage(), structure.defaultShape(),
                structure.layers(), structure.baseline(), structure.inputs(), structure.warnings());

        // when
        Calibration c = Calibrator.calibrate(s, trace, until(UNTIL));

        // then: 41.0%, 8.0m, 30.7m against 41.2%, 8.1m, 30.9m from the neutral start
        FinalWhistleSurge fw = ((MatchShape) c.calibrated().shapes().get("football")).finalWhistleSurge();
        assertEquals(0.410, fw.level(), 0.0005);
        assertEquals(8.0, fw.rise().toSeconds() / 60.0, 0.05);
        assertEquals(30.7, fw.halfLife().toSeconds() / 60.0, 0.05);
    }

    @Test
    void calibrate_withAnEnglandFactor_fitsItFromItsOneMatch() {
        // given: the structure, plus a team factor for England to fit (England-Tunisia is its only match by June 18)
        Scenario structure = ScenarioLoader.load(LOOP.resolve("structure"), Optional.empty(), Instant.EPOCH);
        AudienceRules a = structure.audience();
        Map<String, Double> teams = new LinkedHashMap<>(a.teamFactors());
        teams.put("England", 1.0);
        Scenario withEngland = new Scenario(structure.name(), structure.description(), structure.zone(),
                structure.plan(), structure.events(), new AudienceRules(a.base(), teams, a.combine(), a.stageFactors(),
                a.marketFactors(), a.overrides(), a.kickoffFactors(), a.zone()), structure.shapes(),
                structure.shapeByStage(), structure.defaultShape(), structure.layers(), structure.baseline(),
                structure.inputs(), structure.warnings());

        // when
        Calibration c = Calibrator.calibrate(withEngland, trace, until(UNTIL));
        Scenario planned = new Scenario(loop.name(), loop.description(), loop.zone(), loop.plan(), loop.events(),
                c.calibrated().audience(), c.calibrated().shapes(), loop.shapeByStage(), loop.defaultShape(),
                c.calibrated().layers(), loop.baseline(), loop.inputs(), loop.warnings());
        LayerBacktest l = backtest(planned);

        // then: England's one match alone says 1.81 (a free fit); learned with shrinkage to "no effect, wide" it
        // moves part of the way, to 1.58 with its band narrowed from ±100% to ±43%; the unseen slots' P50 peak
        // error falls a little and the plan is short in fewer minutes during matches than without the factor (9)
        FittedParameter england = c.parameters().stream().filter(p -> p.name().equals("team England")).findFirst()
                .orElseThrow();
        assertEquals(1.576, england.after(), 0.005);
        assertTrue(england.note().contains("uncertainty ±100% -> ±43%"), england.note());
        assertEquals(0.110, l.peakError().get(0).medianAbsolute(), 0.0005);
        assertEquals(0.334, l.peakError().get(0).maxAbsolute(), 0.0005);
        assertEquals(7, l.duringEvents().get(Strategy.PLAN).underProvisionedMinutes());
    }

    @Test
    void readme_everyRowOfItsBacktestTables_isWhatTheBacktestGives() throws Exception {
        // given: loop/README.md's three tables: the whole span, during matches, and each unseen slot
        String readme = Files.readString(LOOP.resolve("README.md"));
        Map<String, Strategy> strategies = Map.of("plan", Strategy.PLAN, "reactive", Strategy.REACTIVE,
                "static at the peak", Strategy.STATIC, "oracle", Strategy.ORACLE);
        List<String> wrong = new ArrayList<>();

        // then: the span tables, row by row
        int rows = 0;
        for (String line : table(readme, "| whole span")) {
            String[] c = cells(line);
            Figures f = web.figures(strategies.get(c[0]));
            String requests = String.format(Locale.US, "%,d", Math.round(f.requestsAboveCapacity()))
                    + (f.requestsAboveCapacity() > 0 ? String.format(Locale.ROOT, " (%.2f%%)",
                    100 * f.requestsAboveCapacity() / web.requests()) : "");
            expect(wrong, line, c, f.underProvisionedMinutes() + "", requests,
                    String.format(Locale.US, "%,d", Math.round(f.overProvisionedUnitMinutes())),
                    String.format(Locale.US, "%,d", Math.round(f.unitHours())),
                    String.format(Locale.US, "%,d", Math.round(f.cost().orElseThrow())));
            rows++;
        }
        for (String line : table(readme, "| during matches")) {
            String[] c = cells(line);
            Figures f = web.duringEvents().get(strategies.get(c[0]));
            expect(wrong, line, c, f.underProvisionedMinutes() + "",
                    String.format(Locale.US, "%,d", Math.round(f.requestsAboveCapacity())),
                    String.format(Locale.US, "%,d", Math.round(f.cost().orElseThrow())));
            rows++;
        }

        // and each unseen slot: its matches, real, P50 and planned peaks, P50 error, minutes short in its window
        java.time.format.DateTimeFormatter slot = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM HH:mm",
                Locale.UK).withZone(CEST);
        Map<Instant, List<EventBacktest>> slots = new java.util.TreeMap<>();
        web.events().stream().filter(e -> !e.kickoff().isBefore(UNTIL))
                .forEach(e -> slots.computeIfAbsent(e.kickoff(), k -> new ArrayList<>()).add(e));
        for (List<EventBacktest> es : slots.values()) {
            EventBacktest e = es.get(0);
            String matches = String.join(" + ", es.stream().map(x -> x.title().replace(" v ", "-")).toList());
            String row = "| " + slot.format(e.kickoff()) + " | " + matches + " | "
                    + String.format(Locale.US, "%,d | %,d | %,d | %+d%% | %d min | %d min |", Math.round(e.realPeakRps()),
                    Math.round(e.medianPeakRps()), Math.round(e.forecastPeakRps()),
                    Math.round(100 * (e.medianPeakRps() - e.realPeakRps()) / e.realPeakRps()),
                    e.figures().get(Strategy.PLAN).underProvisionedMinutes(),
                    e.figures().get(Strategy.REACTIVE).underProvisionedMinutes());
            if (!readme.contains(row)) {
                wrong.add("missing: " + row);
            }
            rows++;
        }
        assertEquals(List.of(), wrong, "README rows that differ from the backtest (as they should read)");
        assertEquals(4 + 4 + 18, rows, "rows checked");
    }

    @Test
    void readme_theFitAndThePlan_everyFigureIsTheCalibrationsAndThePlans() throws Exception {
        // given: loop/README.md's sections 1 and 2, the fit and what was planned with it
        String readme = Files.readString(LOOP.resolve("README.md")).replace("**", "").replace("`", "");
        java.util.function.Function<String, FittedParameter> p = name -> calibration.parameters().stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        java.util.function.DoubleFunction<String> grouped = x -> String.format(Locale.US, "%,d", Math.round(x));
        java.util.function.DoubleFunction<String> pct = x -> String.format(Locale.ROOT, "%.0f%%", 100 * x);
        java.util.function.DoubleFunction<String> minSec = m -> {
            long sec = Math.round(m * 60);
            return sec % 60 == 0 ? sec / 60 + "m" : String.format(Locale.ROOT, "%dm%02ds", sec / 60, sec % 60);
        };
        var start = ScenarioLoader.load(LOOP.resolve("structure"), Optional.empty(), Instant.EPOCH).audience().base()
                .orElseThrow();
        FittedParameter level = p.apply("shape football finalWhistle.level");
        FittedParameter rise = p.apply("shape football finalWhistle.rise");
        FittedParameter halfLife = p.apply("shape football finalWhistle.halfLife");
        FittedParameter weekend = p.apply("kickoff Sat/Sun");
        FittedParameter evening = p.apply("kickoff 20:00-24:00");
        FittedParameter background = p.apply("layer web background");
        var worst = calibration.slots().stream().max((a, b) -> Double.compare(
                Math.abs(a.fittedPeakRps() / a.realPeakRps() - 1), Math.abs(b.fittedPeakRps() / b.realPeakRps() - 1)))
                .orElseThrow();
        Map<String, Double> planned = new LinkedHashMap<>();
        web.events().forEach(e -> planned.put(e.id(), e.forecastPeakRps()));
        double usable = loop.layer("web").orElseThrow().usablePerUnit();
        java.util.function.ToIntFunction<String> servers = id -> (int) Math.ceil(planned.get(id) / usable);

        // then
        List<String> figures = List.of(
                "| audience base | P50 " + grouped.apply(start.p50()) + ", P90 " + grouped.apply(start.p90()) + " | P50 " + grouped.apply(calibration.p50())
                        + ", P90 " + grouped.apply(calibration.p90()) + " (sigma "
                        + String.format(Locale.ROOT, "%.2f", calibration.sigma()) + ", from "
                        + calibration.slots().stream().filter(x -> !Double.isNaN(x.scale())).count() + " slots) |",
                "| kickoff factor, Saturday and Sunday | " + pct.apply(weekend.before()) + " | " + pct.apply(weekend.after())
                        + " |",
                "(the 21:00 matches) | " + pct.apply(evening.before()) + " | "
                        + String.format(Locale.ROOT, "%.1f%%", 100 * evening.after()) + " |",
                "| final-whistle surge: level, rise, half-life | " + pct.apply(level.before()) + ", "
                        + minSec.apply(rise.before()) + ", " + minSec.apply(halfLife.before()) + " | "
                        + String.format(Locale.ROOT, "%.1f%%", 100 * level.after()) + ", " + minSec.apply(rise.after())
                        + ", " + minSec.apply(halfLife.after()) + " |",
                "| background (web) | " + Math.round(background.before()) + " rps | " + Math.round(background.after())
                        + " rps |",
                "RMS error " + Math.round(calibration.rmsRps()) + " rps, " + pct.apply(calibration.rmsRps()
                        / calibration.meanRps()) + " of the mean " + Math.round(calibration.meanRps())
                        + " rps; slot peaks off by a median " + pct.apply(calibration.peakErrorMedian()) + ", at most "
                        + pct.apply(calibration.peakErrorMax()) + " (England-Tunisia, " + grouped.apply(worst.realPeakRps())
                        + " rps real against " + grouped.apply(worst.fittedPeakRps()) + ")",
                "the two-match 16:00 slots of June 23-26 at " + grouped.apply(planned.get("1998-06-23-chile-cameroon"))
                        + " rps (" + servers.applyAsInt("1998-06-23-chile-cameroon") + " servers), an afternoon weekday"
                        + " match at " + grouped.apply(planned.get("1998-06-19-nigeria-bulgaria")) + " rps ("
                        + servers.applyAsInt("1998-06-19-nigeria-bulgaria") + "), an evening one at "
                        + grouped.apply(planned.get("1998-06-19-spain-paraguay")) + " rps ("
                        + servers.applyAsInt("1998-06-19-spain-paraguay") + ", but the day's cluster keeps the"
                        + " afternoon's " + servers.applyAsInt("1998-06-19-nigeria-bulgaria") + "), weekend matches at the"
                        + " background (" + Math.round(background.after()) + " rps: the "
                        + loop.layer("web").orElseThrow().min() + "-server floor)",
                "The planned P90 is above the real peak in " + (slotErrors(false).stream().filter(e -> e[1] >= 0).count()
                        + slotErrors(true).stream().filter(e -> e[1] >= 0).count()) + " of the "
                        + (slotErrors(false).size() + slotErrors(true).size()) + " slots.");
        List<String> missing = figures.stream()
                .filter(x -> !readme.replaceAll("\\s+", " ").contains(x.replaceAll("\\s+", " "))).toList();
        assertTrue(worst.events().contains("1998-06-15-england-tunisia"), worst.events().toString());
        assertEquals(List.of(), missing, "passages of sections 1 and 2 that differ (as they should read)");
    }

    /** The body rows of the README table whose header starts with {@code header}. */
    private static List<String> table(String readme, String header) {
        String t = java.util.Arrays.stream(readme.split("\n\n")).filter(x -> x.startsWith(header)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + header));
        return t.lines().skip(2).toList();
    }

    /** Cells without their markdown emphasis. */
    private static String[] cells(String line) {
        String t = line.strip().replace("**", "");
        String[] c = t.substring(1, t.length() - 1).split("\\|");
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].strip();
        }
        return c;
    }

    private static void expect(List<String> wrong, String line, String[] c, String... figures) {
        for (int i = 0; i < figures.length; i++) {
            if (!c[i + 1].equals(figures[i])) {
                wrong.add(line + ": column " + (i + 2) + " should read " + figures[i]);
            }
        }
    }

    /** [P50 error, planned error] of each scored slot (one per kickoff), weekend or weekday (CEST). */
    private static List<double[]> slotErrors(boolean weekendSlots) {
        Map<Instant, double[]> bySlot = new LinkedHashMap<>();
        for (EventBacktest e : web.events()) {
            if (e.kickoff().isBefore(UNTIL)) {
                continue;
            }
            DayOfWeek d = e.kickoff().atZone(CEST).getDayOfWeek();
            boolean weekend = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
            if (weekend == weekendSlots) {
                bySlot.putIfAbsent(e.kickoff(), new double[] {(e.medianPeakRps() - e.realPeakRps()) / e.realPeakRps(),
                        (e.forecastPeakRps() - e.realPeakRps()) / e.realPeakRps()});
            }
        }
        return new ArrayList<>(bySlot.values());
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
