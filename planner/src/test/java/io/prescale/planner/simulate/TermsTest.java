package io.prescale.planner.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulation's term arithmetic against the deterministic forecast: a run at the plan's audience with a goal in
 * every minute of play and every ad break on time loads each layer exactly as the forecast says.
 */
class TermsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edge", "auth", "ads", "push", "heartbeat", "cdn"})
    void runAtThePlannedAudience_withAGoalInEveryMinuteOfPlay_isTheForecast(String layer) {
        // given: the tournament's first group day (no knockouts: the forecast is one outcome, not an envelope)
        String yaml = SimScenarios.TOURNAMENT.replaceAll("(?m)^  - \\{id: (K1|K2|T1|T2|T3|SHOW|FINAL),.*\\n", "")
                .replaceAll("(?m)^  (storm|england-final):.*\\n", "")
                .replace("whatIf:\n", "");
        Scenario s = SimScenarios.load(dir, yaml);
        Planner.Result plan = TestScenarios.plan(s);
        Simulation sim = Simulation.prepare(s, plan, List.of("adBreaks.jitter=0s").stream()
                .map(io.prescale.planner.model.WhatIf::parse).toList());
        RunSample sample = sim.sample(1, 0);
        EventModel[] events = sim.events();
        for (EventModel e : events) {
            sample.audience[e.index] = plan.forecast().events().get(e.index).peakAudience();
            sample.outcome[e.index] = 0;
            int n = e.play[0].length;
            sample.goalPlay[e.index] = new int[n];
            sample.goalTimes[e.index] = new int[n];
            for (int p = 0; p < n; p++) {
                sample.goalPlay[e.index][p] = p;
                sample.goalTimes[e.index][p] = 1;
            }
            sample.goals[e.index] = n;
            sample.goalCount[e.index] = n;
        }
        int l = sim.layerIndex(layer);
        LayerModel m = sim.layerModel(l);
        // when
        double[] load = ExactPath.load(m, events, sample, 0, m.gridStart, m.capacity.length);
        // then
        LayerForecast f = plan.forecast().layers().get(l);
        for (int i = 0; i < load.length; i++) {
            assertEquals(f.load()[i], load[i], 1e-9 * Math.max(1, f.load()[i]), layer + " minute " + i);
        }
        RunLoad fast = sim.fast(l, sample);
        assertEquals(f.peakLoad(), fast.peak(), 1e-9 * f.peakLoad());
    }
}
