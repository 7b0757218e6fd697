package io.prescale.cli;

import static io.prescale.cli.ExampleOutputs.instant;
import static io.prescale.cli.ExampleOutputs.step;
import static io.prescale.cli.ReadmeFigures.SECONDS_PER_MINUTE;
import static io.prescale.cli.ReadmeFigures.date;
import static io.prescale.cli.ReadmeFigures.decimal;
import static io.prescale.cli.ReadmeFigures.duration;
import static io.prescale.cli.ReadmeFigures.grouped;
import static io.prescale.cli.ReadmeFigures.human;
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Outcome;
import io.prescale.planner.model.ShapeProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ledger of examples/nowtv-linear/README.md: the heartbeat ripple of a season premiere, with and without
 * jitter.
 */
final class NowtvLinearReadme {
    private static final String SYNC_FORECAST =
            "./prescale forecast examples/nowtv-linear --layer heartbeat-sync --event DRAMA-S3-PREMIERE";
    private static final String JITTERED_FORECAST =
            "./prescale forecast examples/nowtv-linear --layer heartbeat-jittered --event DRAMA-S3-PREMIERE";
    private static final String MATCH_FORECAST = "./prescale forecast examples/nowtv-linear --event PL-LIV-MUN";
    /** What the README calls a ripple: sync above this many times the jittered load. */
    private static final int RIPPLE = 3;
    /** How close the README says the jittered peak comes to viewers / 600. */
    private static final double WITHIN = 0.15;

