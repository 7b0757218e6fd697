package io.prescale.planner.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.WhatIf;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.sizing.LayerSchedule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation's figures against what the scenario says they must be. */
class SimulationTest {
    @TempDir
    Path dir;

    /** A lognormal audience (P50 1M, P90 1.5M) on a per-viewer layer: load = audience / 6 s. */
    private Scenario perViewer(String extra) {
        return SimScenarios.load(dir, SimScenarios.single("{p50: 1M, p90: 1.5M}", "- {type: per-viewer, every: 6s}",
                extra));
    }

    @Test
    void simulate_sameSeed_identicalWithOneAndFourThreads() {
        // given
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Simulation sim = SimScenarios.prepare(s);
        // when: a run count that leaves a partial block
        SimulationResult one = sim.run(3001, 7, 1, null);
        SimulationResult four = sim.run(3001, 7, 4, null);
        SimulationResult other = sim.run(3001, 8, 4, null);
        // then
        assertEquals(one.observed(), four.observed());
        assertEquals(one.cost(), four.cost());
        for (int l = 0; l < one.layers().size(); l++) {
            SimulationResult.LayerResult a = one.layers().get(l);
            SimulationResult.LayerResult b = four.layers().get(l);
            assertArrayEquals(a.peaks(), b.peaks(), a.name());
            assertEquals(a.peakLoad(), b.peakLoad(), a.name());
            assertEquals(a.units(), b.units(), a.name());
            assertEquals(a.exceeded(), b.exceeded(), a.name());
            assertEquals(a.needUnitHours(), b.needUnitHours(), a.name());
        }
        assertFalse(Arrays.equals(one.layer("edge").peaks(), other.layer("edge").peaks()), "another seed, other runs");
    }

    @Test
    void simulate_progress_reportsEveryRunOnce() {
        Scenario s = perViewer("");
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger();
        SimScenarios.prepare(s).run(1000, 1, 2, d -> last.accumulateAndGet(d, Math::max));
        assertEquals(1000, last.get());
    }

    @Test
    void fixedAudience_peakHasNoSpread_andEqualsThePlan() {
        Scenario s = SimScenarios.load(dir, SimScenarios.single("2M", "- {type: per-viewer, every: 6s}", ""));
        SimulationResult r = SimScenarios.prepare(s).run(2000, 1, 2, null);
        SimulationResult.LayerResult l = r.layer("l");
        assertEquals(l.peakLoad().p50(), l.peakLoad().p99(), 1e-9 * l.peakLoad().p50());
        assertEquals(l.plannedPeakLoad(), l.peakLoad().p50(), 1e-6 * l.plannedPeakLoad());
        assertEquals(2_000_000 / 6.0, l.peakLoad().p50(), 1);
    }

    @Test
    void lognormalAudience_simulatedP90OfPeak_matchesThePlanAtP90() {
        SimulationResult r = SimScenarios.prepare(perViewer("")).run(20_000, 3, 2, null);
        SimulationResult.LayerResult l = r.layer("l");
        assertEquals(1_500_000 / 6.0, l.plannedPeakLoad(), 1);
        assertEquals(l.plannedPeakLoad(), l.peakLoad().p90(), 0.02 * l.plannedPeakLoad());
        assertEquals(1_000_000 / 6.0, l.peakLoad().p50(), 0.02 * l.plannedPeakLoad());
        assertTrue(l.peakLoad().p99() > l.peakLoad().p90());
    }

    @Test
    void exceedance_layerPlannedAtP90WithoutHeadroomOrRounding_isAboutTenPercent() {
        SimulationResult r = SimScenarios.prepare(perViewer("")).run(20_000, 5, 2, null);
        SimulationResult.Exceedance e = r.layer("l").exceeded();
        assertEquals(0.10, e.probability(), 0.012);
        assertTrue(e.low() < 0.10 && 0.10 < e.high(), e.toString());
        assertTrue(e.high() - e.low() < 0.02, "a 95% interval this narrow with 20,000 runs: " + e);
    }

    @Test
    void whatIf_threeTimesTheAudience_exceedsAlmostAlways() {
        SimulationResult r = SimScenarios.prepare(perViewer(""), "audience.E=x3").run(5000, 5, 2, null);
        assertTrue(r.layer("l").exceeded().probability() > 0.97, r.layer("l").exceeded().toString());
        assertEquals(List.of("audience.E=x3"), r.whatIfs());
        assertEquals(1_500_000 / 6.0, r.layer("l").plannedPeakLoad(), 1, "the plan is the unmodified scenario's");
    }

