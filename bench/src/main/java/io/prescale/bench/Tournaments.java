package io.prescale.bench;

import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.AdBreaks;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.DerivedUnit;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.GoalSurge;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import io.prescale.planner.model.Target;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.TargetCatalog;
import io.prescale.planner.targets.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A World Cup sized scenario built in memory: 64 matches (48 group matches, four a day with simultaneous final
 * group games, then 16 knockouts) and 12 layers using every kind of load term.
 */
final class Tournaments {
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final Instant START = Instant.parse("2026-06-11T00:00:00Z");

    private Tournaments() {
    }

    static Scenario worldCup(int matches) {
        List<Event> events = new ArrayList<>();
        ZonedDateTime day = START.atZone(ZONE).withHour(0);
        int[] slots = {12, 15, 18, 21};
        for (int i = 0; i < matches; i++) {
            boolean group = i < 48;
            StageKind kind = group ? StageKind.GROUP : i < 56 ? StageKind.ROUND_OF_16 : i < 60 ? StageKind.QUARTER_FINAL
                    : i < 62 ? StageKind.SEMI_FINAL : i == 62 ? StageKind.THIRD_PLACE : StageKind.FINAL;
            int d = group ? i / 4 : 13 + (i - 48) / 2;
            // the last round of group games kicks off in pairs
            int hour = group && i >= 32 ? slots[(i % 4) / 2 * 2 + 1] : slots[i % 4];
            ZonedDateTime kickoff = day.plusDays(d).withHour(hour);
            events.add(new Event("M" + (i + 1), "", "World Cup", Stage.of(kind), List.of("T" + (i % 32), "T" + ((i + 7) % 32)),
                    kickoff, i % 3 == 0 ? "US" : "MX", Optional.empty(), Optional.empty(), Duration.ZERO,
                    SourceLocation.of("bench")));
        }
        Map<String, Double> teams = new LinkedHashMap<>();
        for (int t = 0; t < 32; t++) {
            teams.put("T" + t, 1.0 + (t % 5) * 0.3);
        }
        AudienceRules audience = new AudienceRules(Optional.of(AudienceDistribution.fromP50P90(1_000_000, 1_400_000)),
                teams, AudienceRules.TeamCombine.MAX, Map.of("final", 2.5, "semi-final", 2.0), Map.of(), Map.of());
        MatchShape base = MatchShape.football("football");
        AudienceShape shape = new MatchShape("football", base.preMatch(), base.preMatchLevel(), base.kickoffLevel(),
                base.halfLength(), base.addedTime(), base.firstHalfLevel(), base.halfTime(), base.halfTimeLevel(),
                base.secondHalfLevel(), base.extraTime(), base.extraTimeBreak(), base.extraTimeLevel(), base.penalties(),
                base.penaltiesLevel(), base.postMatch(), new FinalWhistleSurge(0.3, Duration.ofMinutes(5),
                Duration.ofMinutes(8)), new GoalSurge(0, 0.08, Duration.ofSeconds(90)),
                new AdBreaks(List.of("-10m", "25m", "half-time", "70m", "full-time"), Duration.ofSeconds(30)), 0.005);
        List<Layer> layers = new ArrayList<>();
        layers.add(layer("cdn", CapacityUnit.GBPS, Metric.GBPS, 1, spec("cdn"),
                new LoadTerm.Egress("video", 1, 5e6)));
        layers.add(layer("alb", CapacityUnit.LCU, Metric.RPS, 1000, spec("aws-elbv2"),
                new LoadTerm.PerViewer("api", 1, 0.1), new LoadTerm.PerJoin("join", 1, 5)));
        layers.add(layer("edge-api", CapacityUnit.INSTANCES, Metric.RPS, 400, spec("aws-asg"),
                new LoadTerm.PerViewer("manifest", 1, 1 / 6.0), new LoadTerm.PerJoin("join", 1, 4)));
        layers.add(layer("auth", CapacityUnit.PODS, Metric.RPS, 300, spec("k8s-deployment"),
                new LoadTerm.PerJoin("login", 1, 2)));
        layers.add(layer("ingest", CapacityUnit.INSTANCES, Metric.RPS, 800, spec("aws-asg"),
                new LoadTerm.PerViewer("qos", 1, 1 / 20.0)));
        layers.add(layer("ad-decision", CapacityUnit.INSTANCES, Metric.RPS, 400, spec("aws-asg"),
                new LoadTerm.AdBreak("mid-roll", 0.3, 1, Optional.empty())));
        layers.add(layer("ad-tracking", CapacityUnit.INSTANCES, Metric.RPS, 1000, spec("aws-asg"),
                new LoadTerm.AdBreak("beacons", 0.3, 20, Optional.of(Duration.ofSeconds(90)))));
        layers.add(layer("push", CapacityUnit.PODS, Metric.RPS, 2000, spec("k8s-deployment"),
                new LoadTerm.GoalPush("goal", 1, 5_000_000, 0, Duration.ofSeconds(60))));
        layers.add(layer("kafka", CapacityUnit.BROKERS, Metric.RPS, 50_000, spec("plan-only"),
                new LoadTerm.PerViewer("events", 1, 0.2)));
        layers.add(layer("heartbeat-sync", CapacityUnit.INSTANCES, Metric.RPS, 2000, spec("aws-asg"),
                new LoadTerm.Heartbeat("hb", 1, Duration.ofMinutes(10), Duration.ZERO)));
        layers.add(layer("heartbeat-jitter", CapacityUnit.INSTANCES, Metric.RPS, 2000, spec("aws-asg"),
                new LoadTerm.Heartbeat("hb", 1, Duration.ofMinutes(10), Duration.ofMinutes(10))));
        layers.add(layer("results", CapacityUnit.PODS, Metric.RPS, 500, spec("k8s-deployment"),
                new LoadTerm.PerViewer("scores", 0.2, 1 / 30.0), new LoadTerm.PerJoin("join", 0.2, 1)));
        Map<String, Integer> baseline = new LinkedHashMap<>();
        layers.forEach(l -> baseline.put(l.name(), l.min()));
        return new Scenario("bench-world-cup", "", ZONE,
                new PlanSettings(Optional.of(START), 0.9, Duration.ofHours(1), Duration.ofDays(60)), events, audience,
                Map.of("football", shape), Map.of(), "football", layers, baseline, List.of(), List.of());
    }

    /** The shipped target type {@code id}, as a scenario loaded with the providers on the class path gets it. */
    private static TargetSpec spec(String id) {
        return TargetCatalog.installed().find(id).orElseThrow(() -> new IllegalStateException("no target type " + id));
    }

    private static Layer layer(String name, CapacityUnit unit, Metric metric, double perUnit, TargetSpec type,
                               LoadTerm... terms) {
        return new Layer(name, "", unit, metric, perUnit, 0.2, 2, 100_000, 1, Duration.ofMinutes(5),
                Duration.ofMinutes(type.kind() == CapacityKind.PREWARM ? 60 : 5), Duration.ofMinutes(15), Duration.ofHours(4), 0,
                1, List.of(terms), List.of(), unit == CapacityUnit.BROKERS ? List.of(new DerivedUnit("partitions", 12))
                : List.of(), new Target(type, name, Map.of()), SourceLocation.of("bench"));
    }
}