    private NowtvLinearReadme() {
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        Layer syncLayer = o.scenarioLayer("heartbeat-sync");
        Layer jitLayer = o.scenarioLayer("heartbeat-jittered");
        LoadTerm.Heartbeat syncBeat = ExampleOutputs.term(syncLayer, LoadTerm.Heartbeat.class);
        LoadTerm.Heartbeat jitBeat = ExampleOutputs.term(jitLayer, LoadTerm.Heartbeat.class);
        Duration every = syncBeat.every();
        long everyMin = every.toMinutes();
        long beatSeconds = every.toSeconds();
        Event match = o.scenarioEvent("PL-LIV-MUN");
        Event premiere = o.scenarioEvent("DRAMA-S3-PREMIERE");
        MatchShape football = (MatchShape) o.scenario.shapeFor(match);
        KeyframeShape shape = (KeyframeShape) o.scenario.shapeFor(premiere);
        List<KeyframeShape.Point> p = shape.points();
        ShapeProfile level = shape.profile(Outcome.REGULAR);
        Instant kickoff = premiere.start();

        // inputs: the heartbeat, the pods, the events and their shapes
        f.input("every %s minutes, counted from the minute its stream started", everyMin)
                .input("a wave every %s minutes: the ripple", everyMin)
                .input("| heartbeat-sync | {type: heartbeat, every: %s, jitter: %s} | players as shipped: first beat"
                        + " %s min after start |", duration(every), duration(syncBeat.jitter()), everyMin)
                .input("| heartbeat-jittered | {type: heartbeat, every: %s, jitter: %s} | first beat spread uniformly"
                        + " over the %s minutes |", duration(jitBeat.every()), duration(jitBeat.jitter()), everyMin);
        for (Layer l : List.of(syncLayer, jitLayer)) {
            f.input("pods of %s rps with %s headroom (%s rps usable), min %s, warm-up %s + lead %s",
                    plain(l.perUnit()), percent(l.headroom(), 0), plain(l.usablePerUnit()), l.min(),
                    duration(l.warmup()), duration(l.leadTime()));
        }
        AudienceDistribution matchAudience = match.audience().orElseThrow();
        Instant from = o.scenario.plan().from().orElseThrow();
        f.input("planned from %s (plan.from)", date("EEEE d MMMM yyyy HH:mm z", from.atZone(o.scenario.zone())))
                .input("PL-LIV-MUN: a Premier League match on the sports channel, %s, P50 %s / P90 %s concurrent"
                                + " streams", date("EEEE HH:mm z", match.kickoff()), human(matchAudience.p50()),
                        human(matchAudience.p90()))
                .input("the audience builds from %s to %s over a %s-minute pre-match show, and %s of the viewers"
                                + " rejoin each minute", percent(football.preMatchLevel(), 0),
                        percent(football.kickoffLevel(), 0), football.preMatch().toMinutes(),
                        percent(football.churnPerMinute(), 1))
                .check(p.get(2).at().minus(p.get(1).at()).equals(Duration.ofMinutes(2)), "80% arrives in two minutes")
                .input("season premiere, %s, custom stage", date("EEEE d MMMM HH:mm z", premiere.kickoff()))
                .input("%s watch the last %s minutes before it, then %s of the audience arrives in two minutes (%s at"
                                + " %s, %s at %s). The episode holds %s to %s for an hour, then the audience leaves by"
                                + " %s. Churn %s per minute.", percent(p.get(1).level(), 0),
                        p.get(0).at().negated().toMinutes(), percent(p.get(2).level() - p.get(1).level(), 0),
                        percent(p.get(2).level(), 0), f.clock(kickoff.plus(p.get(2).at())),
                        percent(p.get(3).level(), 0), f.clock(kickoff.plus(p.get(3).at())),
                        percent(p.get(3).level(), 0), percent(p.get(4).level(), 0),
                        f.clock(kickoff.plus(p.get(p.size() - 1).at())), percent(shape.churnPerMinute(), 1));

        // the premiere's audience: last year's base (inputs) times the stage factor; P50 and P90 (outputs)
        AudienceDistribution base = o.scenario.audience().base().orElseThrow();
        double stage = o.scenario.audience().stageFactors().get("season-premiere");
        double audience = o.audience("DRAMA-S3-PREMIERE");
        f.input("The premiere at %sx last year's peak", decimal(stage, 1))
                .input("Last season's premiere peaked at %s concurrent streams. This season's is planned at %s times"
                        + " that", human(base.p50()), decimal(stage, 1))
                .input("(P50 %s, P90 %s: the usual +%s spread)", human(base.p50()), human(base.p90()),
                        percent(base.p90() / base.p50() - 1, 0))
                .input("audience.stages.season-premiere: %s lifts it", decimal(stage, 1))
                .output("The model makes the premiere P50 %s, P90 %s (outputs)",
                        human(o.scenario.audience().resolve(premiere).orElseThrow().distribution().p50()),
                        human(audience));

        // outputs: the premiere on both layers
        JsonNode sync = o.layer("heartbeat-sync");
        JsonNode jit = o.layer("heartbeat-jittered");
        double syncPeak = sync.get("peakRps").asDouble();
        double jitPeak = jit.get("peakRps").asDouble();
        int syncPods = sync.get("neededUnits").asInt();
        int jitPods = jit.get("neededUnits").asInt();
        f.input("first beat lands in any of the %s minutes", everyMin)
                .derived("a tenth of the audience: viewers / %s s", beatSeconds)
                .output("At the premiere's %s that is %s rps (%s pods at %s rps)", human(audience), grouped(jitPeak),
                        jitPods, plain(jitLayer.usablePerUnit()));

        // the join wave, read from the shape: the minutes where more than a quarter of the audience arrives
        List<Integer> wave = joinWave(level);
        Instant first = kickoff.plus(Duration.ofMinutes(wave.get(0)));
        Instant second = kickoff.plus(Duration.ofMinutes(wave.get(1)));
        double joiners = (level.levelAt(wave.get(0)) - level.levelAt(wave.get(0) - 1)) * audience;
        f.derived("the level goes from %s at %s to %s at %s and %s at %s, so %s of %s (%s) join in each of those"
                                + " two minutes", percent(level.levelAt(0), 0), f.clock(kickoff),
                        percent(level.levelAt(1), 0), f.clock(first), percent(level.levelAt(2), 0), f.clock(second),
                        percent(joiners / audience, 0), human(audience), human(joiners))
                .derived("They beat together again in %s and %s, %s and %s, and so on: %s / %s s = %s rps",
                        f.clock(first.plus(every)), f.clock(second.plus(every)),
                        f.clock(first.plus(every.multipliedBy(2))), f.clock(second.plus(every.multipliedBy(2))),
                        human(joiners), SECONDS_PER_MINUTE, grouped(joiners / SECONDS_PER_MINUTE));
        Instant syncPeakAt = instant(sync, "peakAt");
        int rippleMinute = (int) Duration.between(kickoff, syncPeakAt).toMinutes();
        Instant lastJoin = kickoff.plus(p.get(3).at());
        Instant lastBack = lastJoin.plus(every);
        f.output("The forecast gives %s rps at %s, a little less, because by then the level has eased to %s (%s to"
                                + " %s over the hour)", grouped(syncPeak), f.clock(syncPeakAt),
                        percent(level.levelAt(rippleMinute), 1), percent(p.get(3).level(), 0),
                        percent(p.get(4).level(), 0))
                .output("The last %s, who join at %s, come back at %s (%s rps)",
                        percent(p.get(3).level() - p.get(2).level(), 0), f.clock(lastJoin), f.clock(lastBack),
                        grouped(load(o, SYNC_FORECAST, "heartbeat-sync", lastBack)));
        Instant troughFrom = lastBack.plusSeconds(60);
        Instant troughTo = first.plus(every.multipliedBy(2)).minusSeconds(60);
        double[] trough = o.minutes(SYNC_FORECAST, "heartbeat-sync").stream()
                .filter(m -> !instant(m, "t").isBefore(troughFrom) && !instant(m, "t").isAfter(troughTo))
                .mapToDouble(m -> m.get("load").asDouble()).toArray();
        f.output("only the pre-show and churn phases beat: %s to %s rps from %s to %s",
                        plain(Arrays.stream(trough).min().orElseThrow()),
                        plain(Arrays.stream(trough).max().orElseThrow()), f.clock(troughFrom),
                        f.clock(troughTo))
                .output("%s / %s = %s, so %s pods", grouped(syncPeak), plain(syncLayer.usablePerUnit()),
                        decimal(syncPeak / syncLayer.usablePerUnit(), 1), syncPods)
                .output("Ratio: %s / %s = %sx the rps, %s / %s = %sx the pods", grouped(syncPeak), grouped(jitPeak),
                        decimal(syncPeak / jitPeak, 2), syncPods, jitPods, plain((double) syncPods / jitPods));

        // outputs: the football match, whose biggest ripple is the second-half restart
        JsonNode matchSync = o.peak(MATCH_FORECAST, "heartbeat-sync");
        JsonNode matchJit = o.peak(MATCH_FORECAST, "heartbeat-jittered");
        double matchPlanned = o.audience("PL-LIV-MUN");
        Instant restart = match.start().plus(Duration.ofMinutes(football.halfTimeStart())).plus(football.halfTime());
        Instant matchPeakAt = instant(matchSync, "t");
        double watching = matchPlanned * football.profile(Outcome.REGULAR)
                .levelAt((int) Duration.between(match.start(), matchPeakAt).toMinutes());
        double matchRatio = matchSync.get("load").asDouble() / matchJit.get("load").asDouble();
        f.check(football.preMatch().equals(every.multipliedBy(3)), "the build-up is three full intervals")
                .input("Its audience builds over %s minutes", football.preMatch().toMinutes())
                .output("%s of %s come back from half-time (%s to %s, the football shape's defaults) in %s and beat"
                                + " together at %s, when %s of the %s watching beat in the same minute",
                        percent(football.firstHalfLevel() - football.halfTimeLevel(), 0), human(matchPlanned),
                        percent(football.halfTimeLevel(), 0), percent(football.firstHalfLevel(), 0),
                        f.clockZoned(restart), f.clock(matchPeakAt),
                        percent(matchSync.get("load").asDouble() * SECONDS_PER_MINUTE / watching, 1), human(watching))
                .output("That gives %s rps (%s pods) against %s / %s = %s rps (%s pods) jittered: %sx",
                        grouped(matchSync.get("load").asDouble()), matchSync.get("needed").asInt(),
                        human(matchPlanned), beatSeconds, grouped(matchJit.get("load").asDouble()),
                        matchJit.get("needed").asInt(), decimal(matchRatio, 2));

        // outputs: the forecast excerpts and the plan's events and layers
        JsonNode m = o.event("PL-LIV-MUN");
        JsonNode d = o.event("DRAMA-S3-PREMIERE");
        f.derived("around the join wave (%s-%s)", f.clock(first), f.clock(second))
                .output("easing with it after %s", f.clock(instant(jit, "peakAt")))
                .output("Events: PL-LIV-MUN P90 %s (%s); DRAMA-S3-PREMIERE P90 %s, on the platform %s-%s BST",
                        human(m.get("audience").asDouble()), m.get("audienceWhy").asText(), human(audience),
                        f.clock(instant(d, "windowStart")), f.clock(instant(d, "latestEnd")));
        for (JsonNode l : List.of(sync, jit)) {
            String name = l.get("name").asText();
            String rps = l == jit ? grouped(jitPeak) + " (= " + human(audience) + " / " + beatSeconds + ")"
                    : grouped(syncPeak);
            f.output("| %s | %s | %s | %s (from %s) | %s |", name, rps, f.when(instant(l, "peakAt")),
                    l.get("neededUnits").asInt(), o.plan.get("observed").get("units").get(name).asInt(),
                    l.get("drivenBy").asText());
        }
        double ratio = syncPeak / jitPeak;
        double perViewer = audience / beatSeconds;
        f.check(ratio > RIPPLE, "sync / jittered above " + RIPPLE + "x: " + ratio)
                .check(Math.abs(jitPeak - perViewer) <= WITHIN * perViewer, "jittered near viewers / 600")
                .check(Math.round(jitPeak) == Math.round(perViewer), "jittered exactly viewers / 600")
                .output("Ratio sync / jittered: %sx the peak rps (more than %sx), %sx the pods. The jittered peak is"
                                + " viewers / %s (within %s; here exact)", decimal(ratio, 2), RIPPLE,
                        plain((double) syncPods / jitPods), beatSeconds, percent(WITHIN, 0))
                .check(syncPods < syncLayer.max() && jitPods < jitLayer.max() && o.diagnostics().isEmpty(),
                        "no layer clipped at max: " + o.diagnostics())
                .input("Neither layer reaches its max of %s pods", syncLayer.max());

        // the ripple: every minute where sync carries more than 3x the jittered load, in pairs one interval apart
        List<Instant> ripples = new ArrayList<>();
        for (JsonNode min : o.minutes(SYNC_FORECAST, "heartbeat-sync")) {
            Instant t = instant(min, "t");
            if (min.get("load").asDouble() > RIPPLE * load(o, JITTERED_FORECAST, "heartbeat-jittered", t)) {
                ripples.add(t);
            }
        }
        f.check(ripples.size() % 2 == 0, "ripples come in pairs: " + ripples);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < ripples.size(); i += 2) {
            f.check(ripples.get(i + 1).equals(ripples.get(i).plusSeconds(60))
                    && Duration.between(first, ripples.get(i)).toMinutes() % everyMin == 0, "ripple " + ripples.get(i));
            pairs.add(f.clock(ripples.get(i)) + "-" + f.clock(ripples.get(i + 1)));
        }
        for (int i = 0; i + 2 < ripples.size(); i += 2) {
            Instant half = ripples.get(i).plus(every.dividedBy(2));
            f.check(load(o, SYNC_FORECAST, "heartbeat-sync", half)
                    < load(o, JITTERED_FORECAST, "heartbeat-jittered", half), "trough at " + half);
        }
        f.output("every minute where sync carries more than %sx the jittered load is %s, %s, %s, ... minutes after"
                        + " a join-wave minute (%s, %s): %s. Halfway between (%s, %s, ...) sync is below the jittered"
                        + " load", RIPPLE, everyMin, 2 * everyMin, 3 * everyMin, f.clock(first), f.clock(second),
                String.join(", ", pairs), f.clock(ripples.get(0).plus(every.dividedBy(2))),
                f.clock(ripples.get(0).plus(every.plus(every.dividedBy(2)))));

