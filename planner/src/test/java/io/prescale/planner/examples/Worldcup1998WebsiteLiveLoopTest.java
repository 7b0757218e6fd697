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

    @Test
    void readme_figuresDerivedFromItsTables_areTheBacktests() throws Exception {
        // given: the prose figures the README draws from its tables
        String readme = java.nio.file.Files.readString(EXAMPLE.resolve("loop/live/README.md")).replaceAll("\\s+", " ");
        Map<Strategy, Figures> d = web.duringEvents();
        var romaniaEngland = web.events().stream().filter(e -> e.id().equals("1998-06-22-romania-england")).findFirst()
                .orElseThrow();
        int[] serving = web.capacity().get(Strategy.LIVE).serving();
        double usable = live.layer("web").orElseThrow().usablePerUnit();
        List<Instant> shortMinutes = new java.util.ArrayList<>();
        for (int i = 0; i < web.minutes(); i++) {
            if (web.traceRps()[i] > serving[i] * usable) {
                shortMinutes.add(web.start().plusSeconds(60L * i));
            }
        }
        java.time.format.DateTimeFormatter cest = java.time.format.DateTimeFormatter.ofPattern("MMMM d 'at' HH:mm",
                java.util.Locale.UK).withZone(java.time.ZoneId.of("Europe/Paris"));

        // then
        List<String> figures = List.of(
                String.format(java.util.Locale.ROOT, "drew %.1fx the planned P90 at the final whistle",
                        romaniaEngland.realPeakRps() / romaniaEngland.forecastPeakRps()),
                String.format(java.util.Locale.ROOT, "%.2fx the oracle's server-hours during matches",
                        d.get(Strategy.LIVE).unitMinutes() / d.get(Strategy.ORACLE).unitMinutes()),
                String.format(java.util.Locale.ROOT, "%.2fx the plan under the autoscaler: the %d extra server-hours",
                        d.get(Strategy.LIVE).unitMinutes() / d.get(Strategy.PLAN_REACTIVE).unitMinutes(),
                        Math.round(d.get(Strategy.LIVE).unitHours()) - Math.round(d.get(Strategy.PLAN_REACTIVE).unitHours())),
                "The " + shortMinutes.size() + " short minutes of the whole span are on " + cest.format(shortMinutes.get(0)) + " CEST");
        assertEquals(shortMinutes.size(), web.figures().get(Strategy.LIVE).underProvisionedMinutes());
        assertTrue(shortMinutes.stream().allMatch(t -> web.events().stream().noneMatch(e -> !t.isBefore(e.windowStart())
                && t.isBefore(e.windowEnd()))), "outside every match's window: " + shortMinutes);
        assertEquals(List.of(), figures.stream().filter(x -> !readme.replace("**", "").contains(x)).toList(),
                "passages that differ from the backtest (as they should read)");
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

    @Test
    void readme_everyFigureOfItsResultTables_isWhatTheBacktestGives() throws Exception {
        // the README's tables, row by row, against the backtest: a figure that drifts fails here
        String readme = java.nio.file.Files.readString(EXAMPLE.resolve("loop/live/README.md"));
        Map<String, Strategy> rows = new java.util.LinkedHashMap<>();
        rows.put("plan alone", Strategy.PLAN);
        rows.put("plan + reactive", Strategy.PLAN_REACTIVE);
        rows.put("plan + reactive autoscaler", Strategy.PLAN_REACTIVE);
        rows.put("reactive autoscaler alone", Strategy.REACTIVE);
        rows.put("**live**", Strategy.LIVE);
        rows.put("reactive", Strategy.REACTIVE);
        rows.put("static at the trace's peak", Strategy.STATIC);
        rows.put("oracle", Strategy.ORACLE);
        String[] tables = readme.split("\n\n");
        String during = java.util.Arrays.stream(tables).filter(t -> t.startsWith("| during matches")).findFirst()
                .orElseThrow();
        String whole = java.util.Arrays.stream(tables).filter(t -> t.startsWith("| whole span")).findFirst()
                .orElseThrow();
        int checked = 0;
        for (String line : during.lines().toList()) {
            String[] c = cells(line);
            Strategy st = strategy(rows, c[0]);
            if (st == null) {
                continue;
            }
            Figures f = web.duringEvents().get(st);
            assertEquals(f.underProvisionedMinutes(), number(c[1]), line);
            assertEquals(f.requestsAboveCapacity(), number(c[2]), c[2].endsWith("M") ? 5e3 : 0.5, line);
            assertEquals(Math.round(f.unitHours()), number(c[3]), line);
            assertEquals(f.unitMinutes() / web.duringEvents().get(Strategy.ORACLE).unitMinutes(),
                    number(c[4].replace("x", "")), 0.005, line);
            assertEquals(Math.round(f.cost().orElseThrow()), number(c[5]), line);
            checked++;
        }
        for (String line : whole.lines().toList()) {
            String[] c = cells(line);
            Strategy st = strategy(rows, c[0]);
            if (st == null) {
                continue;
            }
            Figures f = web.figures().get(st);
            assertEquals(f.underProvisionedMinutes(), number(c[1]), line);
            assertEquals(f.requestsAboveCapacity(), number(c[2]), c[2].endsWith("M") ? 5e3 : 0.5, line);
            assertEquals(Math.round(f.unitHours()), number(c[3]), line);
            assertEquals(Math.round(f.cost().orElseThrow()), number(c[4]), line);
            checked++;
        }
        assertEquals(11, checked, "rows checked");

        // the per-slot table: each row's slot found by its kickoff (CEST) and first team
        String slots = java.util.Arrays.stream(tables).filter(t -> t.startsWith("| slot (CEST)")).findFirst()
                .orElseThrow();
        int slotRows = 0;
        for (String line : slots.lines().skip(2).toList()) {
            String[] c = cells(line);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\w{3} (\\d+) Jun (\\d\\d:\\d\\d) ([^ -]+)")
                    .matcher(c[0]);
            assertTrue(m.find(), line);
            String team = m.group(3).toLowerCase(java.util.Locale.ROOT);
            java.time.ZonedDateTime kickoff = java.time.ZonedDateTime.of(java.time.LocalDate.of(1998, 6,
                    Integer.parseInt(m.group(1))), java.time.LocalTime.parse(m.group(2)),
                    java.time.ZoneId.of("Europe/Paris"));
            var event = web.events().stream().filter(e -> e.kickoff().equals(kickoff.toInstant())
                    && e.id().contains(team)).findFirst().orElseThrow(() -> new AssertionError("no slot for " + line));
            assertEquals(Math.round(event.realPeakRps()), number(c[1]), line);
            assertEquals(Math.round(event.forecastPeakRps()), number(c[2]), line);
            assertEquals(event.figures().get(Strategy.PLAN).underProvisionedMinutes(), number(c[3]), line);
            assertEquals(event.figures().get(Strategy.LIVE).underProvisionedMinutes(), number(c[4]), line);
            assertEquals(event.figures().get(Strategy.REACTIVE).underProvisionedMinutes(), number(c[5]), line);
            slotRows++;
        }
        assertEquals(7, slotRows);
    }

    private static String[] cells(String line) {
        String t = line.strip();
        if (!t.startsWith("|")) {
            return new String[] {""};
        }
        String[] c = t.substring(1, t.length() - 1).split("\\|");
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].strip();
        }
        return c;
    }

    private static Strategy strategy(Map<String, Strategy> rows, String label) {
        for (var e : rows.entrySet()) {
            if (label.equals(e.getKey()) || label.startsWith(e.getKey() + " (") || label.equals(e.getKey() + " alone")) {
                return e.getValue();
            }
        }
        return null;
    }

    private static double number(String cell) {
        String t = cell.replace("*", "").replace(",", "").strip();
        double scale = 1;
        if (t.endsWith("M")) {
            scale = 1e6;
            t = t.substring(0, t.length() - 1);
        }
        return Double.parseDouble(t) * scale;
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
