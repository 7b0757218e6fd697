package io.prescale.cli;

import static io.prescale.cli.ExampleOutputs.instant;
import static io.prescale.cli.ReadmeFigures.decimal;
import static io.prescale.cli.ReadmeFigures.duration;
import static io.prescale.cli.ReadmeFigures.grouped;
import static io.prescale.cli.ReadmeFigures.human;
import static io.prescale.cli.ReadmeFigures.millions;
import static io.prescale.cli.ReadmeFigures.minutes;
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;
import static io.prescale.cli.ReadmeFigures.thousands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Outcome;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.model.WhatIf;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example READMEs say what the program prints. For each README: every command it shows runs; every line of
 * output it quotes is printed; every figure in its prose and tables is the one the scenario files (inputs) or the
 * commands (outputs) give; and no number in it escapes the ledger below.
 */
class ExampleReadmeFiguresTest {

    /** One example README and the ledger of its figures. */
    record Example(String name, String folder, BiConsumer<ReadmeFigures, ExampleOutputs> ledger) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Example> examples() {
        return Stream.of(
                new Example("nowtvLinear", "nowtv-linear", ExampleReadmeFiguresTest::nowtvLinear),
                new Example("clevertapIpl", "clevertap-ipl", ExampleReadmeFiguresTest::clevertapIpl),
                new Example("broadcasterWc2018", "broadcaster-wc-2018", ExampleReadmeFiguresTest::broadcasterWc2018));
    }