        // the premiere's changes: both ahead alike, both back together
        JsonNode jitOut = o.change("heartbeat-jittered", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode syncOut = o.change("heartbeat-sync", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode syncIn = o.change("heartbeat-sync", "SCALE_IN", "DRAMA-S3-PREMIERE");
        JsonNode jitIn = o.change("heartbeat-jittered", "SCALE_IN", "DRAMA-S3-PREMIERE");
        Duration ahead = Duration.between(instant(syncOut, "at"), instant(syncOut, "neededAt"));
        f.check(sameStep(syncIn, jitIn), "both layers scale in together")
                .check(Duration.between(instant(jitOut, "at"), instant(jitOut, "neededAt")).equals(ahead),
                        "both requested alike ahead")
                .output("Premiere changes, both requested %s minutes ahead (warm-up %s + lead %s) and back to %s at %s"
                                + " BST (latest end %s + cool-down %s). The jittered layer's is needed at %s (the join"
                                + " wave), the synchronised layer's at %s (the first ripple)", ahead.toMinutes(),
                        duration(syncLayer.warmup()), duration(syncLayer.leadTime()), syncIn.get("to").asInt(),
                        f.clock(instant(syncIn, "at")), f.clock(instant(d, "latestEnd")),
                        duration(syncLayer.cooldown()), f.clock(instant(jitOut, "neededAt")),
                        f.clock(instant(syncOut, "neededAt")))
                .output("the synchronised layer's scale-out is requested at %s, after the premiere has started",
                        f.clock(instant(syncOut, "at")));

        // the football match's changes
        JsonNode mJitOut = o.change("heartbeat-jittered", "SCALE_OUT", "PL-LIV-MUN");
        JsonNode mSyncOut = o.change("heartbeat-sync", "SCALE_OUT", "PL-LIV-MUN");
        JsonNode mSyncIn = o.change("heartbeat-sync", "SCALE_IN", "PL-LIV-MUN");
        f.check(sameStep(mSyncIn, o.change("heartbeat-jittered", "SCALE_IN", "PL-LIV-MUN")),
                        "both layers back together after the match")
                .output("Football: sync %s rps at %s BST (%s pods), jittered %s rps (%s pods), ratio %sx;"
                                + " + heartbeat-jittered %s at %s BST, + heartbeat-sync %s at %s BST, both back to %s"
                                + " at %s BST", grouped(matchSync.get("load").asDouble()), f.clock(matchPeakAt),
                        matchSync.get("needed").asInt(), grouped(matchJit.get("load").asDouble()),
                        matchJit.get("needed").asInt(), decimal(matchRatio, 2), ExampleOutputs.step(mJitOut),
                        f.clock(instant(mJitOut, "at")), ExampleOutputs.step(mSyncOut),
                        f.clock(instant(mSyncOut, "at")), mSyncIn.get("to").asInt(), f.clock(instant(mSyncIn, "at")));

        nodes(f, o);

        // the modelling note
        f.input("shapes start at %s", percent(football.preMatchLevel(), 0))
                .input("so a shape that started above %s would not ripple", percent(p.get(0).level(), 0))
                .input("Starting from %s says how these audiences arrive", percent(football.preMatchLevel(), 0))
                .input("Both shapes start from %s (preMatchLevel: %s, first keyframe [-%s, %s])",
                        percent(football.preMatchLevel(), 0), percent(football.preMatchLevel(), 0),
                        duration(p.get(0).at().negated()), percent(p.get(0).level(), 0));
    }

    /** Minutes after kickoff in which more than a quarter of the audience arrives. */
    private static List<Integer> joinWave(ShapeProfile p) {
        List<Integer> out = new ArrayList<>();
        for (int m = p.startOffset() + 1; m < p.endOffset(); m++) {
            if (p.levelAt(m) - p.levelAt(m - 1) > 0.25) {
                out.add(m);
            }
        }
        return out;
    }

    private static double load(ExampleOutputs o, String command, String layer, Instant t) {
        return o.minute(command, layer, t).get("load").asDouble();
    }

    private static boolean sameStep(JsonNode a, JsonNode b) {
        return instant(a, "at").equals(instant(b, "at")) && a.get("to").asInt() == b.get("to").asInt();
    }

    /** The node pool held with placeholder pods: inputs, the packing, and the plan's change. */
    private static void nodes(ReadmeFigures f, ExampleOutputs o) {
        Layer nodes = o.scenarioLayer("heartbeat-nodes");
        io.prescale.planner.model.Carries c = nodes.carries().orElseThrow();
        io.prescale.planner.model.Resources free = c.free();
        JsonNode summary = o.layer("heartbeat-nodes");
        JsonNode fit = summary.get("carries");
        int perNode = fit.get("podsPerUnit").asInt();
        long pods = fit.get("peakPods").asLong();
        JsonNode out = o.change("heartbeat-nodes", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode in = o.change("heartbeat-nodes", "SCALE_IN", "DRAMA-S3-PREMIERE");
        JsonNode podsOut = o.change("heartbeat-sync", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode podsIn = o.change("heartbeat-sync", "SCALE_IN", "DRAMA-S3-PREMIERE");
        JsonNode settings = summary.get("targetSettings");
        int base = settings.get("baseNodes").asInt();
        double byCpu = (double) free.milliCpu() / c.requests().milliCpu();
        double byMemory = (double) free.memoryBytes() / c.requests().memoryBytes();
        java.util.function.Function<Long, String> cpu = io.prescale.planner.model.Resources::formatCpu;
        java.util.function.Function<Long, String> mem = io.prescale.planner.model.Resources::formatMemory;
        f.output("%s heartbeat pods need nodes to run on", pods)
                .input("a Deployment of pause pods under a PriorityClass of value %s", io.prescale.planner.targets
                        .TargetCatalog.installed().find(o.scenarioLayer("heartbeat-nodes").target().type()).orElseThrow()
                        .setting("priority").orElseThrow().defaultValue().orElseThrow())
                .input("| one heartbeat pod's requests | cpu %s, memory %s |", cpu.apply(c.requests().milliCpu()),
                        mem.apply(c.requests().memoryBytes()))
                .input("| what one node offers pods (allocatable) | cpu %s, memory %s |",
                        cpu.apply(c.allocatable().milliCpu()), mem.apply(c.allocatable().memoryBytes()))
                .input("| DaemonSets on every node (overhead) | cpu %s, memory %s |", cpu.apply(c.overhead().milliCpu()),
                        mem.apply(c.overhead().memoryBytes()))
                .input("| headroom, of each node's pod slots | %s |", percent(nodes.headroom(), 0))
                .input("| warm-up + lead | %s + %s |", duration(nodes.warmup()), duration(nodes.leadTime()))
                .check(perNode == (int) Math.floor(Math.min(byCpu, byMemory)), "pods a node: " + perNode)
                .output("Outputs: (%s - %s) / %s = %s by cpu and (%s - %s) / %s = %s by memory, so %s pods a node"
                                + " (%s-bound); the premiere's %s pods need %s / (%s x %s) = %s -> %s nodes",
                        cpu.apply(c.allocatable().milliCpu()), cpu.apply(c.overhead().milliCpu()),
                        cpu.apply(c.requests().milliCpu()), decimal(byCpu, 2), mem.apply(c.allocatable().memoryBytes()),
                        mem.apply(c.overhead().memoryBytes()), mem.apply(c.requests().memoryBytes()), plain(byMemory),
                        perNode, c.limitedBy(), pods, pods, perNode, percent(1 - nodes.headroom(), 0),
                        decimal(pods / (perNode * (1 - nodes.headroom())), 1), summary.get("neededUnits").asInt())
                .check(base == nodes.min(), "base nodes are the layer's min")
                .output("The pool's own node (its min, %s) runs the %s pods at rest, so the plan's + heartbeat-nodes %s"
                                + " at %s, %s minutes before the pods' scale-out at %s, is %s placeholders of cpu %s and"
                                + " memory %s each; they are removed at %s, %s minutes after the pods' scale-in",
                        base, podsOut.get("from").asInt(), step(out), f.clockZoned(instant(out, "at")),
                        Duration.between(instant(out, "at"), instant(podsOut, "at")).toMinutes(),
                        f.clock(instant(podsOut, "at")), out.get("to").asInt() - base, settings.get("podCpu").asText(),
                        settings.get("podMemory").asText(), f.clockZoned(instant(in, "at")),
                        Duration.between(instant(podsIn, "at"), instant(in, "at")).toMinutes());
    }
}
