package io.prescale.cli;

import static io.prescale.cli.ExampleOutputs.instant;
import static io.prescale.cli.ExampleOutputs.step;
import static io.prescale.cli.ReadmeFigures.SECONDS_PER_MINUTE;
import static io.prescale.cli.ReadmeFigures.date;
import static io.prescale.cli.ReadmeFigures.decimal;
import static io.prescale.cli.ReadmeFigures.duration;
import static io.prescale.cli.ReadmeFigures.grouped;
import static io.prescale.cli.ReadmeFigures.human;
import static io.prescale.cli.ReadmeFigures.millions;
import static io.prescale.cli.ReadmeFigures.minutes;
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;
import static io.prescale.cli.ReadmeFigures.thousands;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The ledger of examples/clevertap-ipl/README.md: IPL event ingestion, ALB pre-warm, wicket pushes. */
final class ClevertapIplReadme {
    private static final String FORECAST = "./prescale forecast examples/clevertap-ipl";
    /** CleverTap's reported game-time load, which the model should come close to. */
    private static final double REPORTED_RPS = 1e6;
    private static final double ABOUT = 0.05;
    /** What one LCU processes: AWS's definition, not the scenario's. */
    private static final double LCU_BYTES_PER_HOUR = 1e9;
    private static final double SECONDS_PER_HOUR = Duration.ofHours(1).toSeconds();