    @Test
    void whatIf_cdnLosesAThird_raisesExceedance() {
        // given: a CDN contracted for a little more than the P90 match
        Scenario s = SimScenarios.load(dir, """
                name: cdn
                zone: UTC
                plan: {from: 2026-06-10T00:00:00Z}
                events:
                  - {id: E, stage: group, teams: [A, B], kickoff: 2026-06-12T19:00:00Z}
                audience:
                  base: {p50: 1M, p90: 1.5M}
                layers:
                  - name: cdn
                    unit: gbps
                    gbpsPerUnit: 1Gbps
                    headroom: 0%
                    min: 0
                    max: 8000
                    target: {type: cdn, name: c}
                    terms: [{type: egress, bitrate: 5Mbps}]
                """);
        // when
        SimulationResult base = SimScenarios.prepare(s).run(10_000, 9, 2, null);
        SimulationResult lost = SimScenarios.prepare(s, "capacity.cdn=-33%").run(10_000, 9, 2, null);
        // then: 8,000 Gbps carries 1.6M viewers; a third less carries 1.07M
        assertEquals(8000, base.layer("cdn").plannedPeakUnits());
        // P(audience > 1.6M) = 6.9% and P(audience > 1.07M) = 41% for P50 1M, P90 1.5M
        assertEquals(0.069, base.layer("cdn").exceeded().probability(), 0.01);
        assertEquals(0.41, lost.layer("cdn").exceeded().probability(), 0.02);
        assertEquals(0.67, lost.layer("cdn").capacityFactor(), 1e-9);
        assertTrue(lost.layer("cdn").units().p50() > base.layer("cdn").units().p50(), "units hold less each");
    }

    @Test
    void knockouts_extraTimeAndPenalties_drawnAtTheConfiguredRates() {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        SimulationResult r = SimScenarios.prepare(s, "knockout.extraTime=40%", "knockout.penalties=25%")
                .run(10_000, 11, 2, null);
        assertEquals(5, r.observed().knockouts());
        assertEquals(0.40, r.observed().extraTimeShare(), 0.015);
        assertEquals(0.25, r.observed().penaltiesShare(), 0.02);
        assertEquals(0.40, r.odds().extraTime());
    }

    @Test
    void goals_drawnAtTheConfiguredMean_perNinetyMinutesOfPlay() {
        Scenario s = SimScenarios.load(dir, SimScenarios.single("1M", "- {type: per-viewer, every: 6s}", ""));
        SimulationResult r = SimScenarios.prepare(s, "goals.mean=3").run(10_000, 1, 2, null);
        // 96 minutes of play (two halves with 3 minutes added each)
        assertEquals(3.0 * 96 / 90, r.observed().goalsPerEvent(), 0.05);
    }

    @Test
    void goalSurges_raiseThePeakOfAPerJoinLayer_inRunsWithGoals() {
        // given: a fixed audience, so only goals change the peak
        Scenario s = SimScenarios.load(dir, SimScenarios.single("2M", "- {type: per-join, requests: 4}", """
                shapes:
                  football: {goalSurge: {joins: 300k, share: 5%, within: 90s}}
                """));
        Simulation sim = SimScenarios.prepare(s);
        // when
        double withoutGoals = Double.NaN;
        int withGoals = 0;
        double[] peaks = new double[400];
        int[] goals = new int[400];
        for (int run = 0; run < 400; run++) {
            RunSample sample = sim.sample(1, run);
            peaks[run] = sim.fast(0, sample).peak();
            goals[run] = sample.goalCount[0];
            if (goals[run] == 0) {
                withoutGoals = peaks[run];
            }
        }
        // then
        assertFalse(Double.isNaN(withoutGoals), "some runs have no goal");
        for (int run = 0; run < 400; run++) {
            if (goals[run] == 0) {
                assertEquals(withoutGoals, peaks[run], 1e-6, "no goal: the same peak in every run");
            } else {
                withGoals++;
                assertTrue(peaks[run] > withoutGoals, "run " + run + " with " + goals[run] + " goal(s)");
            }
        }
        assertTrue(withGoals > 300, "most runs have a goal: " + withGoals);
        SimulationResult none = SimScenarios.prepare(s, "goals.mean=0").run(200, 1, 1, null);
        assertEquals(withoutGoals, none.layer("l").peakLoad().p99(), 1e-6);
    }

