package io.prescale.cli;

import static io.prescale.cli.ExampleOutputs.instant;
import static io.prescale.cli.ExampleOutputs.step;
import static io.prescale.cli.ReadmeFigures.date;
import static io.prescale.cli.ReadmeFigures.decimal;
import static io.prescale.cli.ReadmeFigures.duration;
import static io.prescale.cli.ReadmeFigures.grouped;
import static io.prescale.cli.ReadmeFigures.human;
import static io.prescale.cli.ReadmeFigures.minutes;
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.providers.aws.LoadBalancerUnits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ledger of examples/tv-call-to-action/README.md: a TV programme's call to action, a million visitors within two
 * minutes, the web tier, the registry's read replicas and the load balancer's LCU reservation.
 */
final class TvCallToActionReadme {
    private static final String CTA = "TV-CTA-2026-12-04";

    private TvCallToActionReadme() {
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        Event e = o.scenarioEvent(CTA);
        Instant call = e.kickoff().toInstant();
        KeyframeShape shape = (KeyframeShape) o.scenario.shapeFor(e);
        List<KeyframeShape.Point> p = shape.points();
        Layer web = o.scenarioLayer("web");
        Layer replicas = o.scenarioLayer("registry-replicas");
        Layer alb = o.scenarioLayer("alb");
        LoadBalancerUnits.Type lcu = LoadBalancerUnits.Type.APPLICATION;
        double audience = o.audience(CTA);
        double everyWeb = 1 / ExampleOutputs.term(web, LoadTerm.PerViewer.class).rpsPerViewer();
        double everyLookup = 1 / ExampleOutputs.term(replicas, LoadTerm.PerViewer.class).rpsPerViewer();
        String connectionsPerViewer = alb.target().settings().get("connectionsPerViewer");
        String bytesPerRequest = alb.target().settings().get("bytesPerRequest");
        int rules = Integer.parseInt(alb.target().settings().get("rulesPerRequest"));
        Instant start = instant(o.event(CTA), "windowStart");
        Instant end = instant(o.event(CTA), "latestEnd");

        // the programme, the zone, the event and its shape: inputs
        f.name(CTA).name("eu-north-1")
                .input("a website at %s", f.clock(call))
                .input("site at %s.", f.clock(call))
                .input("at %s local time", f.clock(call))
                .input("it keeps %s right", f.clock(call))
                .input("On %s, %s is %sZ.", date("EEEE d MMMM yyyy", e.kickoff()), f.clockZoned(call),
                        date("HH:mm", call.atZone(ZoneOffset.UTC)))
                .output("audience %s (a fixed estimate", human(audience))
                .check(p.size() == 8, "eight keyframes")
                .input("| %s, %s | %s | nobody until the call (%s-%s) |", minutes(p.get(0).at()), minutes(p.get(1).at()),
                        percent(p.get(0).level(), 0), f.clock(call.plus(p.get(0).at())), f.clock(call))
                .derived("| %s | %s | %s arrive in the first minute |", minutes(p.get(2).at()),
                        percent(p.get(2).level(), 0), human(audience * p.get(2).level()))
                .input("| %s | %s | everyone within two minutes |", minutes(p.get(3).at()), percent(p.get(3).level(), 0))
                .input("| %s, %s, %s | %s, %s, %s | visits end |", minutes(p.get(4).at()), minutes(p.get(5).at()),
                        minutes(p.get(6).at()), percent(p.get(4).level(), 0), percent(p.get(5).level(), 0),
                        percent(p.get(6).level(), 0))
                .input("| %s | %s | gone within the hour |", minutes(p.get(7).at()), percent(p.get(7).level(), 0));

        // the layers: inputs, and the LCU's dimensions as AWS defines them
        f.input("| web | instances | aws-asg | background %s rps + one request per visitor every %s s | %s rps, %s headroom"
                                + " (%s usable), min %s |", grouped(web.background()), plain(everyWeb),
                        plain(web.perUnit()), percent(web.headroom(), 0), plain(web.usablePerUnit()), web.min())
                .input("| registry-replicas | instances | plan-only | one lookup per third request: background %s rps + one"
                                + " per visitor every %s s | %s lookups/s, %s headroom (%s usable), min %s |",
                        plain(replicas.background()), plain(everyLookup), grouped(replicas.perUnit()),
                        percent(replicas.headroom(), 0), grouped(replicas.usablePerUnit()), replicas.min())
                .check(Math.abs(web.background() / replicas.background() - 3) < 0.01, "one lookup per third request")
                .check(everyLookup == 3 * everyWeb, "one lookup per third request, visitors too")
                .input("the web tier's requests (one per visitor every %s s, %s each); one TLS connection per visitor",
                        plain(everyWeb), bytesPerRequest.replace("KB", " kB"))
                .input("an LCU's four dimensions (%s new connections/s, %s active connections, %s GB/h processed, %s rule"
                                + " evaluations/s), the largest decides; %s headroom, steps of %s |",
                        plain(lcu.newConnections), grouped(lcu.activeConnections), plain(lcu.bytesPerHour / 1e9),
                        grouped(lcu.ruleEvaluations), percent(alb.headroom(), 0), alb.step());
        double webBackgroundUnits = web.background() / web.usablePerUnit();
        f.derived("The web tier's min of %s instances is sized for its background: %s / %s = %s, so %s, plus one spare",
                        web.min(), grouped(web.background()), plain(web.usablePerUnit()), decimal(webBackgroundUnits, 1),
                        (int) Math.ceil(webBackgroundUnits))
                .check(web.min() == (int) Math.ceil(webBackgroundUnits) + 1, "plus one spare")
                .input("(connectionsPerViewer: %s, bytesPerRequest: %s, %s listener rules, under the %s AWS does not count)",
                        connectionsPerViewer, bytesPerRequest, rules, LoadBalancerUnits.FREE_RULES)
                .check(rules <= LoadBalancerUnits.FREE_RULES, "no rule evaluation counted")
                .input("so the alb baseline is %s.", o.scenario.baseline().get("alb"))
                .input("Lead times: web warm-up %s + lead %s", duration(web.warmup()), duration(web.leadTime()))
                .input("registry-replicas warm-up %s + lead %s", duration(replicas.warmup()), duration(replicas.leadTime()))
                .input("alb warm-up %s + lead %s", duration(alb.warmup()), duration(alb.leadTime()))
                .input("plan.from is the Friday morning, %s.", f.clockZoned(o.scenario.plan().from().orElseThrow()));

        // how the figures come out: the model's peaks, and the arithmetic that gives them
        JsonNode webPeak = o.layer("web");
        JsonNode replicasPeak = o.layer("registry-replicas");
        JsonNode albPeak = o.layer("alb");
        String forecast = "./prescale forecast examples/tv-call-to-action --layer web";
        double peak = webPeak.get("peakRps").asDouble();
        Instant peakAt = instant(webPeak, "peakAt");
        Instant first = call.plus(p.get(2).at());
        double firstMinute = o.minute(forecast, "web", first).get("load").asDouble();
        int webUnits = webPeak.get("neededUnits").asInt();
        f.derived("%s visitors, one request each every %s s = %s rps, plus the %s rps background: %s rps at %s, %sx the normal"
                                + " load (%s rps at %s). %s / %s = %s, so %s instances, from %s.", human(audience),
                        plain(everyWeb), grouped(audience / everyWeb),
                        grouped(web.background()), grouped(peak), f.clock(peakAt), plain(peak / web.background()),
                        grouped(firstMinute), f.clock(first), grouped(peak), plain(web.usablePerUnit()),
                        decimal(peak / web.usablePerUnit(), 1), webUnits, o.scenario.baseline().get("web"));
        double lookups = replicasPeak.get("peakRps").asDouble();
        int replicaUnits = replicasPeak.get("neededUnits").asInt();
        f.derived("%s / %s s + %s = %s lookups/s; / %s = %s, so %s replicas, from %s.", human(audience),
                        plain(everyLookup), plain(replicas.background()), grouped(lookups),
                        grouped(replicas.usablePerUnit()), decimal(lookups / replicas.usablePerUnit(), 2),
                        replicaUnits, o.scenario.baseline().get("registry-replicas"));
        double joined = audience * p.get(2).level();
        double joinedNext = audience * (p.get(3).level() - p.get(2).level());
        double connections = joined / ReadmeFigures.SECONDS_PER_MINUTE;
        double connectionUnits = connections / (lcu.newConnections * (1 - alb.headroom()));
        JsonNode dims = albPeak.get("dimensionUnits");
        double activeLcu = audience * Double.parseDouble(connectionsPerViewer) / lcu.activeConnections;
        double gbPerHour = audience / everyWeb * 1000 * 3600 / 1e9;
        f.derived("%s visitors arrive in the first minute: %s new connections/s at %s (%s/s in the second minute). %s / (%s"
                                + " x %s) = %s, so %s LCU in steps of %s.", human(joined), grouped(connections),
                        f.clock(first), grouped(joinedNext / ReadmeFigures.SECONDS_PER_MINUTE), grouped(connections),
                        plain(lcu.newConnections), decimal(1 - alb.headroom(), 1), decimal(connectionUnits, 1),
                        albPeak.get("neededUnits").asInt(), alb.step())
                .output("The plan's summary shows the alb at its load in requests, %s rps at %s; its LCU are decided a"
                                + " minute earlier, by the arrivals.", human(albPeak.get("peakRps").asDouble()),
                        f.clockZoned(instant(albPeak, "peakAt")))
                .check(instant(albPeak, "peakAt").equals(first.plusSeconds(ReadmeFigures.SECONDS_PER_MINUTE)),
                        "a minute earlier")
                .check(albPeak.get("dimension").asText().equals(LoadBalancerUnits.NEW_CONNECTIONS),
                        "new connections decide")
                .check(bytesPerRequest.equals("1KB"), "1 kB a request, as the arithmetic below takes it")
                .output("The other dimensions need less: at %s the %s visitors hold %s connections (%s LCU, %s with"
                                + " headroom) and make %s rps of %s, %s GB/h (%s LCU with headroom).", f.clock(peakAt),
                        human(audience), human(audience), decimal(activeLcu, 1),
                        dims.get(LoadBalancerUnits.ACTIVE_CONNECTIONS).asInt(), grouped(audience / everyWeb),
                        bytesPerRequest.replace("KB", " kB"), plain(gbPerHour),
                        dims.get(LoadBalancerUnits.PROCESSED_BYTES).asInt());

        // when: needed from the first minute with visitors, released after the latest end and each cool-down
        JsonNode lb = o.change("alb", "PREWARM", CTA);
        JsonNode replicasOut = o.change("registry-replicas", "SCALE_OUT", CTA);
        JsonNode webOut = o.change("web", "SCALE_OUT", CTA);
        JsonNode webIn = o.change("web", "SCALE_IN", CTA);
        JsonNode replicasIn = o.change("registry-replicas", "SCALE_IN", CTA);
        JsonNode lbIn = o.change("alb", "SCALE_IN", CTA);
        Instant needed = instant(webOut, "neededAt");
        f.check(needed.equals(first) && instant(lb, "neededAt").equals(first)
                        && instant(replicasOut, "neededAt").equals(first), "all needed from the first minute with visitors")
                .output("Capacity is needed from %s, the first minute with visitors.", f.clock(needed))
                .output("Scale-in comes after the event's latest end, %s (the end of the minute of the shape's last"
                        + " keyframe, %s)", f.clock(end), minutes(p.get(7).at()))
                .check(end.equals(call.plus(p.get(7).at()).plusSeconds(ReadmeFigures.SECONDS_PER_MINUTE)),
                        "the latest end is the end of the last keyframe's minute")
                .output("Event %s, %s %s (%sZ), stage tv-call-to-action, audience %s, on the platform %s-%s", CTA,
                        date("EEEE d MMMM yyyy", e.kickoff()), f.clockZoned(call),
                        date("HH:mm", call.atZone(ZoneOffset.UTC)), human(audience), f.clock(start), f.clockZoned(end))
                .output("| web | %s rps (%sx the %s rps background) | %s | %s instances (from %s) | %s |", grouped(peak),
                        plain(peak / web.background()), grouped(web.background()), f.clockZoned(peakAt), webUnits,
                        webOut.get("from").asInt(), webPeak.get("drivenBy").asText())
                .output("| registry-replicas | %s lookups/s | %s | %s (from %s) | %s |", grouped(lookups),
                        f.clockZoned(instant(replicasPeak, "peakAt")), replicaUnits, replicasOut.get("from").asInt(),
                        replicasPeak.get("drivenBy").asText())
                .output("| alb | %s new connections/s (its largest dimension) | %s | %s LCU (from %s) | %s |",
                        grouped(connections), f.clockZoned(first), albPeak.get("neededUnits").asInt(),
                        lb.get("from").asInt(), albPeak.get("drivenBy").asText())
                .output("Changes, all needed at %s:", f.clockZoned(needed))
                .output("~ alb %s lcu at %s (%s before: warm-up %s + lead %s)", step(lb), f.when(instant(lb, "at")),
                        duration(Duration.between(instant(lb, "at"), needed)), duration(alb.warmup()),
                        duration(alb.leadTime()))
                .output("+ registry-replicas %s instances at %s (%s before: warm-up %s + lead %s; plan-only)",
                        step(replicasOut), f.when(instant(replicasOut, "at")),
                        duration(Duration.between(instant(replicasOut, "at"), needed)), duration(replicas.warmup()),
                        duration(replicas.leadTime()))
                .output("+ web %s instances at %s (%s before: warm-up %s + lead %s)", step(webOut),
                        f.when(instant(webOut, "at")), duration(Duration.between(instant(webOut, "at"), needed)),
                        duration(web.warmup()), duration(web.leadTime()))
                .output("- web %s at %s (latest end %s + cool-down %s)", step(webIn), f.when(instant(webIn, "at")),
                        f.clock(end), duration(web.cooldown()))
                .output("- registry-replicas %s at %s (+ cool-down %s)", step(replicasIn),
                        f.when(instant(replicasIn, "at")), duration(replicas.cooldown()))
                .output("- alb %s at %s (+ cool-down %s)", step(lbIn), f.when(instant(lbIn, "at")),
                        duration(alb.cooldown()))
                .check(instant(webIn, "at").equals(end.plus(web.cooldown()))
                        && instant(replicasIn, "at").equals(end.plus(replicas.cooldown()))
                        && instant(lbIn, "at").equals(end.plus(alb.cooldown())), "each scale-in a cool-down after the end")
                .output("the web tier %s minutes before %s, the replicas %s minutes before and the load balancer %s before",
                        Duration.between(instant(webOut, "at"), call).toMinutes(), f.clock(call),
                        Duration.between(instant(replicasOut, "at"), call).toMinutes(),
                        duration(Duration.between(instant(lb, "at"), call)))
                .check(o.changes().size() == 6 && o.count("PREWARM") == 1 && o.count("SCALE_OUT") == 2
                        && o.count("SCALE_IN") == 3, "six changes: one pre-warm, two scale-outs, three scale-ins");
    }
}
