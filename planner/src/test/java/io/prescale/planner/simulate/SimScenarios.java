package io.prescale.planner.simulate;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.WhatIf;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Scenario folders for simulation tests, written into a temporary directory. */
final class SimScenarios {
    private SimScenarios() {
    }

    /**
     * A small tournament with every kind of load term and every kind of overlap: group matches whose windows chain
     * (tail and ramp overlap), two knockouts with the same kickoff, three events live at once, a keyframe show, a
     * layer serving one market only, background load and amplification.
     */
    static final String TOURNAMENT = """
            name: sim-tournament
            zone: UTC
            plan: {from: 2026-06-10T00:00:00Z, quantile: p90}
            simulation: {goals: 2.7, extraTime: 30%, penalties: 50%, adBreakJitter: 2m}
            prices: {instances: 0.17/h, edge: 0.2/h, lcu: 0.008/h, gbps: 0.01/h}
            events:
              - {id: G1, stage: group, teams: [England, Croatia], kickoff: 2026-06-12T12:00:00Z, region: UK}
              - {id: G2, stage: group, teams: [France, Peru], kickoff: 2026-06-12T15:00:00Z, region: FR}
              - {id: G3, stage: group, teams: [Brazil, Spain], kickoff: 2026-06-12T18:00:00Z, region: UK}
              - {id: K1, stage: round-of-16, teams: [England, Spain], kickoff: 2026-06-20T16:00:00Z, region: UK}
              - {id: K2, stage: round-of-16, teams: [France, Brazil], kickoff: 2026-06-20T16:00:00Z, region: FR}
              - {id: T1, stage: quarter-final, teams: [England, France], kickoff: 2026-06-25T15:00:00Z, region: UK}
              - {id: T2, stage: quarter-final, teams: [Brazil, Croatia], kickoff: 2026-06-25T16:00:00Z, region: UK}
              - {id: T3, stage: group, teams: [Peru, Spain], kickoff: 2026-06-25T17:00:00Z, region: FR}
              - {id: SHOW, stage: custom:show, kickoff: 2026-06-27T20:00:00Z, region: UK, shape: cta}
              - {id: FINAL, stage: final, teams: [Croatia, Peru], kickoff: 2026-07-01T19:00:00Z, region: UK}
            audience:
              base: {p50: 1M, p90: 1.5M}
              teams: {England: 3, France: 2, Brazil: 1.5}
              stages: {final: 2, quarter-final: 1.5}
              events: {SHOW: {distribution: triangular, min: 200k, mode: 400k, max: 900k}}
            shapes:
              football:
                goalSurge: {joins: 100k, share: 5%, within: 90s}
                adBreaks: {at: [-10m, 25m, half-time, 70m, full-time], window: 30s}
                finalWhistle: {level: 30%, rise: 5m, halfLife: 8m}
              cta:
                type: keyframes
                points: [[-5m, 1%], [0m, 100%], [10m, 40%], [60m, 2%]]
                play: {from: 0m, to: 20m}
                goalSurge: {joins: 50k, within: 60s}
            layers:
              - name: edge
                unit: instances
                rpsPerUnit: 400rps
                headroom: 20%
                min: 10
                max: 5000
                step: 2
                warmup: 5m
                background: 20k rps
                terms:
                  - {type: per-viewer, every: 6s}
                  - {type: per-join, requests: 4}
              - name: auth
                unit: pods
                rpsPerUnit: 300rps
                min: 2
                max: 5000
                warmup: 1m
                terms:
                  - {type: per-join, requests: 2}
              - name: ads
                unit: instances
                rpsPerUnit: 1000rps
                headroom: 10%
                min: 5
                max: 5000
                regions: [UK]
                terms:
                  - {type: ad-break, requests: 20, within: 90s, share: 30%}
                  - {type: ad-break, name: decisions, requests: 1, share: 30%}
              - name: push
                unit: pods
                rpsPerUnit: 2000rps
                min: 1
                max: 5000
                terms:
                  - {type: goal-push, subscribers: 3M, perViewer: 0.2, within: 60s}
              - name: heartbeat
                unit: instances
                rpsPerUnit: 2000rps
                min: 2
                max: 5000
                amplification: 2
                terms:
                  - {type: heartbeat, every: 10m}
              - name: cdn
                unit: gbps
                gbpsPerUnit: 1Gbps
                headroom: 15%
                min: 0
                max: 40000
                background: 100Gbps
                target: {type: cdn, name: cdn-1}
                terms:
                  - {type: egress, bitrate: 5Mbps}
            whatIf:
              storm: [surge.T1=+10%@60m/5m]
              england-final: {final.teams: "England,France", audience.team.England: x1.5}
            """;

    static Scenario load(Path dir, String yaml) {
        return TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", yaml)));
    }

    static Simulation prepare(Scenario s, String... whatIfs) {
        Planner.Result plan = TestScenarios.plan(s);
        return Simulation.prepare(s, plan, Arrays.stream(whatIfs).map(WhatIf::parse).toList());
    }

    static Simulation prepare(Scenario s, List<WhatIf> whatIfs) {
        return Simulation.prepare(s, TestScenarios.plan(s), whatIfs);
    }

    /**
     * One event and one layer: the given audience and terms, no goals unless the shape has them, no ad-break
     * jitter, step 1, no headroom, one request per second per unit (so rounding to whole units is negligible).
     */
    static String single(String audience, String terms, String extra) {
        return """
                name: single
                zone: UTC
                plan: {from: 2026-06-10T00:00:00Z, quantile: p90}
                simulation: {adBreakJitter: 0s}
                events:
                  - {id: E, stage: group, teams: [A, B], kickoff: 2026-06-12T19:00:00Z}
                audience:
                  base: %s
                layers:
                  - name: l
                    unit: instances
                    rpsPerUnit: 1rps
                    headroom: 0%%
                    min: 0
                    max: 100000000
                    terms:
                %s
                %s
                """.formatted(audience, terms.indent(6).stripTrailing(), extra);
    }
}
