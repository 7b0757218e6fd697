package io.prescale.planner.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.prescale.planner.SyntheticTournament.EVENTS;
import static io.prescale.planner.SyntheticTournament.START;
import static io.prescale.planner.SyntheticTournament.TRUTH;
import static io.prescale.planner.SyntheticTournament.profile;
import static io.prescale.planner.SyntheticTournament.scenario;
import static io.prescale.planner.SyntheticTournament.traceOf;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.KickoffFactor;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration recovers known parameters from a trace the forecaster itself made: a "true" scenario is forecast
 * at its median and written as the trace; calibrating a copy that starts from other values must find the true
 * ones again, and its fragments must load and forecast the same.
 */
class CalibratorTest {
    @TempDir
    Path dir;




    private Scenario load(String name, String yaml) {
        return TestScenarios.load(TestScenarios.write(dir.resolve(name), Map.of("prescale.yaml", yaml)));
    }


    private static double param(Calibration c, String name) {
        return c.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().after();
    }

    @Test
    void calibrate_traceMadeByTheForecaster_recoversItsParameters() {
        // given
        Scenario truth = load("truth", TRUTH);
        Trace trace = traceOf(truth, id -> 1.0);

        // when
        Calibration c = Calibrator.calibrate(load("start", START), trace, CalibrationSettings.DEFAULT);

        // then: every parameter comes back (to the 4 significant digits and whole seconds written)
        assertEquals(10, c.events().size());
        // the team effect is learned with shrinkage to its prior (no effect), so a hair of it stays in the base
        assertEquals(10_000, c.p50(), 50);
        assertEquals(c.p50(), c.p90(), c.p50() * 0.1, "identical slots: next to no spread");
        assertEquals(0.40, param(c, "kickoff Sat/Sun"), 0.002);
        assertEquals(0.60, param(c, "kickoff 18:00-24:00"), 0.002);
        assertEquals(1.50, c.calibrated().audience().teamFactors().get("stars"), 0.02);
        assertEquals(0.80, param(c, "shape football finalWhistle.level"), 0.005);
        assertEquals(6.0, param(c, "shape football finalWhistle.rise"), 0.1);
        assertEquals(4.0, param(c, "shape football finalWhistle.halfLife"), 0.1);
        assertEquals(300, param(c, "layer web background"), 1);
        assertTrue(c.relativeRms() < 0.005, "the fit is exact: RMS " + c.rmsRps());
        assertTrue(c.peakErrorMax() < 0.005, "peak error " + c.peakErrorMax());
    }

    @Test
    void calibrate_everyTeamLearnedUnderMaxCombine_theBaseForTeamsNotSeenStaysTrue_notLiftedByPullLostToOpponents() {
        // given: Stars draw 1.5x (the others 1x), teams combined by max (the default); calibration learns every team
        // of the calendar ("*", no effect, wide), so each of Stars' opponents, seen once and only with Stars, could
        // take part of the pull: under max only the larger factor counts, and a share left with the opponent is lost
        Scenario truth = load("truth", TRUTH);
        Trace trace = traceOf(truth, id -> 1.0);
        Scenario start = load("start", START.replace("  teams: {Stars: 100%}", "  teams: {\"*\": {}}"));

        // when
        Calibration c = Calibrator.calibrate(start, trace, CalibrationSettings.DEFAULT);

        // then: every match's forecast P50 is the truth's within 2%, and the base, what a team not seen yet is
        // forecast at, within 4% of the truth's 10k. Learned as if the two teams multiplied, a share of Stars' pull
        // stayed with each opponent, which max then dropped: the fit made it up with a base 6% high (10,590), and
        // every neutral team learned below 1 to bring its own matches back down. (With every team free in the
        // match model's fit as well, nothing pinned the base at all: it forecast 10^13.)
        for (var event : truth.events()) {
            var fitted = c.calibrated().events().stream().filter(e -> e.id().equals(event.id())).findFirst().orElseThrow();
            double forecast = c.calibrated().audience().resolve(fitted).orElseThrow().distribution().p50();
            double real = truth.audience().resolve(event).orElseThrow().distribution().p50();
            assertEquals(1.0, forecast / real, 0.02, event.id() + ": forecast " + forecast + ", truth " + real);
        }
        assertEquals(10_000, c.p50(), 400);
    }