    private ClevertapIplReadme() {
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        Layer ingestion = o.scenarioLayer("ingestion");
        Layer alb = o.scenarioLayer("alb");
        Layer push = o.scenarioLayer("push-delivery");
        LoadTerm.PerViewer batches = ExampleOutputs.term(ingestion, LoadTerm.PerViewer.class);
        LoadTerm.PerJoin sessionStart = ExampleOutputs.term(ingestion, LoadTerm.PerJoin.class);
        LoadTerm.GoalPush pushTerm = ExampleOutputs.term(push, LoadTerm.GoalPush.class);
        Event fin = o.scenarioEvent("FINAL");
        MatchShape cricket = (MatchShape) o.scenario.shapeFor(fin);
        AudienceDistribution base = o.scenario.audience().base().orElseThrow();
        Map<String, Double> teams = o.scenario.audience().teamFactors();
        JsonNode ing = o.layer("ingestion");
        JsonNode lb = o.layer("alb");
        JsonNode pu = o.layer("push-delivery");
        double peak = ing.get("peakRps").asDouble();
        double pushPeak = pu.get("peakRps").asDouble();
        // the processed-bytes dimension: requests a second x its scale = GB an hour
        double gbPerRequestSecond = alb.dimensions().stream().filter(d -> d.name().equals("processed bytes"))
                .findFirst().orElseThrow().scale();
        double bytesPerRequest = gbPerRequestSecond * 1e9 / SECONDS_PER_HOUR;
        List<JsonNode> albIns = o.changes().stream().filter(c -> c.get("layer").asText().equals("alb")
                && c.get("action").asText().equals("SCALE_IN")).toList();
        int albFloor = albIns.get(0).get("to").asInt();

        // the source and its figures, the files, the shape and the fixtures (inputs)
        f.name("FIFA and IPL 2018: Recalibrating Our Architecture for Scalability\", CleverTap engineering blog, 2018")
                .name("what a pre-warm request did in 2018")
                .check(Math.abs(peak - REPORTED_RPS) <= ABOUT * REPORTED_RPS, "about 1M rps at game time: " + peak)
                .input("traffic runs at a steady %s rps and rises to about %s rps at game time",
                        human(ingestion.background()), human(REPORTED_RPS))
                .input("| prescale.yaml | zone %s, plan.from %s, a %s-day horizon, the cricket shape, baseline |",
                        o.scenario.zone(), date("yyyy-MM-dd'T'HH:mm'Z'",
                                o.scenario.plan().from().orElseThrow().atZone(ZoneOffset.UTC)),
                        o.scenario.plan().horizon().toDays())
                .check(o.scenario.events().size() == 5, "five fixtures")
                .input("five %s-style fixtures (dates follow the usual pattern; the %s schedule was not published)",
                        fin.competition(), fin.kickoff().getYear())
                .input("(halfLength: %s, addedTime: %s) with a %s-minute innings break (halfTime: %s); first ball at"
                                + " %s, the ramp starts at the toss (preMatch: %s)", minutes(cricket.halfLength()),
                        minutes(cricket.addedTime()), cricket.halfTime().toMinutes(), minutes(cricket.halfTime()),
                        f.clockZoned(fin.start()), minutes(cricket.preMatch()))
                .input("carries a push to %s subscribers (goal-push) and a surge of %s app opens within %s s"
                                + " (goalSurge)", human(pushTerm.subscribers()), human(cricket.goalSurge().joins()),
                        cricket.goalSurge().within().toSeconds())
                .input("(extraTime: %s, extraTimeBreak: %s, penalties: %s, as cricket has no penalties)",
                        minutes(cricket.extraTime()), minutes(cricket.extraTimeBreak()), minutes(cricket.penalties()));
        Event opener = o.scenarioEvent("OPENER");
        Event afternoon = o.scenarioEvent("DH-AFTERNOON");
        Event evening = o.scenarioEvent("DH-EVENING");
        Event miCsk = o.scenarioEvent("MI-CSK");
        f.input("An opener (%s, %s), a %s double-header (%s at %s and %s at %s, %s), %s (%s) and the final (%s,"
                        + " finalists unknown", teams(opener), date("EEE d MMMM", opener.kickoff()),
                date("EEEE", afternoon.kickoff()), teams(afternoon), f.clock(afternoon.start()), teams(evening),
                f.clockZoned(evening.start()), date("d MMMM", evening.kickoff()), teams(miCsk),
                date("d MMMM", miCsk.kickoff()), date("EEE d MMMM", fin.kickoff()));

        // the audiences (base and factors are inputs, the products outputs) and each event's peak and units
        Map<String, Double> peaks = new HashMap<>();
        for (JsonNode m : o.minutes(FORECAST, "ingestion")) {
            if (m.has("event")) {
                peaks.merge(m.get("event").asText(), m.get("load").asDouble(), Math::max);
            }
        }
        Function<String, String> units = id -> thousands(peaks.get(id), 1) + " rps | "
                + o.change("ingestion", "SCALE_OUT", id).get("to").asInt();
        Function<String, Integer> lcu = id -> o.change("alb", "PREWARM", id).get("to").asInt();
        String p90 = millions(base.p90(), 2);
        f.input("base P90 %s x team (max of the two) x stage", p90)
                .check(units.apply("OPENER").equals(units.apply("MI-CSK"))
                        && lcu.apply("OPENER").equals(lcu.apply("MI-CSK")), "OPENER and MI-CSK alike")
                .output("| OPENER, MI-CSK | %s x CSK %s = %s | %s instances | %s LCU |", p90,
                        decimal(teams.get("csk"), 2), millions(o.audience("OPENER"), 2), units.apply("OPENER"),
                        lcu.apply("OPENER"))
                .output("| DH-AFTERNOON | %s (override: afternoon slot, ~%s of an evening) | %s | %s |",
                        millions(o.audience("DH-AFTERNOON"), 1), percent(o.audience("DH-AFTERNOON") / base.p90(), 0),
                        units.apply("DH-AFTERNOON"), lcu.apply("DH-AFTERNOON"))
                .output("| DH-EVENING | %s x KKR %s = %s | %s | %s |", p90, decimal(teams.get("kkr"), 2),
                        millions(o.audience("DH-EVENING"), 2), units.apply("DH-EVENING"), lcu.apply("DH-EVENING"))
                .output("| FINAL | %s x final %s = %s | %s | %s |", p90,
                        decimal(o.scenario.audience().stageFactors().get("final"), 1), millions(o.audience("FINAL"), 2),
                        units.apply("FINAL"), lcu.apply("FINAL"));

        // the final's peak, term by term: at the super over's first minute of play the audience is steady, so the
        // terms add up to the model's total
        Instant peakAt = instant(ing, "peakAt");
        int minute = (int) Duration.between(fin.start(), peakAt).toMinutes();
        double level = cricket.outcomes(fin.stage()).stream()
                .mapToDouble(x -> cricket.profile(x).levelAt(minute)).max().orElseThrow();
        double watching = o.audience("FINAL") * level;
        double perViewer = watching * batches.rpsPerViewer();
        double surge = cricket.goalSurge().joins() * sessionStart.requests() / cricket.goalSurge().within().toSeconds();
        double churnJoins = cricket.churnPerMinute() * watching;
        double churn = churnJoins * sessionStart.requests() / SECONDS_PER_MINUTE;
        double rising = peak - ingestion.background() - perViewer - surge - churn;
        String requests = plain(sessionStart.requests());
        f.check(Math.abs(rising) < 100, "the terms add up to the model's total, within 0.1k rps: " + rising)
                .output("The final's peak, %s (the first minute of a possible super over, audience at %s)",
                        f.clockZoned(peakAt), percent(level, 0))
                .input("background %s", thousands(ingestion.background(), 1))
                .derived("event-batches %s sessions / %s s %s", millions(watching, 2),
                        plain(1 / batches.rpsPerViewer()), thousands(perViewer, 1))
                .derived("session-start %s push opens x %s / %s s %s", human(cricket.goalSurge().joins()), requests,
                        cricket.goalSurge().within().toSeconds(), thousands(surge, 1))
                .derived("churn %s x %s = %s/min x %s / %s %s", percent(cricket.churnPerMinute(), 0),
                        millions(watching, 2), thousands(churnJoins, 1), requests, SECONDS_PER_MINUTE,
                        thousands(churn, 1))
                .output("total %s rps (about %s, as reported)", thousands(peak, 1), human(REPORTED_RPS))
                .output("ingestion %s / (%s x %s) = %s -> %s instances (step %s)", thousands(peak, 1),
                        grouped(ingestion.perUnit()), percent(1 - ingestion.headroom(), 0),
                        decimal(peak / ingestion.usablePerUnit(), 1), ing.get("neededUnits").asInt(), ingestion.step())
                .output("alb %s x %s kB x %s s = %s GB/h / %s = %s -> %s LCU (step %s); the steady %s rps alone = %s LCU",
                        thousands(peak, 1), decimal(bytesPerRequest / 1e3, 2), grouped(SECONDS_PER_HOUR),
                        grouped(peak * gbPerRequestSecond), percent(1 - alb.headroom(), 0),
                        grouped(peak * gbPerRequestSecond / (1 - alb.headroom())), lb.get("neededUnits").asInt(),
                        alb.step(), human(alb.background()), albFloor)
                .output("push %s / %s s = %s pushes/s / (%s x %s) = %s -> %s pods, in every minute of play",
                        human(pushTerm.subscribers()), pushTerm.within().toSeconds(), human(pushPeak),
                        grouped(push.perUnit()), percent(1 - push.headroom(), 0),
                        decimal(pushPeak / push.usablePerUnit(), 1), pu.get("neededUnits").asInt());
        double bytesPerSecond = LCU_BYTES_PER_HOUR / SECONDS_PER_HOUR;
        f.check(lb.get("dimension").asText().equals("processed bytes"), "alb sized on processed bytes")
                .derived("an LCU carries %s GB processed an hour (AWS's definition), about %s kB/s: at %s kB per"
                        + " event-batch request (the target's bytesPerRequest) that is %s rps", plain(LCU_BYTES_PER_HOUR
                        / 1e9), plain(bytesPerSecond / 1e3), decimal(bytesPerRequest / 1e3, 2),
                plain(bytesPerSecond / bytesPerRequest));

        nodes(f, o, pu);

        // the plan's layers (outputs)
        f.output("(as of %s, P90)", date("yyyy-MM-dd HH:mm z", instant(o.plan, "at").atZone(o.scenario.zone())))
                .output("ingestion: peak %s rps (about %s) at %s, driven by %s; peak %s instances", thousands(peak, 1),
                        human(REPORTED_RPS), f.when(peakAt), ing.get("drivenBy").asText(),
                        ing.get("neededUnits").asInt())
                .check(albIns.stream().allMatch(c -> c.get("to").asInt() == albFloor) && albFloor > alb.min(),
                        "alb back to the same floor after every match, above its min")
                .output("alb: peak %s rps, %s LCU, driven by %s; back to %s LCU (the steady %s rps) after every"
                                + " match, never to zero", thousands(lb.get("peakRps").asDouble(), 1),
                        lb.get("neededUnits").asInt(), lb.get("drivenBy").asText(), albFloor, human(alb.background()));
        for (Event e : o.scenario.events()) {
            JsonNode firstBall = o.minute(FORECAST, "push-delivery", e.start());
            f.check(firstBall.get("load").asDouble() == pushPeak
                            && firstBall.get("planned").asInt() == pu.get("neededUnits").asInt(),
                    "push at first ball: " + e.id());
        }
        f.output("push-delivery: peak %s rps (%s pushes within %s s), %s pods, in every match from first ball to the"
                        + " end of play (first at %s, %s)", human(pushPeak), human(pushTerm.subscribers()),
                pushTerm.within().toSeconds(), pu.get("neededUnits").asInt(), pu.get("drivenBy").asText(),
                f.when(instant(pu, "peakAt")));

        // the final's and the league matches' changes
        JsonNode albOut = o.change("alb", "PREWARM", "FINAL");
        JsonNode ingOut = o.change("ingestion", "SCALE_OUT", "FINAL");
        JsonNode pushOut = o.change("push-delivery", "SCALE_OUT", "FINAL");
        JsonNode fe = o.event("FINAL");
        f.check(Duration.between(instant(albOut, "at"), instant(fe, "windowStart")).equals(Duration.ofHours(2)),
                        "alb requested two hours before the ramp")
                .output("FINAL: ~ alb %s lcu at %s (two hours before the %s ramp: warm-up %s + lead %s); + ingestion"
                                + " %s at %s; + push-delivery %s at %s; scale-in after the latest end %s (super over"
                                + " included) plus cool-down: push at %s, ingestion at %s, alb at %s", step(albOut),
                        f.when(instant(albOut, "at")), f.clock(instant(fe, "windowStart")), duration(alb.warmup()),
                        duration(alb.leadTime()), step(ingOut), f.clockZoned(instant(ingOut, "at")), step(pushOut),
                        f.clockZoned(instant(pushOut, "at")), f.clockZoned(instant(fe, "latestEnd")),
                        f.clock(instant(o.change("push-delivery", "SCALE_IN", "FINAL"), "at")),
                        f.clock(instant(o.change("ingestion", "SCALE_IN", "FINAL"), "at")),
                        f.clock(instant(o.change("alb", "SCALE_IN", "FINAL"), "at")));
        for (String id : List.of("OPENER", "MI-CSK")) {
            JsonNode prewarm = o.change("alb", "PREWARM", id);
            JsonNode out = o.change("ingestion", "SCALE_OUT", id);
            f.output("OPENER and MI-CSK: alb %s LCU at %s, ingestion %s at %s", step(prewarm),
                    f.clockZoned(instant(prewarm, "at")), step(out), f.clockZoned(instant(out, "at")));
        }

        // the double-header: one live cluster per layer for both matches
        JsonNode dha = o.event("DH-AFTERNOON");
        JsonNode dhe = o.event("DH-EVENING");
        f.check(instant(dha, "latestEnd").isBefore(instant(dhe, "windowStart")), "the two matches do not overlap")
                .output("Double-header (%s): the afternoon match can end as late as %s and the evening ramp starts at"
                                + " %s", date("d MMMM", afternoon.kickoff()), f.clockZoned(instant(dha, "latestEnd")),
                        f.clock(instant(dhe, "windowStart")));
        for (String layer : List.of("alb", "ingestion", "push-delivery")) {
            List<JsonNode> cs = o.changes().stream().filter(c -> c.get("layer").asText().equals(layer)
                    && c.get("events").toString().contains("DH-")).toList();
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                String unit = layer.equals("alb") && i == 0 ? " LCU" : "";
                steps.add(step(cs.get(i)) + unit + " at " + f.clockZoned(instant(cs.get(i), "at")));
            }
            boolean held = layer.equals("push-delivery");
            f.check(!held || cs.size() == 2, "push-delivery held through both: " + cs)
                    .output("%s: %s", layer, held ? steps.get(0) + ", held through both matches, " + steps.get(1)
                            : String.join(", ", steps));
        }
        f.output("%s changes: %s scale-out, %s pre-warm, %s scale-in; no warnings", o.changes().size(),
                        o.count("SCALE_OUT"), o.count("PREWARM"), o.count("SCALE_IN"))
                .check(o.diagnostics().isEmpty(), "no warnings: " + o.diagnostics());