    @Test
    void adBreakJitter_movesBreaksWithinTheConfiguredMinutes() {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Simulation sim = SimScenarios.prepare(s);
        int[] seen = new int[5];
        for (int run = 0; run < 200; run++) {
            for (int shift : sim.sample(1, run).adShift[0]) {
                seen[shift]++;
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(n -> n > 100), "every shift of -2..+2 minutes: " + Arrays.toString(seen));
    }

    @Test
    void whatIf_surge_raisesTheAudienceFromItsOffset() {
        Scenario s = SimScenarios.load(dir, SimScenarios.single("1M", "- {type: per-viewer, every: 6s}", ""));
        double base = SimScenarios.prepare(s).run(100, 1, 1, null).layer("l").peakLoad().p50();
        double storm = SimScenarios.prepare(s, "surge.E=+10%@60m/5m").run(100, 1, 1, null).layer("l").peakLoad().p50();
        // the peak comes at the end of the second half, after the storm
        assertEquals(1.10, storm / base, 1e-9);
        double early = SimScenarios.prepare(s, "surge.E=+10%@200m/5m").run(100, 1, 1, null).layer("l").peakLoad().p50();
        assertEquals(1.0, early / base, 1e-9, "a surge after the match changes nothing at its peak");
    }

    @Test
    void whatIf_finalTeams_applyTheNewTeamsFactors() {
        // given: Croatia v Peru has no team factor; England's is 3 (x1.5 more in the named what-if)
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Simulation base = SimScenarios.prepare(s);
        Simulation england = SimScenarios.prepare(s, "final.teams=England,France");
        Simulation named = SimScenarios.prepare(s, s.simulation().whatIfs().get("england-final"));
        int fin = Arrays.stream(base.events()).filter(e -> e.event.id().equals("FINAL")).findFirst().orElseThrow().index;
        // when, then: the same draws, scaled by the teams' factors
        for (int run = 0; run < 50; run++) {
            double a = base.sample(1, run).audience[fin];
            assertEquals(3 * a, england.sample(1, run).audience[fin], 1e-9 * a);
            assertEquals(4.5 * a, named.sample(1, run).audience[fin], 1e-9 * a);
        }
        assertEquals(List.of("England", "France"), england.events()[fin].event.teams());
        SimulationResult r = england.run(500, 1, 2, null);
        assertEquals(base.run(500, 1, 2, null).layer("cdn").plannedPeakLoad(), r.layer("cdn").plannedPeakLoad());
    }

    @Test
    void whatIf_heartbeatInterval_changesOnlyTheSimulatedWorld() {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        SimulationResult base = SimScenarios.prepare(s).run(500, 1, 2, null);
        SimulationResult five = SimScenarios.prepare(s, "heartbeat.heartbeat.every=5m").run(500, 1, 2, null);
        assertNotEquals(base.layer("heartbeat").peakLoad().p50(), five.layer("heartbeat").peakLoad().p50());
        assertEquals(base.layer("heartbeat").plannedPeakUnits(), five.layer("heartbeat").plannedPeakUnits());
        assertEquals(base.layer("edge").peakLoad(), five.layer("edge").peakLoad());
    }

    @Test
    void whatIf_unknownKey_namesTheKeyAndTheKnownForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WhatIf.parse("audiance.E=x3"));
        assertTrue(e.getMessage().contains("unknown what-if key 'audiance.E'"), e.getMessage());
        assertTrue(e.getMessage().contains("audience.EVENT_ID=x3") && e.getMessage().contains("capacity.LAYER=-33%"),
                e.getMessage());
    }

    @Test
    void whatIf_unknownEventOrLayer_namesWhatExists() {
        Scenario s = perViewer("");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimScenarios.prepare(s, "audience.NOPE=x3"));
        assertTrue(e.getMessage().contains("no event 'NOPE'") && e.getMessage().contains("events: E"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimScenarios.prepare(s, "capacity.cdn=-33%"));
        assertTrue(e.getMessage().contains("no layer 'cdn'") && e.getMessage().contains("layers: l"), e.getMessage());
    }

    @Test
    void whatIf_badValues_sayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhatIf.parse("surge.E=10%")).getMessage()
                .contains("+SHARE@OFFSET[/WITHIN]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhatIf.parse("capacity.cdn=-100%")).getMessage()
                .contains("must keep some capacity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhatIf.parse("knockout.extraTime=1.5"))
                .getMessage().contains("percentage"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WhatIf.parse("goals.mean")).getMessage()
                .contains("key=value"));
        assertEquals(new WhatIf.EventAudience("audience.FINAL=x3", "FINAL", 3), WhatIf.parse("audience.FINAL=x3"));
        assertEquals(new WhatIf.Capacity("capacity.cdn=-33%", "cdn", 0.67), WhatIf.parse("capacity.cdn=-33%"));
        assertEquals(new WhatIf.HeartbeatEvery("heartbeat.hb.api.every=5m", "hb.api", java.time.Duration.ofMinutes(5)),
                WhatIf.parse("heartbeat.hb.api.every=5m"));
    }

    @Test
    void cost_planIsItsUnitHours_needIsTheLoadAtTheUsableRate() {
        // given: 0.5 per unit-hour
        Scenario s = perViewer("prices: {l: 0.5/h}");
        Planner.Result plan = TestScenarios.plan(s);
        LayerSchedule sched = plan.schedules().get(0);
        LayerForecast lf = sched.forecast();
        // when
        SimulationResult r = Simulation.prepare(s, plan, List.of()).run(4000, 2, 2, null);
        SimulationResult.LayerResult l = r.layer("l");
        // then
        // billed from each request, warm-up and lead time included
        double unitHours = Arrays.stream(sched.requested()).sum() / 60.0;
        assertEquals(unitHours, l.planUnitHours(), 1e-9 * unitHours);
        assertEquals(unitHours * 0.5, l.planCost(), 1e-9 * l.planCost());
        assertEquals(l.planCost(), r.cost().plan(), 1e-9 * l.planCost());
        // at the plan's own (P90) audience the need is the forecast's load-minutes at 1 rps per unit
        double p90Hours = Arrays.stream(lf.load()).sum() / 60.0;
        assertEquals(p90Hours, l.needUnitHours().p90(), 0.03 * p90Hours);
        assertTrue(l.needCost().mean() < l.planCost(), "the plan holds capacity for the P90 audience and longer");
        assertEquals(l.needCost().mean(), r.cost().need().mean(), 1e-9 * l.needCost().mean());
        assertEquals(List.of("l"), r.cost().pricedLayers());
    }

    @Test
    void cost_minAboveTheWholeMatch_needEqualsThePlanAtItsMin() {
        // given: a fixed audience of 2M on a per-viewer layer (333k rps at its peak, 1 rps per unit) kept at least
        // 400k units: the plan holds its min all along, and so does what any run needed
        Scenario s = SimScenarios.load(dir, SimScenarios.single("2M", "- {type: per-viewer, every: 6s}",
                "prices: {l: 0.5/h}").replace("min: 0", "min: 400000"));
        Planner.Result plan = TestScenarios.plan(s);
        double loadHours = Arrays.stream(plan.forecast().layers().get(0).load()).sum() / 60.0;
        // when
        SimulationResult r = Simulation.prepare(s, plan, List.of()).run(300, 1, 2, null);
        // then: the same floor on both sides, so nothing over-provisioned; the load alone is far less
        SimulationResult.LayerResult l = r.layer("l");
        assertEquals(l.planUnitHours(), l.needUnitHours().mean(), 1e-9 * l.planUnitHours());
        assertEquals(l.planCost(), r.cost().need().mean(), 1e-9 * l.planCost());
        assertTrue(loadHours < 0.5 * l.planUnitHours(), "without the floor the need would be " + loadHours);
    }

    @Test
    void cost_minAboveTheLoadForPartOfTheHorizon_needIncludesTheFloorThere() {
        // given: a fixed audience of 2M on a per-viewer layer (333k rps at its peak, 1 rps per unit) kept at least
        // 150k units: the floor is above the load before and after the match and in its ramps
        Scenario s = SimScenarios.load(dir, SimScenarios.single("2M", "- {type: per-viewer, every: 6s}",
                "prices: {l: 0.5/h}").replace("min: 0", "min: 150000"));
        Planner.Result plan = TestScenarios.plan(s);
        double[] load = plan.forecast().layers().get(0).load();
        double loadHours = Arrays.stream(load).sum() / 60.0;
        double flooredHours = Arrays.stream(load).map(x -> Math.max(150_000, x)).sum() / 60.0;
        assertTrue(flooredHours > 1.5 * loadHours, "the floor matters: " + flooredHours + " vs " + loadHours);
        // when
        SimulationResult r = Simulation.prepare(s, plan, List.of()).run(200, 1, 2, null);
        // then: per minute the larger of min and the load's units, as the plan's capacity never goes below min
        SimulationResult.LayerResult l = r.layer("l");
        assertEquals(flooredHours, l.needUnitHours().mean(), 1e-9 * flooredHours);
        assertEquals(flooredHours, l.needUnitHours().p90(), 1e-9 * flooredHours);
        assertEquals(flooredHours * 0.5, l.needCost().mean(), 1e-9 * flooredHours);
        assertEquals(flooredHours * 0.5, r.cost().need().mean(), 1e-9 * flooredHours);
        assertEquals(0, l.needUnitHoursError(), 1e-9 * flooredHours, "a fixed audience: every run needs the same");
        assertTrue(l.needCost().mean() <= l.planCost(), "the plan keeps the same floor and more");
    }

    @Test
    void cost_fewerRunsThanTheSubsample_needIsEveryRunFloored() {
        // given: mins the tournament's quiet minutes fall below
        String yaml = SimScenarios.TOURNAMENT.replace("min: 10\n", "min: 700\n").replace("min: 5\n", "min: 3000\n");
        Scenario s = SimScenarios.load(dir, yaml);
        Simulation sim = SimScenarios.prepare(s);
        int runs = 150;
        // when
        SimulationResult r = sim.run(runs, 5, 2, null);
        // then: the mean over every run of the minute-by-minute floored load-minutes
        assertEquals(runs, r.needRuns());
        for (String name : List.of("edge", "ads")) {
            int li = sim.layerIndex(name);
            double[] hours = new double[runs];
            for (int run = 0; run < runs; run++) {
                hours[run] = sim.exact(li, sim.sample(5, run)).neededLoadMinutes() / sim.layerModel(li).usable / 60;
            }
            double mean = Arrays.stream(hours).sum() / runs;
            SimulationResult.LayerResult l = r.layer(name);
            assertEquals(mean, l.needUnitHours().mean(), 1e-9 * mean, name);
            assertEquals(Simulation.standardError(hours), l.needUnitHoursError(), 1e-9 * mean, name);
        }
        assertTrue(r.layer("edge").needUnitHoursError() > 0, "edge's need varies with the audience");
        assertEquals(0, r.layer("ads").needUnitHoursError(), 1e-9 * r.layer("ads").needUnitHours().mean(),
                "ads' floor is above its whole load: every run needs the floor");
    }

    @Test
    void cost_moreRunsThanTheSubsample_needIsTheFirstRunsAlone() {
        // given: a lognormal audience and a floor its quieter runs fall below
        Simulation sim = SimScenarios.prepare(SimScenarios.load(dir, SimScenarios.single("{p50: 1M, p90: 1.5M}",
                "- {type: per-viewer, every: 6s}", "prices: {l: 0.5/h}").replace("min: 0", "min: 150000")));
        // when
        SimulationResult exactly = sim.run(Simulation.FLOORED_RUNS, 9, 2, null);
        SimulationResult more = sim.run(Simulation.FLOORED_RUNS + 3000, 9, 1, null);
        // then: the need is over the first runs, whatever the count and the threads; the rest still count elsewhere
        assertEquals(Simulation.FLOORED_RUNS, more.needRuns());
        assertEquals(exactly.layer("l").needUnitHours(), more.layer("l").needUnitHours());
        assertEquals(exactly.layer("l").needUnitHoursError(), more.layer("l").needUnitHoursError());
        assertEquals(exactly.cost(), more.cost());
        assertNotEquals(exactly.layer("l").peakLoad(), more.layer("l").peakLoad());
    }

    @Test
    void cost_nodePool_needKeepsItsMinNodes() {
        // given: a fixed audience at a group match (one outcome, so every run's load is the forecast's); web needs up
        // to 100 pods, its nodes hold 6.3 pods each (7, 10% kept) and keep 10
        Scenario s = SimScenarios.load(dir, TestScenarios.NODE_POOL.replace("min: 2\n", "min: 10\n")
                .replace("stage: final", "stage: group")
                .replace("baseline: {web: 10, web-nodes: 2}", "baseline: {web: 10, web-nodes: 10}"));
        Planner.Result plan = TestScenarios.plan(s);
        double[] load = plan.forecast().layer("web").orElseThrow().load();
        double podsPerNode = s.layer("web-nodes").orElseThrow().usablePerUnit();
        double perPod = s.layer("web").orElseThrow().usablePerUnit();
        double flooredNodeHours = Arrays.stream(load).map(x -> Math.max(10, x / perPod / podsPerNode)).sum() / 60.0;
        double nodeHours = Arrays.stream(load).map(x -> x / perPod / podsPerNode).sum() / 60.0;
        assertTrue(flooredNodeHours > 1.2 * nodeHours, "the floor matters: " + flooredNodeHours + " vs " + nodeHours);
        // when
        SimulationResult r = Simulation.prepare(s, plan, List.of()).run(100, 1, 1, null);
        // then
        double webHours = Arrays.stream(load).map(x -> Math.max(10, x / perPod)).sum() / 60.0;
        assertEquals(webHours, r.layer("web").needUnitHours().mean(), 1e-9 * webHours, "web");
        assertEquals(flooredNodeHours, r.layer("web-nodes").needUnitHours().mean(), 1e-9 * flooredNodeHours);
    }

    @Test
    void cost_pricesByUnitKind_andUnpricedLayersAreListed() {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        SimulationResult r = SimScenarios.prepare(s).run(200, 1, 2, null);
        assertEquals(0.2, r.layer("edge").pricePerUnitHour(), "a layer's own price wins over its unit kind's");
        assertEquals(0.17, r.layer("ads").pricePerUnitHour());
        assertTrue(r.cost().unpricedLayers().containsAll(List.of("auth", "push")), r.cost().unpricedLayers().toString());
        assertTrue(Double.isNaN(r.layer("auth").planCost()));
    }

    @Test
    void bands_perMinuteQuantiles_besideThePlannedCapacity() {
        Scenario s = SimScenarios.load(dir, SimScenarios.TOURNAMENT);
        Planner.Result plan = TestScenarios.plan(s);
        SimulationResult r = Simulation.prepare(s, plan, List.of()).run(300, 1, 2, null);
        LoadBand b = r.bands().layer("edge", 200);
        assertEquals(200, b.runs());
        assertEquals(plan.forecast().length(), b.p50().length);
        int[] requested = plan.schedules().get(0).requested();
        for (int i = 5; i < requested.length; i++) {
            assertEquals(requested[i - 5], b.plannedUnits()[i], "in service 5 minutes (the warm-up) after the request");
        }
        int peak = plan.forecast().layers().get(0).peakIndex();
        for (int i = 0; i < b.p50().length; i++) {
            assertTrue(b.p50()[i] <= b.p90()[i] + 1e-6, "minute " + i);
        }
        assertTrue(b.p90()[peak] < b.forecast()[peak] * 1.05, "the forecast covers P90 with every goal");
        assertTrue(Arrays.stream(b.p50()).max().orElseThrow() > 0.4 * b.forecast()[peak]);
        assertEquals(b.plannedUnits()[peak] * 400 * 0.8, b.plannedCapacity()[peak], 1e-6);
    }

    @Test
    void docs_sayHowManyRunsTheFlooredNeedIsTakenFrom() throws Exception {
        // the cost table's note and docs/simulate.md quote the subsample: a change to it must reach the docs
        String doc = java.nio.file.Files.readString(Path.of("../docs/simulate.md"));
        String n = String.format(java.util.Locale.ROOT, "%,d", Simulation.FLOORED_RUNS);
        assertTrue(doc.contains("first " + n + " runs"), "docs/simulate.md names the first " + n + " runs");
        assertFalse(doc.replace("first " + n + " runs", "").matches("(?s).*first [0-9,]+ runs.*"),
                "docs/simulate.md names another subsample size");
    }
}