    @Test
    void calibrate_surgeDecayingSlowerThanTheWindowsFollow_isKeptWhenTheTraceShowsIt() {
        // given: a final-whistle surge halving every 3 hours, while each fitted window follows its match for about
        // 40 minutes after the whistle. A decay slower than the windows follow is fitted again bounded by them
        // (a fit that wanders along a flat tail to a day's half-life would hold every window open for a week); here
        // the 40 minutes clearly show the slow decay, so the longer one is kept
        Scenario truth = load("truth", TRUTH.replace("halfLife: 4m", "halfLife: 3h"));
        Trace trace = traceOf(truth, id -> 1.0);

        // when
        Calibration c = Calibrator.calibrate(load("start", START), trace, CalibrationSettings.DEFAULT);

        // then
        FittedParameter halfLife = c.parameters().stream()
                .filter(p -> p.name().equals("shape football finalWhistle.halfLife")).findFirst().orElseThrow();
        assertEquals(180, halfLife.after(), 18);
        assertEquals("", halfLife.note());
    }

    @Test
    void calibrate_slotsOfDifferentSize_spreadGivesP90_medianSlotGivesP50() {
        // given: the truth with each match scaled by a known factor (log-normal-ish, median 1)
        Map<String, Double> scale = Map.of("mon-1", 0.7, "mon-2", 1.3, "tue-1", 1.0, "tue-2", 0.85, "wed-1", 1.2,
                "wed-2", 1.0, "sat-1", 0.8, "sat-2", 1.25, "sun-1", 1.0, "sun-2", 1.1);
        Scenario truth = load("truth", TRUTH);
        Trace trace = traceOf(truth, scale::get);

        // when
        Calibration c = Calibrator.calibrate(load("start", START), trace, CalibrationSettings.DEFAULT);

        // then: each slot's best scale relative to the fit follows the factors, so their spread is recovered
        double[] logs = scale.values().stream().mapToDouble(Math::log).toArray();
        double mean = java.util.Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(logs).map(v -> (v - mean) * (v - mean)).sum() / (logs.length - 1));
        assertEquals(sd, c.sigma(), 0.03);
        assertEquals(c.p50() * Math.exp(AudienceDistribution.Z90 * c.sigma()), c.p90(), c.p90() * 0.002);
        assertEquals(10, c.slots().size());
        assertTrue(c.slots().stream().noneMatch(s -> Double.isNaN(s.scale())));
    }

    @Test
    void calibrate_fragments_loadWithTheScenarioLoaderAndForecastTheCalibration() throws Exception {
        // given
        Scenario truth = load("truth", TRUTH);
        Calibration c = Calibrator.calibrate(load("start", START), traceOf(truth, id -> 1.0), CalibrationSettings.DEFAULT);

        // when: the fragments written beside a scenario that references them
        Path next = dir.resolve("next");
        TestScenarios.write(next.resolve("calibrated"), c.fragments());
        TestScenarios.write(next, Map.of("prescale.yaml", """
                name: next
                zone: UTC
                plan: {from: 2026-06-15T00:00:00Z, horizon: 8d}
                %s
                audience: calibrated/audience.yaml
                shapes: calibrated/shapes.yaml
                layers: calibrated/layers.yaml
                """.formatted(EVENTS)));
        Scenario loaded = TestScenarios.load(next);

        // then: what loads is the calibration, and each file says what it was fitted on
        assertEquals(c.calibrated().audience().base().orElseThrow().p50(), loaded.audience().base().orElseThrow().p50(), 1e-6);
        List<Double> written = c.calibrated().audience().kickoffFactors().stream().map(KickoffFactor::factor).toList();
        List<Double> read = loaded.audience().kickoffFactors().stream().map(KickoffFactor::factor).toList();
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i), read.get(i), 1e-12);
        }
        FinalWhistleSurge fw = ((MatchShape) loaded.shapes().get("football")).finalWhistleSurge();
        assertEquals(((MatchShape) c.calibrated().shapes().get("football")).finalWhistleSurge(), fw);
        assertEquals(c.calibrated().layers().get(0).background(), loaded.layers().get(0).background(), 1e-9);
        Instant at = Instant.parse("2026-06-15T00:00:00Z");
        double[] a = new RpsForecaster().forecast(c.calibrated(), at, 0.5, e -> true).layers().get(0).load();
        double[] b = new RpsForecaster().forecast(loaded, at, 0.5, e -> true).layers().get(0).load();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 1e-6);
        String audience = Files.readString(next.resolve("calibrated/audience.yaml"));
        assertTrue(audience.startsWith("# Calibrated by `prescale calibrate` from scenario synthetic and trace "
                + "synthetic.csv (per-minute counts), layer web.\n# Fitted on 10 events in 10 slots"), audience);
        assertTrue(audience.contains("# Fit error of the P50 forecast, in-sample: RMS "), audience);
        // the team effect is written as what was learned: its factor and the uncertainty left
        assertTrue(audience.matches("(?s).*\n  teams:\n    \"Stars\": \\{factor: 149\\.[0-9]+%, uncertainty: [0-9.]+%}\n.*"),
                audience);
    }

    @Test
    void calibrate_selection_byIdsAndByTime() {
        // given
        Scenario truth = load("truth", TRUTH);
        Trace trace = traceOf(truth, id -> 1.0);
        Scenario start = load("start", START);

        // when: the weekdays only
        Calibration byTime = Calibrator.calibrate(start, trace, new CalibrationSettings(Optional.empty(), List.of(),
                Optional.empty(), Optional.of(Instant.parse("2026-06-18T00:00:00Z")), CalibrationSettings.Weighting.ABSOLUTE));
        Calibration byIds = Calibrator.calibrate(start, trace, new CalibrationSettings(Optional.empty(),
                List.of("mon-1", "mon-2", "tue-1"), Optional.empty(), Optional.empty(), CalibrationSettings.Weighting.ABSOLUTE));

        // then: no weekend match was fitted, so the weekend factor is kept and says why
        assertEquals(List.of("mon-1", "mon-2", "tue-1", "tue-2", "wed-1", "wed-2"), byTime.events());
        FittedParameter weekend = byTime.parameters().stream().filter(p -> p.name().equals("kickoff Sat/Sun"))
                .findFirst().orElseThrow();
        assertFalse(weekend.fitted());
        assertEquals(1.0, weekend.after());
        assertEquals("no fitted event kicks off at that time", weekend.note());
        assertEquals(0.60, param(byTime, "kickoff 18:00-24:00"), 0.002);
        assertEquals(List.of("mon-1", "mon-2", "tue-1"), byIds.events());
    }

    @Test
    void calibrate_unseenWeekendRuleWithoutFactor_followsTheSiteRhythm_statedOneKeepsItsFactor() {
        // given: a site whose weekends run at half its weekdays, matches alike; the fit sees weekday matches only,
        // but the trace's Sunday before them
        Scenario truth = load("truth", scenario("10k", "50%", "60%", "150%", "{level: 80%, rise: 6m, halfLife: 4m}",
                profile(1)).replace("background: \n", "background:\n"));
        String start = scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%", "{level: 30%, rise: 3m, halfLife: 8m}",
                "\n      weekday: 100rps\n      weekend: 100rps");
        Scenario unstated = load("unstated", start.replace("{days: [saturday, sunday], factor: 100%}",
                "{days: [saturday, sunday]}"));
        Scenario stated = load("stated", start);
        Trace trace = traceOf(truth, id -> 1.0);
        CalibrationSettings weekdays = new CalibrationSettings(Optional.empty(), List.of(), Optional.empty(),
                Optional.of(Instant.parse("2026-06-18T00:00:00Z")), CalibrationSettings.Weighting.ABSOLUTE);

        // when
        Calibration borrowed = Calibrator.calibrate(unstated, trace, weekdays);
        Calibration kept = Calibrator.calibrate(stated, trace, weekdays);

        // then: the unstated rule starts where the background says weekends are, and the plan made from the fit
        // uses it; the stated one keeps what the user said
        FittedParameter w = borrowed.parameters().stream().filter(p -> p.name().equals("kickoff Sat/Sun"))
                .findFirst().orElseThrow();
        assertFalse(w.fitted());
        // (within 0.1: a weekday's match hours are never seen outside a match in this trace, so the profile
        // borrows them from the other hours)
        assertEquals(0.5, w.after(), 0.1);
        assertTrue(w.note().startsWith("never seen, no factor stated: follows the site's own rhythm"), w.note());
        KickoffFactor inPlan = borrowed.calibrated().audience().kickoffFactors().get(0);
        assertEquals(w.after(), inPlan.factor());
        assertFalse(inPlan.stated(), "still unseen: a later fit borrows again");
        assertEquals(1.0, param(kept, "kickoff Sat/Sun"));
        assertTrue(borrowed.calibrated().audience().kickoffFactors().get(1).stated(), "fitted: evidence now");
    }

    @Test
    void calibrate_unknownEventOrNoEvent_isAnInvalidInput() {
        // given
        Scenario start = load("start", START);
        Trace trace = traceOf(load("truth", TRUTH), id -> 1.0);

        // when
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> Calibrator.calibrate(start,
                trace, new CalibrationSettings(Optional.empty(), List.of("nope"), Optional.empty(), Optional.empty(),
                        CalibrationSettings.Weighting.ABSOLUTE)));
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> Calibrator.calibrate(start,
                trace, new CalibrationSettings(Optional.empty(), List.of(), Optional.of(Instant.parse("2030-01-01T00:00:00Z")),
                        Optional.empty(), CalibrationSettings.Weighting.ABSOLUTE)));

        // then
        assertTrue(unknown.diagnostics().get(0).summary().startsWith("no event 'nope' on layer web"),
                unknown.diagnostics().toString());
        assertTrue(none.diagnostics().stream().anyMatch(d -> d.summary().startsWith("no event to fit on")),
                none.diagnostics().toString());
    }

    @Test
    void calibrate_plantedWeeklyBackground_recoversEachHourAndTheMatchModel() {
        // given: the truth with a weekday/weekend profile, and a start whose profile is flat
        Scenario truth = load("truth", scenario("10k", "40%", "60%", "150%", "{level: 80%, rise: 6m, halfLife: 4m}",
                profile(1)).replace("background: \n", "background:\n"));
        Scenario start = load("start", scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%",
                "{level: 30%, rise: 3m, halfLife: 8m}", "\n      weekday: 100rps\n      weekend: 100rps"));
        Trace trace = traceOf(truth, id -> 1.0);

        // when
        Calibration c = Calibrator.calibrate(start, trace, CalibrationSettings.DEFAULT);

        // then: every hour of both day types comes back (weekend evenings, always inside a match window here, are
        // borrowed from the weekdays at the weekend/weekday ratio seen in the other hours), and so does the model
        var p = c.calibrated().layers().get(0).profile().orElseThrow();
        for (int h = 0; h < 24; h++) {
            assertEquals(200 + 20 * h, p.weekday()[h], 0.01 * (200 + 20 * h), "weekday " + h);
            assertEquals((200 + 20 * h) / 2.0, p.weekend()[h], 0.01 * (200 + 20 * h) / 2, "weekend " + h);
        }
        assertEquals(0, p.spread(), 0.01, "a noiseless trace strays nowhere from its hours");
        assertEquals(10_000, c.p50(), 100);
        assertEquals(0.40, param(c, "kickoff Sat/Sun"), 0.01);
        assertEquals(0.60, param(c, "kickoff 18:00-24:00"), 0.01);
        assertTrue(c.relativeRms() < 0.01, "the fit is close: RMS " + c.rmsRps());
        assertTrue(c.header().stream().anyMatch(l -> l.startsWith("fitted: layer web background profile")), c.header().toString());
    }

    @Test
    void calibrate_profileOnTooShortATrace_isAnErrorNamingTheTrace() {
        // given: a trace that is nothing but match windows (no minute of background between them)
        Scenario truth = load("truth", TRUTH);
        Trace full = traceOf(truth, id -> 1.0);
        Scenario start = load("start", scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%",
                "{level: 30%, rise: 3m, halfLife: 8m}", "\n      weekday: 100rps\n      weekend: 100rps"));
        // June 15 08:00 to June 16 08:00: Monday's two matches and about half a day around them
        int from = Math.toIntExact(Instant.parse("2026-06-15T08:00:00Z").getEpochSecond() / 60 - full.startMinute());
        double[] day = java.util.Arrays.copyOfRange(full.series().get(0).rps(), from, from + 24 * 60);
        Trace firstDay = new Trace(full.file(), full.interval(), full.valueKind(), full.startMinute() + from, day.length,
                List.of(new TraceSeries("", day, day, SourceLocation.of("synthetic.csv"))), List.of());

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Calibrator.calibrate(start, firstDay, CalibrationSettings.DEFAULT));

        // then
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.summary().contains("a background profile needs at least a day")
                && d.location().file().equals("synthetic.csv")), e.diagnostics().toString());
    }

    @Test
    void calibrate_plantedStageEffect_learnedWhereSeen_priorKeptAndBandWiderWhereNot() {
        // given: eight group matches and two round-of-16 matches drawing 1.8x; a quarter-final after the trace
        String events = EVENTS.replace("{id: sat-1, stage: group", "{id: sat-1, stage: round-of-16")
                .replace("{id: sun-2, stage: group", "{id: sun-2, stage: round-of-16")
                + "  - {id: qf-1, stage: quarter-final, home: R, away: S, kickoff: 2026-06-26T19:00:00Z}\n";
        String truthYaml = scenario("10k", "40%", "60%", "150%", "{level: 80%, rise: 6m, halfLife: 4m}", "300rps")
                .replace(EVENTS, events).replace("  teams: {Stars: 150%}", "  teams: {Stars: 150%}\n  stages: {round-of-16: 1.8}");
        Scenario truth = load("truth", truthYaml);
        Trace trace = traceOf(truth, id -> 1.0);
        int upTo = Math.toIntExact(Instant.parse("2026-06-24T00:00:00Z").getEpochSecond() / 60 - trace.startMinute());
        double[] rps = java.util.Arrays.copyOf(trace.series().get(0).rps(), upTo);
        Trace seen = new Trace(trace.file(), trace.interval(), trace.valueKind(), trace.startMinute(), upTo,
                List.of(new TraceSeries("", rps, rps, SourceLocation.of("synthetic.csv"))), List.of());
        Scenario start = load("start", scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%",
                "{level: 30%, rise: 3m, halfLife: 8m}", "100rps").replace(EVENTS, events));

        // when
        Calibration c = Calibrator.calibrate(start, seen, CalibrationSettings.DEFAULT);

        // then: the round of 16 is learned (shrunk a hair towards its prior of no effect); the quarter-final, never
        // seen and given no factor, is a step on the round of 16: it starts at the round of 16's level, keeps its
        // own full width (the round of 16's is narrower now), and its P90 band is visibly wider than a group match's
        var rules = c.calibrated().audience();
        assertEquals(1.8, rules.stageFactors().get("round-of-16"), 0.05);
        assertEquals(rules.stageFactors().get("round-of-16"), rules.stageFactors().get("quarter-final"), 0.01);
        assertEquals(io.prescale.planner.model.AudienceRules.DEFAULT_SPREAD,
                rules.uncertainties().get("stage:quarter-final"), 1e-3);
        assertTrue(rules.uncertainties().get("stage:round-of-16") < 0.5 * io.prescale.planner.model.AudienceRules.DEFAULT_SPREAD,
                "seen twice: narrower than its prior " + rules.uncertainties());
        var group = rules.resolve(c.calibrated().events().stream().filter(e -> e.id().equals("mon-1")).findFirst()
                .orElseThrow()).orElseThrow();
        var qf = rules.resolve(c.calibrated().events().stream().filter(e -> e.id().equals("qf-1")).findFirst()
                .orElseThrow()).orElseThrow();
        double groupBand = group.distribution().p90() / group.distribution().p50();
        double qfBand = qf.distribution().p90() / qf.distribution().p50();
        assertTrue(qfBand > 1.8 * groupBand - 0.8 && qfBand > groupBand + 0.5,
                "P90/P50 of the unseen quarter-final " + qfBand + " against a group match's " + groupBand);
        assertTrue(qf.explanation().contains("band widened by stage quarter-final"), qf.explanation());
        assertTrue(c.parameters().stream().anyMatch(x -> x.name().equals("stage quarter-final")
                && x.note().startsWith("never seen: a step on round-of-16 (the round before it)")), c.parameters().toString());
    }

    @Test
    void calibrate_firstKnockoutDayDrawingThreeTimesMore_goesToItsStage_notIntoTheBaseOrKickoffFactors() {
        // given: group matches a week long, each off the truth by its own scale (a spread near 0.25, as real slots
        // are), then a Sunday of round-of-16 matches drawing 3x; evidence weighs by its age (a 7-day half-life), so
        // the newest day, the knockout one, weighs most
        String events = EVENTS.replace("{id: sun-1, stage: group", "{id: sun-1, stage: round-of-16")
                .replace("{id: sun-2, stage: group", "{id: sun-2, stage: round-of-16");
        Scenario truth = load("truth", TRUTH.replace(EVENTS, events)
                .replace("  teams: {Stars: 150%}", "  teams: {Stars: 150%}\n  stages: {round-of-16: 3}"));
        Map<String, Double> scale = Map.of("mon-1", 1.3, "mon-2", 0.75, "tue-1", 1.0, "tue-2", 1.35, "wed-1", 0.7,
                "wed-2", 1.1, "sat-1", 1.25, "sat-2", 0.8, "sun-1", 1.0, "sun-2", 1.0);
        Trace trace = traceOf(truth, scale::get);
        Scenario start = load("start", START.replace(EVENTS, events));
        CalibrationSettings weighed = CalibrationSettings.DEFAULT.withHalfLife(Duration.ofDays(7));
        Calibration groupOnly = Calibrator.calibrate(start, trace, new CalibrationSettings(Optional.empty(), List.of(),
                Optional.empty(), Optional.of(Instant.parse("2026-06-21T00:00:00Z")), weighed.weighting(),
                weighed.halfLife()));

        // when
        Calibration withKnockout = Calibrator.calibrate(start, trace, weighed);

        // then: the round of 16 carries most of its 3x (shrunk towards "no effect" by one day's evidence: 2.3), and the
        // group-stage base and the evening factor stay where the group stage alone put them: the knockout day does
        // not lift every later group match, nor bend the kickoff rules
        double r16 = withKnockout.calibrated().audience().stageFactors().get("round-of-16");
        assertTrue(r16 > 2.1 && r16 < 3.3, "round of 16: " + r16);
        assertEquals(groupOnly.p50(), withKnockout.p50(), 0.08 * groupOnly.p50(),
                "base with the knockout day " + withKnockout.p50() + ", without " + groupOnly.p50());
        assertEquals(param(groupOnly, "kickoff 18:00-24:00"), param(withKnockout, "kickoff 18:00-24:00"), 0.06);
    }

    @Test
    void calibrate_eveningKnockoutTheTraceFollowsPastRegulationTime_isFittedWithoutWaitingForPenalties() {
        // given: a round-of-16 match at 19:00 whose planned window runs through extra time and penalties, and a
        // trace that ends 2.5 hours after its kickoff (at midnight CEST, say, when the next day's fit is made):
        // regulation time and its final whistle are in, extra time would not be
        String events = EVENTS.replace("{id: sun-2, stage: group", "{id: sun-2, stage: round-of-16");
        Scenario truth = load("truth", TRUTH.replace(EVENTS, events)
                .replace("  teams: {Stars: 150%}", "  teams: {Stars: 150%}\n  stages: {round-of-16: 2}"));
        Trace trace = traceOf(truth, id -> 1.0);
        int upTo = Math.toIntExact(Instant.parse("2026-06-21T21:30:00Z").getEpochSecond() / 60 - trace.startMinute());
        double[] rps = java.util.Arrays.copyOf(trace.series().get(0).rps(), upTo);
        Trace cut = new Trace(trace.file(), trace.interval(), trace.valueKind(), trace.startMinute(), upTo,
                List.of(new TraceSeries("", rps, rps, SourceLocation.of("synthetic.csv"))), List.of());

        // when
        Calibration c = Calibrator.calibrate(load("start", START.replace(EVENTS, events)), cut, CalibrationSettings.DEFAULT);

        // then: the match is fitted on what the trace holds, and its round learned from it
        assertTrue(c.events().contains("sun-2"), c.events().toString());
        assertEquals(2.0, c.calibrated().audience().stageFactors().get("round-of-16"), 0.15);
    }

    @Test
    void calibrate_statedKnockoutPrior_isKeptWhereUnseen_notSteppedFromTheRoundBefore() {
        // given: the same tournament, but the scenario states its own prior for the quarter-final
        String events = EVENTS.replace("{id: sat-1, stage: group", "{id: sat-1, stage: round-of-16")
                .replace("{id: sun-2, stage: group", "{id: sun-2, stage: round-of-16")
                + "  - {id: qf-1, stage: quarter-final, home: R, away: S, kickoff: 2026-06-26T19:00:00Z}\n";
        String truthYaml = scenario("10k", "40%", "60%", "150%", "{level: 80%, rise: 6m, halfLife: 4m}", "300rps")
                .replace(EVENTS, events).replace("  teams: {Stars: 150%}", "  teams: {Stars: 150%}\n  stages: {round-of-16: 1.8}");
        Trace trace = traceOf(load("truth", truthYaml), id -> 1.0);
        Scenario start = load("start", scenario("{p50: 4k, p90: 8k}", "100%", "100%", "100%",
                "{level: 30%, rise: 3m, halfLife: 8m}", "100rps").replace(EVENTS, events)
                .replace("  teams: {Stars: 100%}", "  teams: {Stars: 100%}\n  stages: {quarter-final: {factor: 120%, uncertainty: 50%}}"));

        // when
        Calibration c = Calibrator.calibrate(start, trace, new CalibrationSettings(Optional.empty(), List.of(),
                Optional.empty(), Optional.of(Instant.parse("2026-06-24T00:00:00Z")), CalibrationSettings.Weighting.ABSOLUTE));

        // then
        var rules = c.calibrated().audience();
        assertEquals(1.8, rules.stageFactors().get("round-of-16"), 0.05);
        assertEquals(1.2, rules.stageFactors().get("quarter-final"), 1e-9);
    }
}