        // limits of the model
        f.input("every push reaches all %s subscribers", human(pushTerm.subscribers()));
    }

    /** The node pool that carries the push pods: its inputs, the packing arithmetic, and its changes. */
    private static void nodes(ReadmeFigures f, ExampleOutputs o, JsonNode pu) {
        Layer nodes = o.scenarioLayer("push-nodes");
        Carries c = nodes.carries().orElseThrow();
        JsonNode pn = o.layer("push-nodes");
        JsonNode fit = pn.get("carries");
        long pods = fit.get("peakPods").asLong();
        int perNode = fit.get("podsPerUnit").asInt();
        Resources free = c.free();
        double byCpu = (double) free.milliCpu() / c.requests().milliCpu();
        double byMemory = (double) free.memoryBytes() / c.requests().memoryBytes();
        f.check(pods == pu.get("neededUnits").asInt(), "the nodes carry the push pods at their peak: " + pods)
                .output("Raising the push Deployment to %s pods does nothing at first ball", pods)
                .input("| one worker pod's requests | cpu %s, memory %s |", Resources.formatCpu(c.requests().milliCpu()),
                        Resources.formatMemory(c.requests().memoryBytes()))
                .input("| what one node offers pods (allocatable) | cpu %s, memory %s |",
                        Resources.formatCpu(c.allocatable().milliCpu()),
                        Resources.formatMemory(c.allocatable().memoryBytes()))
                .input("| what runs on every node first, DaemonSets (overhead) | cpu %s, memory %s |",
                        Resources.formatCpu(c.overhead().milliCpu()), Resources.formatMemory(c.overhead().memoryBytes()))
                .input("| headroom, of each node's pod slots | %s |", percent(nodes.headroom(), 0))
                .input("| warm-up (boot until Ready) + lead (image pull) | %s + %s |", duration(nodes.warmup()),
                        duration(nodes.leadTime()))
                .input("| cool-down after the pods' scale-in | %s |", duration(nodes.cooldown()))
                .check(perNode == (int) Math.floor(Math.min(byCpu, byMemory)), "pods per node: " + perNode)
                .derived("pods per node cpu (%s - %s) / %s = %s, memory (%s - %s) / %s = %s -> %s (%s-bound)",
                        Resources.formatCpu(c.allocatable().milliCpu()), Resources.formatCpu(c.overhead().milliCpu()),
                        Resources.formatCpu(c.requests().milliCpu()), decimal(byCpu, 2),
                        Resources.formatMemory(c.allocatable().memoryBytes()),
                        Resources.formatMemory(c.overhead().memoryBytes()),
                        Resources.formatMemory(c.requests().memoryBytes()), decimal(byMemory, 2), perNode,
                        c.limitedBy())
                .output("nodes %s pods / (%s x %s) = %s -> %s nodes", pods, perNode,
                        percent(1 - nodes.headroom(), 0), decimal(pods / (perNode * (1 - nodes.headroom())), 1),
                        pn.get("neededUnits").asInt());
        // every push scale-out has its nodes a lead ahead, every push scale-in its nodes a cool-down behind
        Duration lead = null;
        Duration after = null;
        for (Event e : o.scenario.events()) {
            if (e.id().equals("DH-EVENING")) {
                continue;   // one cluster with the afternoon match: its changes carry both ids
            }
            Duration l = Duration.between(instant(o.change("push-nodes", "SCALE_OUT", e.id()), "at"),
                    instant(o.change("push-delivery", "SCALE_OUT", e.id()), "at"));
            Duration a = Duration.between(instant(o.change("push-delivery", "SCALE_IN", e.id()), "at"),
                    instant(o.change("push-nodes", "SCALE_IN", e.id()), "at"));
            f.check((lead == null || lead.equals(l)) && (after == null || after.equals(a)), "same lead and hold: " + e.id());
            lead = l;
            after = a;
        }
        JsonNode out = o.change("push-nodes", "SCALE_OUT", "FINAL");
        JsonNode in = o.change("push-nodes", "SCALE_IN", "FINAL");
        f.check(lead.equals(nodes.totalLead()) && after.equals(nodes.cooldown()), "lead " + lead + ", hold " + after)
                .output("The nodes are requested their own lead (%s minutes) before the pods' scale-out starts, so they"
                                + " are Ready when the pods are created, and released a cool-down (%s minutes) after the"
                                + " pods' scale-in", lead.toMinutes(), after.toMinutes())
                .output("push-nodes: %s nodes %s minutes before every push scale-out, back to %s nodes %s minutes after every"
                                + " push scale-in (the double-header's at %s)", step(out), lead.toMinutes(),
                        in.get("to").asInt(), after.toMinutes(),
                        f.clockZoned(instant(o.change("push-nodes", "SCALE_IN", "DH-AFTERNOON"), "at")));
    }

    private static String teams(Event e) {
        return String.join(" v ", e.teams());
    }
}
