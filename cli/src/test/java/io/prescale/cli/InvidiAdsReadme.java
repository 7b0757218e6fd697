package io.prescale.cli;

import static io.prescale.cli.ExampleOutputs.instant;
import static io.prescale.cli.ExampleOutputs.step;
import static io.prescale.cli.ReadmeFigures.date;
import static io.prescale.cli.ReadmeFigures.decimal;
import static io.prescale.cli.ReadmeFigures.duration;
import static io.prescale.cli.ReadmeFigures.grouped;
import static io.prescale.cli.ReadmeFigures.human;
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;
import static io.prescale.cli.ReadmeFigures.thousands;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.AdBreaks;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Resources;
import io.prescale.providers.aws.LoadBalancerUnits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

/**
 * The ledger of examples/invidi-ads/README.md: addressable ads on the 2026 World Cup final, the ad edge, the beacons'
 * buffer tier and load balancer reservation, the processors draining them and the Karpenter nodes under those.
 */
final class InvidiAdsReadme {
    private static final String FINAL = "FINAL";
    private static final long GI = 1L << 30;

    private InvidiAdsReadme() {
    }

    /** {@code 14:49 EDT}: the time of day with the zone's name as the plan writes it. */
    private static String zoned(ReadmeFigures f, Instant t) {
        String when = f.when(t);
        return f.clock(t) + when.substring(when.lastIndexOf(' '));
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        Layer edge = o.scenarioLayer("ad-edge");
        Layer lb = o.scenarioLayer("tracking-lb");
        Layer buffer = o.scenarioLayer("tracking-buffer");
        Layer processor = o.scenarioLayer("beacon-processor");
        Layer nodes = o.scenarioLayer("beacon-nodes");
        LoadTerm.AdBreak decisions = ExampleOutputs.term(edge, LoadTerm.AdBreak.class);
        LoadTerm.AdBreak beacons = ExampleOutputs.term(buffer, LoadTerm.AdBreak.class);
        LoadTerm.AdBreak drained = ExampleOutputs.term(processor, LoadTerm.AdBreak.class);
        MatchShape football = (MatchShape) o.scenario.shapeFor(o.scenarioEvent(FINAL));
        AdBreaks breaks = football.adBreaks();
        AudienceDistribution base = o.scenario.audience().base().orElseThrow();
        Map<String, Double> teams = o.scenario.audience().teamFactors();
        Map<String, Double> stages = o.scenario.audience().stageFactors();
        Map<String, String> lbSettings = lb.target().settings();
        double audience = o.audience(FINAL);
        int year = o.scenarioEvent(FINAL).kickoff().getYear();
        String roundOf16 = "round of 16";

        // what INVIDI reported, the files
        JsonNode edgePeak = o.layer("ad-edge");
        JsonNode bufferPeak = o.layer("tracking-buffer");
        JsonNode lbPeak = o.layer("tracking-lb");
        JsonNode processorPeak = o.layer("beacon-processor");
        JsonNode nodesPeak = o.layer("beacon-nodes");
        double adRps = edgePeak.get("peakRps").asDouble();
        double beaconRps = bufferPeak.get("peakRps").asDouble();
        f.name("the " + year + " World Cup").name(roundOf16)
                .input("runs at up to %s RPS per instance and is pre-scaled to %s-%s instances", plain(edge.perUnit()),
                        edge.min(), edge.max())
                .check(Math.abs(beaconRps / 1e6 - 1) < 0.1, "near 1M")
                .output("ad tracking spikes near %s RPS", human(Math.round(beaconRps / 1e6) * 1e6))
                .input("is pre-scaled between %s and %s instances", buffer.min(), grouped(buffer.max()))
                .check(o.scenario.events().size() == 4, "four matches")
                .input("x stage (%s %s, final %s) |", roundOf16, decimal(stages.get("round-of-16"), 2),
                        decimal(stages.get("final"), 1))
                .input("base P50 %s / P90 %s x the stronger team's factor (USA %s, Mexico %s, Argentina %s, ...)",
                        human(base.p50()), human(base.p90()), decimal(teams.get("usa"), 1),
                        decimal(teams.get("mexico"), 1), decimal(teams.get("argentina"), 1))
                .input("ad-edge (aws-asg, %s rps/instance, %s headroom, %s-%s), tracking-lb (ALB LCU pre-warm sized on its"
                                + " LCU dimensions, %s min lead), tracking-buffer (aws-asg, %s rps/instance, %s-%s),"
                                + " beacon-processor (k8s pods draining the buffer over %s minutes), beacon-nodes (the"
                                + " processors' nodes, a Karpenter NodePool, %s-%s) |", plain(edge.perUnit()),
                        percent(edge.headroom(), 0), edge.min(), edge.max(), lb.leadTime().toMinutes(),
                        grouped(buffer.perUnit()), buffer.min(), grouped(buffer.max()),
                        drained.within().orElseThrow().toMinutes(), nodes.min(), nodes.max())
                .check(breaks.at().size() == 5, "five breaks")
                .input("the football shape with ad breaks at %s, %s, %s, %s and %s, each fired by every player within %s s;"
                                + " goal surges of %s of viewers within %s s |", breaks.at().get(0), breaks.at().get(1),
                        breaks.at().get(2), breaks.at().get(3), breaks.at().get(4),
                        decisions.within().orElseThrow().toSeconds(), percent(football.goalSurge().share(), 0),
                        football.goalSurge().within().toSeconds());

        // how the figures come about, the final at P90
        AudienceDistribution finalP50 = o.scenario.audience().resolve(o.scenarioEvent(FINAL)).orElseThrow()
                .distribution();
        double within = decisions.within().orElseThrow().toSeconds();
        double beaconsWithin = beacons.within().orElseThrow().toSeconds();
        double bytes = Double.parseDouble(lbSettings.get("bytesPerRequest").replace("B", ""));
        double gbPerHour = beaconRps * bytes * 3600 / 1e9;
        double lcuPerGb = LoadBalancerUnits.Type.APPLICATION.bytesPerHour / 1e9;
        Map<String, Integer> dims = Map.of(
                "rule evaluations", lbPeak.get("dimensionUnits").get(LoadBalancerUnits.RULE_EVALUATIONS).asInt(),
                "active connections", lbPeak.get("dimensionUnits").get(LoadBalancerUnits.ACTIVE_CONNECTIONS).asInt(),
                "new connections", lbPeak.get("dimensionUnits").get(LoadBalancerUnits.NEW_CONNECTIONS).asInt());
        int rules = Integer.parseInt(lbSettings.get("rulesPerRequest"));
        Instant ramp = instant(o.event(FINAL), "windowStart");
        f.output("(the final, P90 audience %s x %s x %s = %s P50, %s P90)", human(base.p50()),
                        decimal(teams.get("argentina"), 1), decimal(stages.get("final"), 1), human(finalP50.p50()),
                        human(audience))
                .output("asks for its break's ads within %s s: %s / %s s = %s rps; at %s rps x %s = %s usable rps per"
                                + " instance that is %s instances (step %s), inside the %s-%s range", plain(within),
                        human(audience), plain(within), thousands(adRps, 0), plain(edge.perUnit()),
                        percent(1 - edge.headroom(), 0), plain(edge.usablePerUnit()),
                        edgePeak.get("neededUnits").asInt(), edge.step(), edge.min(), edge.max())
                .check(thousands(audience / within, 0).equals(thousands(adRps, 0)),
                        "the ad edge's peak is every player within the window (the pre-roll joins add a few rps)")
                .output("tracking: %s beacons per viewer per break (impression, quartiles and completes for a pod of ads)"
                                + " within %s s: %s x %s / %s s = %s rps: near %s, %sx the ad requests",
                        plain(beacons.requests()), plain(beaconsWithin), human(audience), plain(beacons.requests()),
                        plain(beaconsWithin), thousands(beaconRps, 0), human(Math.round(beaconRps / 1e6) * 1e6),
                        decimal(beaconRps / adRps, 1))
                .output("buffer tier: %s / (%s x %s) = %s instances (step %s), inside %s-%s.", thousands(beaconRps, 0),
                        grouped(buffer.perUnit()), percent(1 - buffer.headroom(), 0),
                        grouped(bufferPeak.get("neededUnits").asInt()), buffer.step(), buffer.min(),
                        grouped(buffer.max()))
                .derived("the beacons' processed bytes, %s rps x %s B = %s GB/h at %s GB/h per LCU, / %s = %s LCU,"
                                + " stepped by %s: %s LCU (the account's limit, lcuLimit, is %s)",
                        thousands(beaconRps, 0), plain(bytes), grouped(gbPerHour), plain(lcuPerGb),
                        percent(1 - lb.headroom(), 0), grouped(gbPerHour / lcuPerGb / (1 - lb.headroom())), lb.step(),
                        grouped(lbPeak.get("neededUnits").asInt()), grouped(Integer.parseInt(lbSettings.get("lcuLimit"))))
                .check(lbPeak.get("dimension").asText().equals(LoadBalancerUnits.PROCESSED_BYTES), "processed bytes decide")
                .output("rule evaluations %s LCU (%s rules, AWS counts %s per beacon: %s evaluations/s), active"
                                + " connections %s (%s viewers x %s connections), new connections %s (the viewers joining,"
                                + " with a goal's %s surge)", grouped(dims.get("rule evaluations")), rules,
                        rules - LoadBalancerUnits.FREE_RULES, thousands(beaconRps, 0), dims.get("active connections"),
                        human(audience), lbSettings.get("connectionsPerViewer"), dims.get("new connections"),
                        percent(football.goalSurge().share(), 0))
                .output("Requested an hour ahead of the first viewers (%sZ, the ramp", date("HH:mm",
                        ramp.atZone(ZoneOffset.UTC)))
                .check(Duration.between(instant(o.change("tracking-lb", "PREWARM", FINAL), "at"), ramp).toHours() == 1,
                        "an hour ahead of the ramp");

        // the plan
        Function<JsonNode, String> peakAt = l -> f.when(instant(l, "peakAt"));
        JsonNode edgeOut = o.change("ad-edge", "SCALE_OUT", FINAL);
        JsonNode edgeIn = o.change("ad-edge", "SCALE_IN", FINAL);
        JsonNode nodesOut = o.change("beacon-nodes", "SCALE_OUT", FINAL);
        JsonNode processorOut = o.change("beacon-processor", "SCALE_OUT", FINAL);
        JsonNode processorIn = o.change("beacon-processor", "SCALE_IN", FINAL);
        JsonNode nodesIn = o.change("beacon-nodes", "SCALE_IN", FINAL);
        Instant finalEnd = instant(o.event(FINAL), "latestEnd");
        JsonNode groupIn = o.change("ad-edge", "SCALE_IN", "USA-PAR");
        long finalHold = Duration.between(o.scenarioEvent(FINAL).kickoff().toInstant(), instant(edgeIn, "at"))
                .toMinutes();
        long groupHold = Duration.between(o.scenarioEvent("USA-PAR").kickoff().toInstant(), instant(groupIn, "at"))
                .toMinutes();
        int pods = processorPeak.get("neededUnits").asInt();
        int nodeCount = nodesPeak.get("neededUnits").asInt();
        f.input("(plans from %s, set in prescale.yaml):",
                        date("yyyy-MM-dd'T'HH:mm'Z'", o.scenario.plan().from().orElseThrow().atZone(ZoneOffset.UTC)))
                .output("| ad-edge | %s rps | %s instances (min %s, max %s) | %s |", thousands(adRps, 0),
                        edgePeak.get("neededUnits").asInt(), edge.min(), edge.max(), edgePeak.get("drivenBy").asText())
                .output("| tracking-lb | %s rps | %s LCU (processed bytes) | %s |", thousands(lbPeak.get("peakRps")
                        .asDouble(), 0), grouped(lbPeak.get("neededUnits").asInt()), lbPeak.get("drivenBy").asText())
                .output("| tracking-buffer | %s rps | %s instances (min %s, max %s) | %s |", thousands(beaconRps, 0),
                        grouped(bufferPeak.get("neededUnits").asInt()), buffer.min(), grouped(buffer.max()),
                        bufferPeak.get("drivenBy").asText())
                .output("| beacon-processor | %s rps | %s pods | %s |", thousands(processorPeak.get("peakRps").asDouble(),
                        0), pods, processorPeak.get("drivenBy").asText())
                .output("| beacon-nodes | %s pods | %s nodes (min %s, max %s) | %s |", pods, nodeCount, nodes.min(),
                        nodes.max(), nodesPeak.get("drivenBy").asText())
                .check(edgePeak.get("peakAt").equals(bufferPeak.get("peakAt"))
                        && edgePeak.get("peakAt").equals(lbPeak.get("peakAt"))
                        && edgePeak.get("peakAt").equals(processorPeak.get("peakAt")), "every request layer at once")
                .output("peaks at the final's full-time ad break (%s); the nodes peak when the processors they make room"
                                + " for are requested (%s)", peakAt.apply(edgePeak),
                        zoned(f, instant(nodesPeak, "peakAt")))
                .check(instant(nodesPeak, "peakAt").equals(instant(processorOut, "at")), "when the processors are requested")
                .output("for the final, the LB pre-warm at %s, the buffer tier at %s, the ad edge at %s (%s), the"
                                + " processors' nodes at %s, the processors at %s; kickoff is %s.",
                        zoned(f, instant(o.change("tracking-lb", "PREWARM", FINAL), "at")),
                        f.clock(instant(o.change("tracking-buffer", "SCALE_OUT", FINAL), "at")),
                        f.clock(instant(edgeOut, "at")), step(edgeOut), f.clock(instant(nodesOut, "at")),
                        f.clock(instant(processorOut, "at")), f.clock(o.scenarioEvent(FINAL).kickoff().toInstant()))
                .output("USA-Paraguay (P90 %s) needs %s ad-edge instances, Mexico-Korea (%s) %s",
                        human(o.audience("USA-PAR")), o.change("ad-edge", "SCALE_OUT", "USA-PAR").get("to").asInt(),
                        human(o.audience("MEX-KOR")), o.change("ad-edge", "SCALE_OUT", "MEX-KOR").get("to").asInt())
                .output("the final's scale-in comes at %s (latest end %s + %s min cool-down), %s minutes later than a"
                                + " group match would", zoned(f, instant(edgeIn, "at")), f.clock(finalEnd),
                        edge.cooldown().toMinutes(), finalHold - groupHold)
                .output("%s changes: %s scale-outs, %s pre-warms, %s scale-ins, all back to each layer's min.",
                        o.changes().size(), o.count("SCALE_OUT"), o.count("PREWARM"), o.count("SCALE_IN"))
                .check(o.changes().stream().filter(c -> c.get("action").asText().equals("SCALE_IN"))
                        .allMatch(c -> c.get("to").asInt() == o.layer(c.get("layer").asText()).get("min").asInt()),
                        "all back to min");

        // the nodes behind the processors: inputs, then the model's arithmetic
        Carries carries = nodes.carries().orElseThrow();
        Map<String, String> pool = nodes.target().settings();
        Resources req = carries.requests();
        Resources alloc = carries.allocatable();
        Resources over = carries.overhead();
        Resources free = carries.free();
        long nodeCpu = Resources.milliCpu(pool.get("nodeCpu"));
        long nodeMemory = Resources.memoryBytes(pool.get("nodeMemory"));
        f.output("%s processor pods do nothing at the final", pods)
                .input("| one processor pod's requests | cpu %sm, memory %sGi |", req.milliCpu(), req.memoryBytes() / GI)
                .input("against the NodePool's limits | cpu %s, memory %sGi |", nodeCpu / 1000, nodeMemory / GI)
                .input("| what a node offers pods (allocatable) | cpu %sm, memory %sGi |", alloc.milliCpu(),
                        alloc.memoryBytes() / GI)
                .input("| DaemonSets on every node (overhead) | cpu %sm, memory %sGi |", over.milliCpu(),
                        over.memoryBytes() / GI)
                .input("| headroom, of each node's pod slots | %s |", percent(nodes.headroom(), 0))
                .input("then the image pull | %s min + %s min |", nodes.warmup().toMinutes(), nodes.leadTime().toMinutes())
                .input("| %s nodes, %s nodes, %s cpu |", nodes.min(), nodes.max(), pool.get("maxCpu"))
                .output("(%sm - %sm) / %sm = %s pods a node by cpu, (%sGi - %sGi) / %sGi = %s by memory, so %s"
                                + " (cpu-bound); the final's %s pods need %s / (%s x %s) = %s nodes, requested at %s (+"
                                + " beacon-nodes %s), %s minutes before the pods' scale-out at %s, and released at %s, the"
                                + " processors' scale-in (%s) plus the nodes' %s-minute cool-down.", alloc.milliCpu(),
                        over.milliCpu(), req.milliCpu(), decimal((double) free.milliCpu() / req.milliCpu(), 2),
                        alloc.memoryBytes() / GI, over.memoryBytes() / GI, req.memoryBytes() / GI,
                        decimal((double) free.memoryBytes() / req.memoryBytes(), 1), carries.perUnit(), pods, pods,
                        carries.perUnit(), percent(1 - nodes.headroom(), 0), nodeCount,
                        zoned(f, instant(nodesOut, "at")), step(nodesOut),
                        Duration.between(instant(nodesOut, "at"), instant(processorOut, "at")).toMinutes(),
                        f.clock(instant(processorOut, "at")), zoned(f, instant(nodesIn, "at")),
                        f.clock(instant(processorIn, "at")), nodes.cooldown().toMinutes())
                .output("USA-Paraguay's %s pods need %s nodes, Mexico-Korea's %s need %s.",
                        o.change("beacon-processor", "SCALE_OUT", "USA-PAR").get("to").asInt(),
                        o.change("beacon-nodes", "SCALE_OUT", "USA-PAR").get("to").asInt(),
                        o.change("beacon-processor", "SCALE_OUT", "MEX-KOR").get("to").asInt(),
                        o.change("beacon-nodes", "SCALE_OUT", "MEX-KOR").get("to").asInt())
                .output("What apply does with beacon-nodes %s", step(nodesOut))
                .derived("it raises the NodePool's limits to at least %s nodes' capacity, cpu %s x %s = %s and memory %s x"
                                + " %sGi = %sGi", nodeCount, nodeCount, nodeCpu / 1000, nodeCount * nodeCpu / 1000,
                        nodeCount, nodeMemory / GI, nodeCount * nodeMemory / GI)
                .derived("then creates %s placeholder pods (%s less the pool's own %s)", nodeCount - nodes.min(),
                        nodeCount, nodes.min())
                .input("each requesting what a node leaves free (%s, %s)", pool.get("podCpu"), pool.get("podMemory"))
                .check(Resources.milliCpu(pool.get("podCpu")) == free.milliCpu()
                        && Resources.memoryBytes(pool.get("podMemory")) == free.memoryBytes(), "what a node leaves free")
                .output("(the %s nodes would then hold another number)", nodeCount)
                .derived("A maxCpu of %s holds the layer's max (%s x %s = %s)", pool.get("maxCpu"), nodes.max(),
                        nodeCpu / 1000, nodes.max() * nodeCpu / 1000)
                .check(nodes.max() * nodeCpu <= Resources.milliCpu(pool.get("maxCpu")), "maxCpu holds the max");
    }
}