    private static final int SECONDS_PER_MINUTE = 60;
    /** What one LCU processes: AWS's definition, not the scenario's. */
    private static final double LCU_BYTES_PER_HOUR = 1e9;
    /** Two tests read each ledger; it runs the README's commands, so it is built once per example. */
    private static final Map<String, ReadmeFigures> LEDGERS = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "readme_{0}_everyCommandRunsAsWritten")
    @MethodSource("examples")
    void readme_everyCommandRunsAsWritten(Example e) {
        List<String> commands = ExampleReadme.of(e.folder()).commands();
        assertTrue(commands.size() >= 2, "the README shows its commands: " + commands);
        for (String c : commands) {
            ExampleReadme.Run r = ExampleReadme.run(c);
            assertEquals(0, r.code(), c + "\n" + r.out() + r.err());
        }
    }

    @ParameterizedTest(name = "readme_{0}_everyQuotedOutputLineIsPrinted")
    @MethodSource("examples")
    void readme_everyQuotedOutputLineIsPrinted(Example e) {
        // given
        List<ExampleReadme.OutputBlock> blocks = ExampleReadme.of(e.folder()).outputBlocks();
        assertTrue(!blocks.isEmpty(), "the README quotes output");

        for (ExampleReadme.OutputBlock b : blocks) {
            // when
            ExampleReadme.Run r = ExampleReadme.run(b.command());
            assertEquals(0, r.code(), b.command() + "\n" + r.err());

            // then: the quoted lines, in order, each one whole line of the output ("..." leaves lines out)
            List<String> printed = r.out().lines().map(ExampleReadme::spaces).toList();
            int at = 0;
            for (String quoted : b.lines()) {
                String q = ExampleReadme.spaces(quoted);
                if (q.isEmpty() || q.equals("...")) {
                    continue;
                }
                int found = printed.subList(at, printed.size()).indexOf(q);
                assertTrue(found >= 0, "$ " + b.command() + "\ndoes not print (after line " + at + "):\n" + quoted
                        + "\n--- it prints:\n" + r.out().lines().skip(at).limit(40).collect(Collectors.joining("\n")));
                at += found + 1;
            }
        }
    }

    @ParameterizedTest(name = "readme_{0}_everyQuotedFigureIsWhatTheModelGives")
    @MethodSource("examples")
    void readme_everyQuotedFigureIsWhatTheModelGives(Example e) {
        ReadmeFigures f = ledger(e);
        assertEquals(List.of(), f.notFound(), "README passages that differ from the model (as they should read)");
    }

    @ParameterizedTest(name = "readme_{0}_everyFigureIsChecked")
    @MethodSource("examples")
    void readme_everyFigureIsChecked(Example e) {
        ReadmeFigures f = ledger(e);
        assertEquals(List.of(), f.unchecked(), "numbers in the README that no ledger entry checks");
    }

    private static ReadmeFigures ledger(Example e) {
        return LEDGERS.computeIfAbsent(e.name(), k -> {
            ExampleOutputs o = ExampleOutputs.of(e.folder());
            ReadmeFigures f = new ReadmeFigures(ExampleReadme.of(e.folder()).prose(), o.scenario.zone());
            e.ledger().accept(f, o);
            return f;
        });
    }

    // ---- nowtv-linear

    static void nowtvLinear(ReadmeFigures f, ExampleOutputs o) {
        Scenario s = o.scenario;
        Layer syncLayer = s.layer("heartbeat-sync").orElseThrow();
        Layer jitLayer = s.layer("heartbeat-jittered").orElseThrow();
        LoadTerm.Heartbeat syncBeat = (LoadTerm.Heartbeat) syncLayer.terms().get(0);
        LoadTerm.Heartbeat jitBeat = (LoadTerm.Heartbeat) jitLayer.terms().get(0);
        Duration every = syncBeat.every();
        long everyMin = every.toMinutes();
        Event match = event(s, "PL-LIV-MUN");
        Event premiere = event(s, "DRAMA-S3-PREMIERE");
        MatchShape football = (MatchShape) s.shapeFor(match);
        KeyframeShape shape = (KeyframeShape) s.shapeFor(premiere);
        ShapeProfile level = shape.profile(Outcome.REGULAR);
        Instant kickoff = premiere.start();
        String syncForecast = "./prescale forecast examples/nowtv-linear --layer heartbeat-sync --event DRAMA-S3-PREMIERE";
        String jitForecast = "./prescale forecast examples/nowtv-linear --layer heartbeat-jittered --event DRAMA-S3-PREMIERE";
        String matchForecast = "./prescale forecast examples/nowtv-linear --event PL-LIV-MUN";

        // inputs: the heartbeat, the pods, the events and their shapes
        f.input("every %s minutes, counted from the minute its stream started", everyMin)
                .input("a wave every %s minutes: the ripple", everyMin)
                .input("| heartbeat-sync | {type: heartbeat, every: %s, jitter: %s} | players as shipped: first beat %s min"
                        + " after start |", duration(every), duration(syncBeat.jitter()), everyMin)
                .input("| heartbeat-jittered | {type: heartbeat, every: %s, jitter: %s} | first beat spread uniformly over"
                        + " the %s minutes |", duration(jitBeat.every()), duration(jitBeat.jitter()), everyMin);
        for (Layer l : List.of(syncLayer, jitLayer)) {
            f.input("pods of %s rps with %s headroom (%s rps usable), min %s, warm-up %s + lead %s", plain(l.perUnit()),
                    percent(l.headroom(), 0), plain(l.usablePerUnit()), l.min(), duration(l.warmup()),
                    duration(l.leadTime()));
        }
        f.input("planned from %s (plan.from)", DateTimeFormatter.ofPattern("EEEE d MMMM yyyy HH:mm z", Locale.UK)
                        .format(s.plan().from().orElseThrow().atZone(s.zone())))
                .input("PL-LIV-MUN: a Premier League match on the sports channel, %s, P50 %s / P90 %s concurrent streams",
                        DateTimeFormatter.ofPattern("EEEE HH:mm z", Locale.UK).format(match.kickoff()),
                        human(match.audience().orElseThrow().p50()), human(match.audience().orElseThrow().p90()))
                .input("the audience builds from %s to %s over a %s-minute pre-match show, and %s of the viewers rejoin"
                                + " each minute", percent(football.preMatchLevel(), 0), percent(football.kickoffLevel(), 0),
                        football.preMatch().toMinutes(), percent(football.churnPerMinute(), 1));
        List<KeyframeShape.Point> p = shape.points();
        f.check(p.get(2).at().minus(p.get(1).at()).equals(Duration.ofMinutes(2)), "80% arrives in two minutes")
                .input("season premiere, %s, custom stage", DateTimeFormatter.ofPattern("EEEE d MMMM HH:mm z", Locale.UK)
                        .format(premiere.kickoff()))
                .input("%s watch the last %s minutes before it, then %s of the audience arrives in two minutes (%s at %s,"
                                + " %s at %s). The episode holds %s to %s for an hour, then the audience leaves by %s."
                                + " Churn %s per minute.", percent(p.get(1).level(), 0), p.get(0).at().negated().toMinutes(),
                        percent(p.get(2).level() - p.get(1).level(), 0), percent(p.get(2).level(), 0),
                        f.clock(kickoff.plus(p.get(2).at())), percent(p.get(3).level(), 0),
                        f.clock(kickoff.plus(p.get(3).at())), percent(p.get(3).level(), 0), percent(p.get(4).level(), 0),
                        f.clock(kickoff.plus(p.get(p.size() - 1).at())), percent(shape.churnPerMinute(), 1));

        // the premiere's audience: last year's base times the stage factor
        var base = s.audience().base().orElseThrow();
        double stage = s.audience().stageFactors().get("season-premiere");
        var resolved = s.audience().resolve(premiere).orElseThrow().distribution();
        double audience = o.event("DRAMA-S3-PREMIERE").get("audience").asDouble();
        f.input("The premiere at %sx last year's peak", decimal(stage, 1))
                .input("Last season's premiere peaked at %s concurrent streams. This season's is planned at %s times that",
                        human(base.p50()), decimal(stage, 1))
                .input("(P50 %s, P90 %s: the usual +%s spread)", human(base.p50()), human(base.p90()),
                        percent(base.p90() / base.p50() - 1, 0))
                .input("audience.stages.season-premiere: %s lifts it", decimal(stage, 1))
                .output("The model makes the premiere P50 %s, P90 %s (outputs)", human(resolved.p50()), human(audience));

        // outputs: the premiere on both layers
        JsonNode sync = o.layer("heartbeat-sync");
        JsonNode jit = o.layer("heartbeat-jittered");
        double syncPeak = sync.get("peakRps").asDouble();
        double jitPeak = jit.get("peakRps").asDouble();
        Instant syncPeakAt = instant(sync, "peakAt");
        Instant jitPeakAt = instant(jit, "peakAt");
        int syncPods = sync.get("neededUnits").asInt();
        int jitPods = jit.get("neededUnits").asInt();
        long beatSeconds = every.toSeconds();
        f.input("first beat lands in any of the %s minutes", everyMin)
                .derived("a tenth of the audience: viewers / %s s", beatSeconds)
                .output("At the premiere's %s that is %s rps (%s pods at %s rps)", human(audience), grouped(jitPeak),
                        jitPods, plain(jitLayer.usablePerUnit()));

        List<Integer> wave = joinWave(level);
        Instant first = kickoff.plus(Duration.ofMinutes(wave.get(0)));
        Instant second = kickoff.plus(Duration.ofMinutes(wave.get(1)));
        double joinShare = level.levelAt(wave.get(0)) - level.levelAt(wave.get(0) - 1);
        f.derived("the level goes from %s at %s to %s at %s and %s at %s, so %s of %s (%s) join in each of those two"
                                + " minutes", percent(level.levelAt(0), 0), f.clock(kickoff), percent(level.levelAt(1), 0),
                        f.clock(first), percent(level.levelAt(2), 0), f.clock(second), percent(joinShare, 0),
                        human(audience), human(joinShare * audience))
                .derived("They beat together again in %s and %s, %s and %s, and so on: %s / %s s = %s rps",
                        f.clock(first.plus(every)), f.clock(second.plus(every)), f.clock(first.plus(every.multipliedBy(2))),
                        f.clock(second.plus(every.multipliedBy(2))), human(joinShare * audience), SECONDS_PER_MINUTE,
                        grouped(joinShare * audience / SECONDS_PER_MINUTE));
        int rippleMinute = (int) Duration.between(kickoff, syncPeakAt).toMinutes();
        f.output("The forecast gives %s rps at %s, a little less, because by then the level has eased to %s (%s to %s"
                        + " over the hour)", grouped(syncPeak), f.clock(syncPeakAt), percent(level.levelAt(rippleMinute), 1),
                percent(p.get(3).level(), 0), percent(p.get(4).level(), 0));
        Instant lastJoin = kickoff.plus(p.get(3).at());
        Instant lastBack = lastJoin.plus(every);
        f.output("The last %s, who join at %s, come back at %s (%s rps)", percent(p.get(3).level() - p.get(2).level(), 0),
                f.clock(lastJoin), f.clock(lastBack), grouped(o.minute(syncForecast, "heartbeat-sync", lastBack)
                        .get("load").asDouble()));
        Instant troughFrom = lastBack.plusSeconds(60);
        Instant troughTo = first.plus(every.multipliedBy(2)).minusSeconds(60);
        List<Double> trough = o.minutes(syncForecast, "heartbeat-sync").stream()
                .filter(m -> !instant(m, "t").isBefore(troughFrom) && !instant(m, "t").isAfter(troughTo))
                .map(m -> m.get("load").asDouble()).toList();
        f.output("only the pre-show and churn phases beat: %s to %s rps from %s to %s",
                        plain(trough.stream().mapToDouble(d -> d).min().orElseThrow()),
                        plain(trough.stream().mapToDouble(d -> d).max().orElseThrow()), f.clock(troughFrom), f.clock(troughTo))
                .output("%s / %s = %s, so %s pods", grouped(syncPeak), plain(syncLayer.usablePerUnit()),
                        decimal(syncPeak / syncLayer.usablePerUnit(), 1), syncPods)
                .output("Ratio: %s / %s = %sx the rps, %s / %s = %sx the pods", grouped(syncPeak), grouped(jitPeak),
                        decimal(syncPeak / jitPeak, 2), syncPods, jitPods, plain((double) syncPods / jitPods));

        // outputs: the football match, whose ripple is the second-half restart
        JsonNode matchSync = o.peak(matchForecast, "heartbeat-sync");
        JsonNode matchJit = o.peak(matchForecast, "heartbeat-jittered");
        double matchAudience = o.event("PL-LIV-MUN").get("audience").asDouble();
        Instant restart = match.start().plus(Duration.ofMinutes(football.halfTimeStart())).plus(football.halfTime());
        Instant matchPeakAt = instant(matchSync, "t");
        double watching = matchAudience * football.profile(Outcome.REGULAR)
                .levelAt((int) Duration.between(match.start(), matchPeakAt).toMinutes());
        double restartShare = football.firstHalfLevel() - football.halfTimeLevel();
        double matchRatio = matchSync.get("load").asDouble() / matchJit.get("load").asDouble();
        f.check(football.preMatch().equals(every.multipliedBy(3)), "the build-up is three full intervals")
                .input("Its audience builds over %s minutes", football.preMatch().toMinutes())
                .output("%s of %s come back from half-time (%s to %s, the football shape's defaults) in %s and beat"
                                + " together at %s, when %s of the %s watching beat in the same minute",
                        percent(restartShare, 0), human(matchAudience), percent(football.halfTimeLevel(), 0),
                        percent(football.firstHalfLevel(), 0), f.clockZoned(restart), f.clock(matchPeakAt),
                        percent(matchSync.get("load").asDouble() * SECONDS_PER_MINUTE / watching, 1), human(watching))
                .output("That gives %s rps (%s pods) against %s / %s = %s rps (%s pods) jittered: %sx",
                        grouped(matchSync.get("load").asDouble()), matchSync.get("needed").asInt(), human(matchAudience),
                        beatSeconds, grouped(matchJit.get("load").asDouble()), matchJit.get("needed").asInt(),
                        decimal(matchRatio, 2));

        // outputs: the forecast excerpts and the plan
        f.derived("around the join wave (%s-%s)", f.clock(first), f.clock(second))
                .output("easing with it after %s", f.clock(jitPeakAt));
        JsonNode m = o.event("PL-LIV-MUN");
        JsonNode d = o.event("DRAMA-S3-PREMIERE");
        f.output("Events: PL-LIV-MUN P90 %s (%s); DRAMA-S3-PREMIERE P90 %s, on the platform %s-%s BST",
                human(m.get("audience").asDouble()), m.get("audienceWhy").asText(), human(d.get("audience").asDouble()),
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
        int threshold = 3;
        double tolerance = 0.15;
        f.check(ratio > threshold, "sync / jittered above " + threshold + "x: " + ratio)
                .check(Math.abs(jitPeak - audience / beatSeconds) <= tolerance * audience / beatSeconds, "jittered ~ viewers / 600")
                .check(Math.round(jitPeak) == Math.round(audience / beatSeconds), "jittered exactly viewers / 600")
                .output("Ratio sync / jittered: %sx the peak rps (more than %sx), %sx the pods. The jittered peak is"
                                + " viewers / %s (within %s; here exact)", decimal(ratio, 2), threshold,
                        plain((double) syncPods / jitPods), beatSeconds, percent(tolerance, 0));
        f.check(syncPods < syncLayer.max() && jitPods < jitLayer.max() && o.diagnostics().isEmpty(),
                        "no layer clipped at max: " + o.diagnostics())
                .input("Neither layer reaches its max of %s pods", syncLayer.max());

        // the ripple: minutes where sync carries more than 3x the jittered load
        List<Instant> ripples = new ArrayList<>();
        for (JsonNode min : o.minutes(syncForecast, "heartbeat-sync")) {
            Instant t = instant(min, "t");
            double j = o.minute(jitForecast, "heartbeat-jittered", t).get("load").asDouble();
            if (min.get("load").asDouble() > threshold * j) {
                ripples.add(t);
            }
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < ripples.size(); i += 2) {
            f.check(ripples.get(i + 1).equals(ripples.get(i).plusSeconds(60))
                    && Duration.between(first, ripples.get(i)).toMinutes() % everyMin == 0, "ripple pair at " + ripples.get(i));
            pairs.add(f.clock(ripples.get(i)) + "-" + f.clock(ripples.get(i + 1)));
        }
        f.check(ripples.size() % 2 == 0, "ripples come in pairs: " + ripples);
        for (int i = 0; i + 2 < ripples.size(); i += 2) {
            Instant half = ripples.get(i).plus(every.dividedBy(2));
            f.check(o.minute(syncForecast, "heartbeat-sync", half).get("load").asDouble()
                    < o.minute(jitForecast, "heartbeat-jittered", half).get("load").asDouble(), "trough at " + half);
        }
        f.derived("every minute where sync carries more than %sx the jittered load is %s, %s, %s, ... minutes after a"
                                + " join-wave minute (%s, %s): %s. Halfway between (%s, %s, ...) sync is below the jittered load",
                        threshold, everyMin, 2 * everyMin, 3 * everyMin, f.clock(first), f.clock(second),
                        String.join(", ", pairs), f.clock(ripples.get(0).plus(every.dividedBy(2))),
                        f.clock(ripples.get(0).plus(every.plus(every.dividedBy(2)))));

        // the premiere's changes
        JsonNode jitOut = o.change("heartbeat-jittered", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode syncOut = o.change("heartbeat-sync", "SCALE_OUT", "DRAMA-S3-PREMIERE");
        JsonNode syncIn = o.change("heartbeat-sync", "SCALE_IN", "DRAMA-S3-PREMIERE");
        JsonNode jitIn = o.change("heartbeat-jittered", "SCALE_IN", "DRAMA-S3-PREMIERE");
        f.check(instant(syncIn, "at").equals(instant(jitIn, "at")) && syncIn.get("to").asInt() == jitIn.get("to").asInt(),
                        "both layers scale in together")
                .check(Duration.between(instant(jitOut, "at"), instant(jitOut, "neededAt"))
                        .equals(Duration.between(instant(syncOut, "at"), instant(syncOut, "neededAt"))), "both ahead alike");
        f.output("Premiere changes, both requested %s minutes ahead (warm-up %s + lead %s) and back to %s at %s BST"
                                + " (latest end %s + cool-down %s). The jittered layer's is needed at %s (the join wave), the"
                                + " synchronised layer's at %s (the first ripple)",
                        Duration.between(instant(syncOut, "at"), instant(syncOut, "neededAt")).toMinutes(),
                        duration(syncLayer.warmup()), duration(syncLayer.leadTime()), syncIn.get("to").asInt(),
                        f.clock(instant(syncIn, "at")), f.clock(instant(d, "latestEnd")), duration(syncLayer.cooldown()),
                        f.clock(instant(jitOut, "neededAt")), f.clock(instant(syncOut, "neededAt")))
                .output("the synchronised layer's scale-out is requested at %s, after the premiere has started",
                        f.clock(instant(syncOut, "at")));

        // the football match's changes
        JsonNode mJitOut = o.change("heartbeat-jittered", "SCALE_OUT", "PL-LIV-MUN");
        JsonNode mSyncOut = o.change("heartbeat-sync", "SCALE_OUT", "PL-LIV-MUN");
        JsonNode mIn = o.change("heartbeat-sync", "SCALE_IN", "PL-LIV-MUN");
        JsonNode mJitIn = o.change("heartbeat-jittered", "SCALE_IN", "PL-LIV-MUN");
        f.check(instant(mIn, "at").equals(instant(mJitIn, "at")) && mIn.get("to").asInt() == mJitIn.get("to").asInt(),
                "both layers back together after the match");
        f.output("Football: sync %s rps at %s BST (%s pods), jittered %s rps (%s pods), ratio %sx; + heartbeat-jittered"
                        + " %s -> %s at %s BST, + heartbeat-sync %s -> %s at %s BST, both back to %s at %s BST",
                grouped(matchSync.get("load").asDouble()), f.clock(matchPeakAt), matchSync.get("needed").asInt(),
                grouped(matchJit.get("load").asDouble()), matchJit.get("needed").asInt(), decimal(matchRatio, 2),
                mJitOut.get("from").asInt(), mJitOut.get("to").asInt(), f.clock(instant(mJitOut, "at")),
                mSyncOut.get("from").asInt(), mSyncOut.get("to").asInt(), f.clock(instant(mSyncOut, "at")),
                mIn.get("to").asInt(), f.clock(instant(mIn, "at")));

        // the modelling note
        f.input("shapes start at %s", percent(football.preMatchLevel(), 0))
                .input("so a shape that started above %s would not ripple", percent(p.get(0).level(), 0))
                .input("Starting from %s says how these audiences arrive", percent(football.preMatchLevel(), 0))
                .input("Both shapes start from %s (preMatchLevel: %s, first keyframe [-%s, %s])",
                        percent(football.preMatchLevel(), 0), percent(football.preMatchLevel(), 0),
                        duration(p.get(0).at().negated()), percent(p.get(0).level(), 0));
    }

    // ---- clevertap-ipl

    static void clevertapIpl(ReadmeFigures f, ExampleOutputs o) {
        Scenario s = o.scenario;
        Layer ingestion = s.layer("ingestion").orElseThrow();
        Layer alb = s.layer("alb").orElseThrow();
        Layer push = s.layer("push-delivery").orElseThrow();
        LoadTerm.PerViewer batches = term(ingestion, LoadTerm.PerViewer.class);
        LoadTerm.PerJoin sessionStart = term(ingestion, LoadTerm.PerJoin.class);
        LoadTerm.GoalPush pushTerm = term(push, LoadTerm.GoalPush.class);
        Event fin = event(s, "FINAL");
        MatchShape cricket = (MatchShape) s.shapeFor(fin);
        var base = s.audience().base().orElseThrow();
        String forecast = "./prescale forecast examples/clevertap-ipl";
        double background = ingestion.background();
        JsonNode ing = o.layer("ingestion");
        JsonNode lb = o.layer("alb");
        JsonNode pu = o.layer("push-delivery");
        double peak = ing.get("peakRps").asDouble();
        double reported = 1e6;
        double about = 0.05;

        // the reported figures, the source and the files
        f.name("FIFA and IPL 2018: Recalibrating Our Architecture for Scalability\", CleverTap engineering blog, 2018")
                .name("what a pre-warm request did in 2018")
                .check(Math.abs(peak - reported) <= about * reported, "about 1M rps at game time: " + peak)
                .input("traffic runs at a steady %s rps and rises to about %s rps at game time", human(background),
                        human(reported))
                .input("| prescale.yaml | zone %s, plan.from %s, a %s-day horizon, the cricket shape, baseline |", s.zone(),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").format(s.plan().from().orElseThrow()
                                .atZone(ZoneOffset.UTC)), s.plan().horizon().toDays())
                .check(s.events().size() == 5, "five fixtures")
                .input("five %s-style fixtures (dates follow the usual pattern; the %s schedule was not published)",
                        fin.competition(), fin.kickoff().getYear());

        // the cricket shape, the push and the surge
        f.input("(halfLength: %s, addedTime: %s) with a %s-minute innings break (halfTime: %s); first ball at %s, the"
                                + " ramp starts at the toss (preMatch: %s)", minutes(cricket.halfLength()),
                        minutes(cricket.addedTime()), cricket.halfTime().toMinutes(), minutes(cricket.halfTime()),
                        f.clockZoned(fin.start()), minutes(cricket.preMatch()))
                .input("carries a push to %s subscribers (goal-push) and a surge of %s app opens within %s s (goalSurge)",
                        human(pushTerm.subscribers()), human(cricket.goalSurge().joins()),
                        cricket.goalSurge().within().toSeconds())
                .input("(extraTime: %s, extraTimeBreak: %s, penalties: %s, as cricket has no penalties)",
                        minutes(cricket.extraTime()), minutes(cricket.extraTimeBreak()), minutes(cricket.penalties()));
        Event opener = event(s, "OPENER");
        Event afternoon = event(s, "DH-AFTERNOON");
        Event evening = event(s, "DH-EVENING");
        Event miCsk = event(s, "MI-CSK");
        f.input("An opener (%s, %s), a %s double-header (%s at %s and %s at %s, %s), %s (%s) and the final (%s,"
                        + " finalists unknown", String.join(" v ", opener.teams()), day("EEE d MMMM", opener),
                day("EEEE", afternoon), String.join(" v ", afternoon.teams()), f.clock(afternoon.start()), String.join(" v ", evening.teams()),
                f.clockZoned(evening.start()), day("d MMMM", evening), String.join(" v ", miCsk.teams()),
                day("d MMMM", miCsk), day("EEE d MMMM", fin));

        // the audiences and each event's peak (outputs)
        f.input("base P90 %s x team (max of the two) x stage", millions(base.p90(), 2));
        Map<String, Double> peaks = new HashMap<>();
        for (JsonNode m : o.minutes(forecast, "ingestion")) {
            if (m.has("event")) {
                peaks.merge(m.get("event").asText(), m.get("load").asDouble(), Math::max);
            }
        }
        Function<String, String> row = id -> thousands(peaks.get(id), 1) + " rps | "
                + o.change("ingestion", "SCALE_OUT", id).get("to").asInt();
        Function<String, Integer> lcu = id -> o.change("alb", "PREWARM", id).get("to").asInt();
        double csk = s.audience().teamFactors().get("csk");
        f.check(row.apply("OPENER").equals(row.apply("MI-CSK")) && lcu.apply("OPENER").equals(lcu.apply("MI-CSK")),
                        "OPENER and MI-CSK alike")
                .output("| OPENER, MI-CSK | %s x CSK %s = %s | %s instances | %s LCU |", millions(base.p90(), 2),
                        decimal(csk, 2), millions(audience(o, "OPENER"), 2), row.apply("OPENER"), lcu.apply("OPENER"))
                .output("| DH-AFTERNOON | %s (override: afternoon slot, ~%s of an evening) | %s | %s |",
                        millions(audience(o, "DH-AFTERNOON"), 1), percent(audience(o, "DH-AFTERNOON") / base.p90(), 0),
                        row.apply("DH-AFTERNOON"), lcu.apply("DH-AFTERNOON"))
                .output("| DH-EVENING | %s x KKR %s = %s | %s | %s |", millions(base.p90(), 2),
                        decimal(s.audience().teamFactors().get("kkr"), 2), millions(audience(o, "DH-EVENING"), 2),
                        row.apply("DH-EVENING"), lcu.apply("DH-EVENING"))
                .output("| FINAL | %s x final %s = %s | %s | %s |", millions(base.p90(), 2),
                        decimal(s.audience().stageFactors().get("final"), 1), millions(audience(o, "FINAL"), 2),
                        row.apply("FINAL"), lcu.apply("FINAL"));

        // the final's peak, term by term: the residual is the audience still rising in that minute
        Instant peakAt = instant(ing, "peakAt");
        int minute = (int) Duration.between(fin.start(), peakAt).toMinutes();
        double a = audience(o, "FINAL");
        double level = cricket.outcomes(fin.stage()).stream().mapToDouble(x -> cricket.profile(x).levelAt(minute))
                .max().orElseThrow();
        double watching = a * level;
        double perViewer = watching * batches.rpsPerViewer();
        double surge = cricket.goalSurge().joins() * sessionStart.requests() / cricket.goalSurge().within().toSeconds();
        double churnJoins = cricket.churnPerMinute() * watching;
        double churn = churnJoins * sessionStart.requests() / SECONDS_PER_MINUTE;
        double rising = peak - background - perViewer - surge - churn;
        f.check(rising > 0, "the audience still rises at the peak: " + rising)
                .output("The final's peak, %s (the first minute of a possible super over, audience at %s)",
                        f.clockZoned(peakAt), percent(level, 0))
                .input("background %s", thousands(background, 1))
                .derived("event-batches %s sessions / %s s %s", millions(a, 2), plain(1 / batches.rpsPerViewer()),
                        thousands(perViewer, 1))
                .derived("session-start %s push opens x %s / %s s %s", human(cricket.goalSurge().joins()),
                        plain(sessionStart.requests()), cricket.goalSurge().within().toSeconds(), thousands(surge, 1))
                .derived("churn %s x %s = %s/min x %s / %s %s", percent(cricket.churnPerMinute(), 0), millions(a, 2),
                        thousands(churnJoins, 1), plain(sessionStart.requests()), SECONDS_PER_MINUTE, thousands(churn, 1))
                .output("audience still rising (%s joins) x %s / %s %s", thousands(rising * SECONDS_PER_MINUTE
                        / sessionStart.requests(), 0), plain(sessionStart.requests()), SECONDS_PER_MINUTE, thousands(rising, 1))
                .output("total %s rps (about %s, as reported)", thousands(peak, 1), human(reported));
        f.output("ingestion %s / (%s x %s) = %s -> %s instances (step %s)", thousands(peak, 1), grouped(ingestion.perUnit()),
                        percent(1 - ingestion.headroom(), 0), decimal(peak / ingestion.usablePerUnit(), 1),
                        ing.get("neededUnits").asInt(), ingestion.step())
                .output("alb %s / (%s x %s) = %s -> %s LCU (step %s); the steady %s rps alone = %s LCU", thousands(peak, 1),
                        plain(alb.perUnit()), percent(1 - alb.headroom(), 0), grouped(peak / alb.usablePerUnit()),
                        lb.get("neededUnits").asInt(), alb.step(), human(alb.background()),
                        plain(Math.ceil(alb.background() / alb.usablePerUnit())))
                .output("push %s / %s s = %s pushes/s / (%s x %s) = %s -> %s pods, in every minute of play",
                        human(pushTerm.subscribers()), pushTerm.within().toSeconds(), human(pu.get("peakRps").asDouble()),
                        grouped(push.perUnit()), percent(1 - push.headroom(), 0),
                        decimal(pu.get("peakRps").asDouble() / push.usablePerUnit(), 1), pu.get("neededUnits").asInt());
        double bytesPerSecond = LCU_BYTES_PER_HOUR / Duration.ofHours(1).toSeconds();
        f.derived("An LCU is taken as %s rps: the processed-bytes dimension (%s GB/hour per LCU, about %s kB/s) at about"
                                + " %s kB per event-batch request", plain(alb.perUnit()), plain(LCU_BYTES_PER_HOUR / 1e9),
                        plain(bytesPerSecond / 1e3), decimal(bytesPerSecond / alb.perUnit() / 1e3, 1));

        // the plan
        f.output("(as of %s, P90)", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US)
                        .format(instant(o.plan, "at").atZone(s.zone())))
                .output("ingestion: peak %s rps (about %s) at %s, driven by %s; peak %s instances", thousands(peak, 1),
                        human(reported), f.when(peakAt), ing.get("drivenBy").asText(), ing.get("neededUnits").asInt());
        List<JsonNode> albIns = o.changes().stream().filter(c -> c.get("layer").asText().equals("alb")
                && c.get("action").asText().equals("SCALE_IN")).toList();
        int albFloor = albIns.get(0).get("to").asInt();
        f.check(albIns.stream().allMatch(c -> c.get("to").asInt() == albFloor) && albFloor > alb.min(),
                        "alb back to the same floor after every match, above min")
                .output("alb: peak %s rps, %s LCU, driven by %s; back to %s LCU (the steady %s rps) after every match,"
                                + " never to zero", thousands(lb.get("peakRps").asDouble(), 1), lb.get("neededUnits").asInt(),
                        lb.get("drivenBy").asText(), albFloor, human(alb.background()));
        for (Event e : s.events()) {
            JsonNode first = o.minute(forecast, "push-delivery", e.start());
            f.check(first.get("load").asDouble() == pu.get("peakRps").asDouble()
                    && first.get("planned").asInt() == pu.get("neededUnits").asInt(), "push at first ball of " + e.id());
        }
        f.output("push-delivery: peak %s rps (%s pushes within %s s), %s pods, in every match from first ball to the end"
                        + " of play (first at %s, %s)", human(pu.get("peakRps").asDouble()), human(pushTerm.subscribers()),
                pushTerm.within().toSeconds(), pu.get("neededUnits").asInt(), pu.get("drivenBy").asText(),
                f.when(instant(pu, "peakAt")));

        JsonNode albOut = o.change("alb", "PREWARM", "FINAL");
        JsonNode ingOut = o.change("ingestion", "SCALE_OUT", "FINAL");
        JsonNode pushOut = o.change("push-delivery", "SCALE_OUT", "FINAL");
        JsonNode fe = o.event("FINAL");
        f.check(Duration.between(instant(albOut, "at"), instant(fe, "windowStart")).equals(Duration.ofHours(2)),
                        "alb requested two hours before the ramp")
                .output("FINAL: ~ alb %s lcu at %s (two hours before the %s ramp: warm-up %s + lead %s); + ingestion %s at %s;"
                                + " + push-delivery %s at %s; scale-in after the latest end %s (super over included) plus"
                                + " cool-down: push at %s, ingestion at %s, alb at %s", step(albOut),
                        f.when(instant(albOut, "at")), f.clock(instant(fe, "windowStart")), duration(alb.warmup()),
                        duration(alb.leadTime()), step(ingOut), f.clockZoned(instant(ingOut, "at")), step(pushOut),
                        f.clockZoned(instant(pushOut, "at")), f.clockZoned(instant(fe, "latestEnd")),
                        f.clock(instant(o.change("push-delivery", "SCALE_IN", "FINAL"), "at")),
                        f.clock(instant(o.change("ingestion", "SCALE_IN", "FINAL"), "at")),
                        f.clock(instant(o.change("alb", "SCALE_IN", "FINAL"), "at")));
        for (String id : List.of("OPENER", "MI-CSK")) {
            f.output("OPENER and MI-CSK: alb %s LCU at %s, ingestion %s at %s", step(o.change("alb", "PREWARM", id)),
                    f.clockZoned(instant(o.change("alb", "PREWARM", id), "at")), step(o.change("ingestion", "SCALE_OUT", id)),
                    f.clockZoned(instant(o.change("ingestion", "SCALE_OUT", id), "at")));
        }

        // the double-header: one live cluster per layer for both matches
        JsonNode dha = o.event("DH-AFTERNOON");
        JsonNode dhe = o.event("DH-EVENING");
        f.check(instant(dha, "latestEnd").isBefore(instant(dhe, "windowStart")), "the two matches do not overlap")
                .output("Double-header (%s): the afternoon match can end as late as %s and the evening ramp starts at %s",
                        day("d MMMM", afternoon), f.clockZoned(instant(dha, "latestEnd")), f.clock(instant(dhe, "windowStart")));
        for (String layer : List.of("alb", "ingestion", "push-delivery")) {
            List<JsonNode> cs = o.changes().stream().filter(c -> c.get("layer").asText().equals(layer)
                    && c.get("events").toString().contains("DH-")).toList();
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                String unit = layer.equals("alb") && i == 0 ? " LCU" : "";
                steps.add(step(cs.get(i)) + unit + " at " + f.clockZoned(instant(cs.get(i), "at")));
            }
            String line = layer.equals("push-delivery")
                    ? steps.get(0) + ", held through both matches, " + steps.get(1)
                    : String.join(", ", steps);
            f.check(!layer.equals("push-delivery") || cs.size() == 2, "push-delivery held through both: " + cs)
                    .output("%s: %s", layer, line);
        }
        f.output("%s changes: %s scale-out, %s pre-warm, %s scale-in; no warnings", o.changes().size(),
                        count(o, "SCALE_OUT"), count(o, "PREWARM"), count(o, "SCALE_IN"))
                .check(o.diagnostics().isEmpty(), "no warnings: " + o.diagnostics());

        // limits of the model
        f.input("every push reaches all %s subscribers", human(pushTerm.subscribers()));
    }

    // ---- broadcaster-wc-2018 and its thunderstorm

    static void broadcasterWc2018(ReadmeFigures f, ExampleOutputs o) {
        Scenario s = o.scenario;
        ExampleOutputs storm = ExampleOutputs.of("broadcaster-wc-2018/thunderstorm");
        Layer api = s.layer("api").orElseThrow();
        Layer cdn = s.layer("cdn").orElseThrow();
        LoadTerm.PerViewer polls = term(api, LoadTerm.PerViewer.class);
        LoadTerm.PerJoin joins = term(api, LoadTerm.PerJoin.class);
        LoadTerm.Egress egress = term(cdn, LoadTerm.Egress.class);
        Event semi = event(s, "CRO-ENG");
        MatchShape england = (MatchShape) s.shapeFor(semi);
        MatchShape football = (MatchShape) s.shapeFor(event(s, "RUS-KSA"));
        var base = s.audience().base().orElseThrow();
        double englandFactor = s.audience().teamFactors().get("england");
        int year = semi.kickoff().getYear();
        double peakAudience = audience(o, "CRO-ENG");
        double stormAudience = audience(storm, "CRO-ENG");
        double stormShare = stormAudience / peakAudience - 1;

        // the reported figures, the files and the fixtures
        f.name("the " + year + " World Cup").name("the " + year + " FIFA World Cup").name("In " + year + " the UK rights")
                .name("within 60-90 s")
                .output("%s concurrent viewers at the peak", human(peakAudience))
                .input("here %s joins within %s s", human(england.goalSurge().joins()), england.goalSurge().within().toSeconds())
                .derived("a thunderstorm adding %s viewers within minutes", percent(stormShare, 0))
                .input("| prescale.yaml | zone %s, plan.from %s, baseline |", s.zone(), DateTimeFormatter
                        .ofPattern("yyyy-MM-dd'T'HH:mm'Z'").format(s.plan().from().orElseThrow().atZone(ZoneOffset.UTC)))
                .check(s.events().size() == 9, "nine fixtures")
                .input("nine real %s fixtures", year)
                .input("base %s (P90), England x%s, stage factors", human(base.p90()), plain(englandFactor))
                .input("football (goal surge: %s of the match's viewers) and england (goal surge: %s joins)",
                        percent(football.goalSurge().share(), 0), human(england.goalSurge().joins()))
                .input("max = %s Gbps contracted", grouped(cdn.max()))
                .derived("semi-final audience +%s", percent(stormShare, 0))
                .name("round of 16");
        for (Event e : s.events()) {
            f.input("%s", DateTimeFormatter.ofPattern("d MMMM HH:mm", Locale.UK).format(e.kickoff()));
        }

        // audiences and each event's api instances and cdn need (outputs)
        Function<String, Integer> apiTo = id -> o.change("api", "SCALE_OUT", id).get("to").asInt();
        Function<String, String> cdnTo = id -> grouped(o.change("cdn", "CHECK", id).get("to").asDouble());
        Function<String, Double> stage = id -> s.audience().stageFactors().get(event(s, id).stage().key());
        double group = audience(o, "TUN-ENG");
        f.input("base %s x England %s x stage", human(base.p90()), plain(englandFactor))
                .input("| event | audience: inputs = output | api | cdn needed (of %s Gbps) |", grouped(cdn.max()))
                .output("| RUS-KSA | %s | %s instances | %s Gbps |", human(audience(o, "RUS-KSA")), apiTo.apply("RUS-KSA"),
                        cdnTo.apply("RUS-KSA"))
                .check(audience(o, "ENG-PAN") == group && apiTo.apply("ENG-PAN").equals(apiTo.apply("TUN-ENG"))
                        && cdnTo.apply("ENG-PAN").equals(cdnTo.apply("TUN-ENG")), "TUN-ENG and ENG-PAN alike")
                .output("| TUN-ENG, ENG-PAN | %s x %s = %s | %s | %s |", human(base.p90()), plain(englandFactor),
                        millions(group, 2), apiTo.apply("TUN-ENG"), cdnTo.apply("TUN-ENG"))
                .output("| ENG-BEL + PAN-TUN | %s + %s, same kickoff | %s | %s |", millions(audience(o, "ENG-BEL"), 2),
                        human(audience(o, "PAN-TUN")), apiTo.apply("ENG-BEL"), cdnTo.apply("ENG-BEL"))
                .output("| COL-ENG | %s x %s = %s | %s | %s |", millions(group, 2), decimal(stage.apply("COL-ENG"), 1),
                        millions(audience(o, "COL-ENG"), 3), apiTo.apply("COL-ENG"), cdnTo.apply("COL-ENG"))
                .output("| SWE-ENG | %s x %s = %s | %s | %s |", millions(group, 2), decimal(stage.apply("SWE-ENG"), 1),
                        millions(audience(o, "SWE-ENG"), 2), apiTo.apply("SWE-ENG"), cdnTo.apply("SWE-ENG"))
                .output("| CRO-ENG | %s x %s = %s | %s | %s |", millions(group, 2), decimal(stage.apply("CRO-ENG"), 1),
                        millions(peakAudience, 1), apiTo.apply("CRO-ENG"), cdnTo.apply("CRO-ENG"))
                .output("| FRA-CRO | %s x %s = %s | %s | %s |", human(base.p90()), decimal(stage.apply("FRA-CRO"), 1),
                        human(audience(o, "FRA-CRO")), apiTo.apply("FRA-CRO"), cdnTo.apply("FRA-CRO"));

        // the semi-final's peak, term by term: the residual is the audience still rising in that minute
        JsonNode apiPeak = o.layer("api");
        JsonNode cdnPeak = o.layer("cdn");
        double peak = apiPeak.get("peakRps").asDouble();
        Instant peakAt = instant(apiPeak, "peakAt");
        int minute = (int) Duration.between(semi.start(), peakAt).toMinutes();
        double level = england.outcomes(semi.stage()).stream().mapToDouble(x -> england.profile(x).levelAt(minute))
                .max().orElseThrow();
        double watching = peakAudience * level;
        double pollRps = watching * polls.rpsPerViewer();
        double surge = england.goalSurge().joins() * joins.requests() / england.goalSurge().within().toSeconds();
        double churnJoins = england.churnPerMinute() * watching;
        double churn = churnJoins * joins.requests() / SECONDS_PER_MINUTE;
        double rising = peak - api.background() - pollRps - surge - churn;
        double gbps = cdnPeak.get("peakGbps").asDouble();
        double streams = watching * egress.bitsPerViewer() / 1e9;
        f.check(rising > 0, "the audience still rises at the peak: " + rising)
                .check(instant(cdnPeak, "peakAt").equals(peakAt), "api and cdn peak together")
                .output("Croatia v England at %s (the first minute of extra time, audience at %s, a goal possible)",
                        f.clockZoned(peakAt), percent(level, 0))
                .derived("api background %s + live-page polls %s / %s s = %s", human(api.background()), human(watching),
                        plain(1 / polls.rpsPerViewer()), thousands(pollRps, 1))
                .derived("+ goal surge %s joins x %s requests / %s s = %s", human(england.goalSurge().joins()),
                        plain(joins.requests()), england.goalSurge().within().toSeconds(), thousands(surge, 1))
                .output("+ churn %s x %s = %s/min x %s / %s = %s, audience still rising %s",
                        percent(england.churnPerMinute(), 1), human(watching), human(churnJoins), plain(joins.requests()),
                        SECONDS_PER_MINUTE, thousands(churn, 1), thousands(rising, 1))
                .output("= %s rps / (%s x %s) = %s -> %s instances (step %s)", thousands(peak, 1), grouped(api.perUnit()),
                        percent(1 - api.headroom(), 0), decimal(peak / api.usablePerUnit(), 1),
                        apiPeak.get("neededUnits").asInt(), api.step())
                .output("cdn %s x %s Mbps = %s Tbps + %s Tbps on-demand and other channels = %s Tbps", human(watching),
                        decimal(egress.bitsPerViewer() / 1e6, 1), decimal(streams / 1e3, 1),
                        decimal(cdn.background() / 1e3, 1), decimal(gbps / 1e3, 1))
                .output("/ %s usable = %s Gbps: within the %s Gbps contracted (%s)", percent(1 - cdn.headroom(), 0),
                        grouped(cdnPeak.get("neededUnits").asInt()), grouped(cdn.max()),
                        percent(cdnPeak.get("neededUnits").asDouble() / cdn.max(), 0));

        // the plan
        List<JsonNode> checks = o.changes().stream().filter(c -> c.get("action").asText().equals("CHECK")).toList();
        for (JsonNode c : checks) {
            JsonNode first = o.event(c.get("events").get(0).asText());
            f.check(instant(c, "at").equals(instant(first, "windowStart").minus(Duration.ofHours(1))),
                            "check an hour before the ramp: " + c)
                    .check(c.get("to").asInt() <= cdn.max() && c.get("reason").asText().contains("within"),
                            "check within the contract: " + c);
        }
        JsonNode semiCheck = o.change("cdn", "CHECK", "CRO-ENG");
        JsonNode apiOut = o.change("api", "SCALE_OUT", "CRO-ENG");
        JsonNode apiIn = o.change("api", "SCALE_IN", "CRO-ENG");
        JsonNode se = o.event("CRO-ENG");
        f.output("(as of %s, P90)", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US)
                        .format(instant(o.plan, "at").atZone(s.zone())))
                .output("cdn: peak %s Gbps (%s Tbps) at %s, driven by %s; needs %s Gbps", grouped(gbps),
                        decimal(gbps / 1e3, 1), f.when(instant(cdnPeak, "peakAt")), cdnPeak.get("drivenBy").asText(),
                        grouped(cdnPeak.get("neededUnits").asInt()))
                .check(o.change("cdn", "CHECK", "PAN-TUN") == o.change("cdn", "CHECK", "ENG-BEL"), "one check for both")
                .output("One CHECK per event window (%s, ENG-BEL and PAN-TUN share one), each an hour before the ramp, all"
                                + " within the %s Gbps; the semi-final's: ? cdn check %s of %s gbps at %s", checks.size(),
                        grouped(cdn.max()), semiCheck.get("to").asInt(), semiCheck.get("from").asInt(),
                        f.when(instant(semiCheck, "at")))
                .output("api: peak %s rps at %s, driven by %s, %s instances: + api %s instances at %s, - api %s at %s"
                                + " (latest end %s with extra time and penalties, + %s cool-down)", thousands(peak, 1),
                        f.when(peakAt), apiPeak.get("drivenBy").asText(), apiPeak.get("neededUnits").asInt(), step(apiOut),
                        f.when(instant(apiOut, "at")), step(apiIn), f.when(instant(apiIn, "at")),
                        f.clock(instant(se, "latestEnd")), duration(api.cooldown()))
                .check(group / audience(o, "RUS-KSA") == englandFactor, "England five times the others")
                .output("England matches are five times the others: %s for a group match against %s", millions(group, 2),
                        human(audience(o, "RUS-KSA")))
                .output("add up to %s streams: %s Gbps and %s api instances, against %s Gbps and %s instances for an England"
                                + " group match alone", millions(audience(o, "ENG-BEL") + audience(o, "PAN-TUN"), 1),
                        cdnTo.apply("ENG-BEL"), apiTo.apply("ENG-BEL"), cdnTo.apply("TUN-ENG"), apiTo.apply("TUN-ENG"))
                .output("%s changes: %s scale-out, %s scale-in, %s checks; no warnings", o.changes().size(),
                        count(o, "SCALE_OUT"), count(o, "SCALE_IN"), count(o, "CHECK"))
                .check(o.diagnostics().isEmpty(), "no warnings: " + o.diagnostics());

        // the thunderstorm: its audience is the what-if's input, the rest is the model's
        var stormSemi = storm.scenario.audience().overrides().get("CRO-ENG");
        var baseSemi = s.audience().resolve(semi).orElseThrow().distribution();
        JsonNode stormApi = storm.layer("api");
        JsonNode stormCdn = storm.layer("cdn");
        double stormPeak = stormApi.get("peakRps").asDouble();
        double stormGbps = stormCdn.get("peakGbps").asDouble();
        int need = cdnPeak.get("neededUnits").asInt();
        int stormNeed = stormCdn.get("neededUnits").asInt();
        int pods = apiPeak.get("neededUnits").asInt();
        int stormPods = stormApi.get("neededUnits").asInt();
        f.input("giving Croatia v England %s more viewers (P50 %s, P90 %s instead of %s / %s)", percent(stormShare, 0),
                        millions(stormSemi.p50(), 2), millions(stormSemi.p90(), 1), millions(baseSemi.p50(), 1),
                        human(baseSemi.p90()))
                .input("| CRO-ENG audience (P90) | %s | %s | +%s |", millions(peakAudience, 1), millions(stormAudience, 1),
                        percent(stormShare, 0))
                .output("| cdn peak | %s Tbps | %s Tbps | +%s Tbps |", decimal(gbps / 1e3, 1), decimal(stormGbps / 1e3, 1),
                        decimal((stormGbps - gbps) / 1e3, 1))
                .output("| cdn needed | %s Gbps: within | %s Gbps: EXCEEDS the %s contracted | +%s |", grouped(need),
                        grouped(stormNeed), grouped(cdn.max()), stormNeed - need)
                .output("| api peak | %s rps | %s rps | +%s |", thousands(peak, 1), thousands(stormPeak, 1),
                        percent(stormPeak / peak - 1, 0))
                .output("| api instances | %s | %s | +%s |", pods, stormPods, stormPods - pods)
                .check(storm.diagnostics().size() == 1 && storm.diagnostics().get(0).get("summary").asText()
                        .contains("layer cdn needs " + stormNeed), "the storm's one warning: cdn above max")
                .output("the plan warns that cdn needs %s gbps but max is %s", grouped(stormNeed), grouped(cdn.max()));
        List<String> unchanged = o.changes().stream().filter(c -> !c.get("events").toString().contains("CRO-ENG"))
                .map(JsonNode::toString).toList();
        List<String> stormUnchanged = storm.changes().stream().filter(c -> !c.get("events").toString().contains("CRO-ENG"))
                .map(JsonNode::toString).toList();
        f.check(unchanged.equals(stormUnchanged), "every other change identical");

        // the storm's arrival, as the simulate what-if in the README has it
        WhatIf.Surge what = (WhatIf.Surge) WhatIf.parse(ExampleReadme.of("broadcaster-wc-2018").commands().stream()
                .filter(c -> c.contains(" surge.")).findFirst().orElseThrow().replaceAll(".* --set ", ""));
        double arrivals = stormAudience - peakAudience;
        double arrivalRps = arrivals * joins.requests() / what.within().toSeconds();
        f.check(what.eventId().equals("CRO-ENG") && Math.abs(what.share() - stormShare) < 1e-9,
                        "the surge what-if is the thunderstorm's: " + what)
                .check(Math.abs(arrivalRps / surge - 0.2) < 0.01, "a fifth of one goal surge")
                .output("That arrival is %s joins. Arriving within %s minutes, as the surge what-if below has it, they cost"
                                + " %s x %s / %s s = %s rps on the api, a fifth of one goal surge (%s rps)", human(arrivals),
                        what.within().toMinutes(), human(arrivals), plain(joins.requests()), what.within().toSeconds(),
                        thousands(arrivalRps, 1), thousands(surge, 1))
                .output("would need %s + %s = %s rps, within the %s instances' %s rps before headroom",
                        thousands(stormPeak, 1), thousands(arrivalRps, 1), thousands(stormPeak + arrivalRps, 1), stormPods,
                        human(stormPods * api.perUnit()));
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

    private static <T extends LoadTerm> T term(Layer l, Class<T> type) {
        return l.terms().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static double audience(ExampleOutputs o, String id) {
        return o.event(id).get("audience").asDouble();
    }

    /** {@code 1000 -> 4950}. */
    private static String step(JsonNode change) {
        return change.get("from").asInt() + " -> " + change.get("to").asInt();
    }

    private static long count(ExampleOutputs o, String action) {
        return o.changes().stream().filter(c -> c.get("action").asText().equals(action)).count();
    }

    /** The event's kickoff date as prose writes it, e.g. {@code Fri 19 March}. */
    private static String day(String pattern, Event e) {
        return DateTimeFormatter.ofPattern(pattern, Locale.UK).format(e.kickoff());
    }

    private static Event event(Scenario s, String id) {
        return s.events().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }
}
