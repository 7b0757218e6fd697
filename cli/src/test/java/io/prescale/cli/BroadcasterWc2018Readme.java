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
import static io.prescale.cli.ReadmeFigures.percent;
import static io.prescale.cli.ReadmeFigures.plain;
import static io.prescale.cli.ReadmeFigures.thousands;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.WhatIf;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * The ledger of examples/broadcaster-wc-2018/README.md: England's semi-final at 2M viewers, goal surges on the
 * API, CDN egress checked against the contract, and the thunderstorm what-if beside it.
 */
final class BroadcasterWc2018Readme {
    private static final String STORM = "broadcaster-wc-2018/thunderstorm";

    private BroadcasterWc2018Readme() {
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        ExampleOutputs storm = ExampleOutputs.of(STORM);
        Layer api = o.scenarioLayer("api");
        Layer cdn = o.scenarioLayer("cdn");
        LoadTerm.PerViewer polls = ExampleOutputs.term(api, LoadTerm.PerViewer.class);
        LoadTerm.PerJoin joins = ExampleOutputs.term(api, LoadTerm.PerJoin.class);
        LoadTerm.Egress egress = ExampleOutputs.term(cdn, LoadTerm.Egress.class);
        Event semi = o.scenarioEvent("CRO-ENG");
        MatchShape england = (MatchShape) o.scenario.shapeFor(semi);
        MatchShape football = (MatchShape) o.scenario.shapeFor(o.scenarioEvent("RUS-KSA"));
        AudienceDistribution base = o.scenario.audience().base().orElseThrow();
        String englandFactor = plain(o.scenario.audience().teamFactors().get("england"));
        int year = semi.kickoff().getYear();
        double semiAudience = o.audience("CRO-ENG");
        double stormAudience = storm.audience("CRO-ENG");
        String stormShare = percent(stormAudience / semiAudience - 1, 0);
        String contract = grouped(cdn.max());

        // the reported figures, the files and the fixtures
        f.name("the " + year + " World Cup").name("the " + year + " FIFA World Cup").name("In " + year + " the UK")
                .name("within 60-90 s")
                .output("%s concurrent viewers at the peak", human(semiAudience))
                .input("here %s joins within %s s", human(england.goalSurge().joins()),
                        england.goalSurge().within().toSeconds())
                .derived("a thunderstorm adding %s viewers within minutes", stormShare)
                .input("| prescale.yaml | zone %s, plan.from %s, baseline |", o.scenario.zone(),
                        date("yyyy-MM-dd'T'HH:mm'Z'", o.scenario.plan().from().orElseThrow().atZone(ZoneOffset.UTC)))
                .check(o.scenario.events().size() == 9, "nine fixtures")
                .input("nine real %s fixtures", year)
                .input("base %s (P90), England x%s, stage factors", human(base.p90()), englandFactor)
                .input("football (goal surge: %s of the match's viewers) and england (goal surge: %s joins)",
                        percent(football.goalSurge().share(), 0), human(england.goalSurge().joins()))
                .input("max = %s Gbps contracted", contract)
                .derived("semi-final audience +%s", stormShare)
                .name("round of 16");
        for (Event e : o.scenario.events()) {
            f.input("%s", date("d MMMM HH:mm", e.kickoff()));
        }

        // the audiences (base and factors are inputs, the products outputs), api instances and cdn needs
        Function<String, Integer> apiTo = id -> o.change("api", "SCALE_OUT", id).get("to").asInt();
        Function<String, String> cdnTo = id -> grouped(o.change("cdn", "CHECK", id).get("to").asDouble());
        Function<String, String> stage = id -> decimal(o.scenario.audience().stageFactors()
                .get(o.scenarioEvent(id).stage().key()), 1);
        double group = o.audience("TUN-ENG");
        String groupM = millions(group, 2);
        f.input("base %s x England %s x stage", human(base.p90()), englandFactor)
                .input("| event | audience: inputs = output | api | cdn needed (of %s Gbps) |", contract)
                .output("| RUS-KSA | %s | %s instances | %s Gbps |", human(o.audience("RUS-KSA")),
                        apiTo.apply("RUS-KSA"), cdnTo.apply("RUS-KSA"))
                .check(o.audience("ENG-PAN") == group && apiTo.apply("ENG-PAN").equals(apiTo.apply("TUN-ENG"))
                        && cdnTo.apply("ENG-PAN").equals(cdnTo.apply("TUN-ENG")), "TUN-ENG and ENG-PAN alike")
                .output("| TUN-ENG, ENG-PAN | %s x %s = %s | %s | %s |", human(base.p90()), englandFactor, groupM,
                        apiTo.apply("TUN-ENG"), cdnTo.apply("TUN-ENG"))
                .output("| ENG-BEL + PAN-TUN | %s + %s, same kickoff | %s | %s |", millions(o.audience("ENG-BEL"), 2),
                        human(o.audience("PAN-TUN")), apiTo.apply("ENG-BEL"), cdnTo.apply("ENG-BEL"))
                .output("| COL-ENG | %s x %s = %s | %s | %s |", groupM, stage.apply("COL-ENG"),
                        millions(o.audience("COL-ENG"), 3), apiTo.apply("COL-ENG"), cdnTo.apply("COL-ENG"))
                .output("| SWE-ENG | %s x %s = %s | %s | %s |", groupM, stage.apply("SWE-ENG"),
                        millions(o.audience("SWE-ENG"), 2), apiTo.apply("SWE-ENG"), cdnTo.apply("SWE-ENG"))
                .output("| CRO-ENG | %s x %s = %s | %s | %s |", groupM, stage.apply("CRO-ENG"),
                        millions(semiAudience, 1), apiTo.apply("CRO-ENG"), cdnTo.apply("CRO-ENG"))
                .output("| FRA-CRO | %s x %s = %s | %s | %s |", human(base.p90()), stage.apply("FRA-CRO"),
                        human(o.audience("FRA-CRO")), apiTo.apply("FRA-CRO"), cdnTo.apply("FRA-CRO"));

        // the semi-final's peak, term by term; the model's total less the terms is the audience still rising
        JsonNode apiPeak = o.layer("api");
        JsonNode cdnPeak = o.layer("cdn");
        double peak = apiPeak.get("peakRps").asDouble();
        double gbps = cdnPeak.get("peakGbps").asDouble();
        int need = cdnPeak.get("neededUnits").asInt();
        int instances = apiPeak.get("neededUnits").asInt();
        Instant peakAt = instant(apiPeak, "peakAt");
        int minute = (int) Duration.between(semi.start(), peakAt).toMinutes();
        double level = england.outcomes(semi.stage()).stream()
                .mapToDouble(x -> england.profile(x).levelAt(minute)).max().orElseThrow();
        double watching = semiAudience * level;
        double pollRps = watching * polls.rpsPerViewer();
        double surge = england.goalSurge().joins() * joins.requests() / england.goalSurge().within().toSeconds();
        double churnJoins = england.churnPerMinute() * watching;
        double churn = churnJoins * joins.requests() / SECONDS_PER_MINUTE;
        double rising = peak - api.background() - pollRps - surge - churn;
        String requests = plain(joins.requests());
        f.check(rising > 0, "the audience still rises at the peak: " + rising)
                .output("Croatia v England at %s (the last minute of regular time, audience at %s, a goal possible)",
                        f.clockZoned(peakAt), percent(level, 0))
                .derived("api background %s + live-page polls %s / %s s = %s", human(api.background()),
                        human(watching), plain(1 / polls.rpsPerViewer()), thousands(pollRps, 1))
                .derived("+ goal surge %s joins x %s requests / %s s = %s", human(england.goalSurge().joins()),
                        requests, england.goalSurge().within().toSeconds(), thousands(surge, 1))
                .output("+ churn %s x %s = %s/min x %s / %s = %s, audience still rising %s",
                        percent(england.churnPerMinute(), 1), human(watching), human(churnJoins), requests,
                        SECONDS_PER_MINUTE, thousands(churn, 1), thousands(rising, 1))
                .output("= %s rps / (%s x %s) = %s -> %s instances (step %s)", thousands(peak, 1),
                        grouped(api.perUnit()), percent(1 - api.headroom(), 0), decimal(peak / api.usablePerUnit(), 1),
                        instances, api.step())
                .output("cdn %s x %s Mbps = %s Tbps + %s Tbps on-demand and other channels = %s Tbps", human(watching),
                        decimal(egress.bitsPerViewer() / 1e6, 1), decimal(watching * egress.bitsPerViewer() / 1e12, 1),
                        decimal(cdn.background() / 1e3, 1), decimal(gbps / 1e3, 1))
                .output("/ %s usable = %s Gbps: within the %s Gbps contracted (%s)", percent(1 - cdn.headroom(), 0),
                        grouped(need), contract, percent((double) need / cdn.max(), 0));

        // the plan: one check per window, an hour before the ramp, all within the contract
        List<JsonNode> checks = o.changes().stream().filter(c -> c.get("action").asText().equals("CHECK")).toList();
        for (JsonNode c : checks) {
            Instant ramp = instant(o.event(c.get("events").get(0).asText()), "windowStart");
            f.check(instant(c, "at").equals(ramp.minus(Duration.ofHours(1))), "check an hour before the ramp: " + c)
                    .check(c.get("to").asInt() <= cdn.max() && c.get("reason").asText().contains("within"),
                            "check within the contract: " + c);
        }
        JsonNode semiCheck = o.change("cdn", "CHECK", "CRO-ENG");
        JsonNode apiOut = o.change("api", "SCALE_OUT", "CRO-ENG");
        JsonNode apiIn = o.change("api", "SCALE_IN", "CRO-ENG");
        f.output("(as of %s, P90)", date("yyyy-MM-dd HH:mm z", instant(o.plan, "at").atZone(o.scenario.zone())))
                .output("cdn: peak %s Gbps (%s Tbps) at %s, driven by %s; needs %s Gbps", grouped(gbps),
                        decimal(gbps / 1e3, 1), f.when(instant(cdnPeak, "peakAt")), cdnPeak.get("drivenBy").asText(),
                        grouped(need))
                .check(o.change("cdn", "CHECK", "PAN-TUN") == o.change("cdn", "CHECK", "ENG-BEL"), "one shared check")
                .output("One CHECK per event window (%s, ENG-BEL and PAN-TUN share one), each an hour before the ramp,"
                                + " all within the %s Gbps; the semi-final's: ? cdn check %s of %s gbps at %s",
                        checks.size(), contract, semiCheck.get("to").asInt(), semiCheck.get("from").asInt(),
                        f.when(instant(semiCheck, "at")))
                .output("api: peak %s rps at %s, driven by %s, %s instances: + api %s instances at %s, - api %s at %s"
                                + " (latest end %s with extra time and penalties, + %s cool-down)", thousands(peak, 1),
                        f.when(peakAt), apiPeak.get("drivenBy").asText(), instances, step(apiOut),
                        f.when(instant(apiOut, "at")), step(apiIn), f.when(instant(apiIn, "at")),
                        f.clock(instant(o.event("CRO-ENG"), "latestEnd")), duration(api.cooldown()))
                .check(group / o.audience("RUS-KSA") == 5, "England five times the others")
                .output("England matches are five times the others: %s for a group match against %s", groupM,
                        human(o.audience("RUS-KSA")))
                .output("add up to %s streams: %s Gbps and %s api instances, against %s Gbps and %s instances for an"
                                + " England group match alone",
                        millions(o.audience("ENG-BEL") + o.audience("PAN-TUN"), 1), cdnTo.apply("ENG-BEL"),
                        apiTo.apply("ENG-BEL"), cdnTo.apply("TUN-ENG"), apiTo.apply("TUN-ENG"))
                .output("%s changes: %s scale-out, %s scale-in, %s checks; no warnings", o.changes().size(),
                        o.count("SCALE_OUT"), o.count("SCALE_IN"), o.count("CHECK"))
                .check(o.diagnostics().isEmpty(), "no warnings: " + o.diagnostics());

        // the thunderstorm: its audience is the what-if's input, the rest is the model's
        AudienceDistribution stormSemi = storm.scenario.audience().overrides().get("CRO-ENG");
        AudienceDistribution baseSemi = o.scenario.audience().resolve(semi).orElseThrow().distribution();
        JsonNode stormApi = storm.layer("api");
        JsonNode stormCdn = storm.layer("cdn");
        double stormPeak = stormApi.get("peakRps").asDouble();
        double stormGbps = stormCdn.get("peakGbps").asDouble();
        int stormNeed = stormCdn.get("neededUnits").asInt();
        int stormInstances = stormApi.get("neededUnits").asInt();
        f.input("giving Croatia v England %s more viewers (P50 %s, P90 %s instead of %s / %s)", stormShare,
                        millions(stormSemi.p50(), 2), millions(stormSemi.p90(), 1), millions(baseSemi.p50(), 1),
                        human(baseSemi.p90()))
                .input("| CRO-ENG audience (P90) | %s | %s | +%s |", millions(semiAudience, 1),
                        millions(stormAudience, 1), stormShare)
                .output("| cdn peak | %s Tbps | %s Tbps | +%s Tbps |", decimal(gbps / 1e3, 1),
                        decimal(stormGbps / 1e3, 1), decimal((stormGbps - gbps) / 1e3, 1))
                .output("| cdn needed | %s Gbps: within | %s Gbps: EXCEEDS the %s contracted | +%s |", grouped(need),
                        grouped(stormNeed), contract, stormNeed - need)
                .output("| api peak | %s rps | %s rps | +%s |", thousands(peak, 1), thousands(stormPeak, 1),
                        percent(stormPeak / peak - 1, 0))
                .output("| api instances | %s | %s | +%s |", instances, stormInstances, stormInstances - instances)
                .check(storm.diagnostics().size() == 1 && storm.diagnostics().get(0).get("summary").asText()
                        .contains("layer cdn needs " + stormNeed), "the storm's one warning: cdn above max")
                .output("the plan warns that cdn needs %s gbps but max is %s", grouped(stormNeed), contract)
                .check(othersThan("CRO-ENG", o).equals(othersThan("CRO-ENG", storm)), "every other change identical");

        // the storm's arrival, as the README's simulate what-if has it
        String set = ExampleReadme.of("broadcaster-wc-2018").commands().stream().filter(c -> c.contains(" surge."))
                .findFirst().orElseThrow().replaceAll(".* --set ", "");
        WhatIf.Surge what = (WhatIf.Surge) WhatIf.parse(set);
        double arrivals = stormAudience - semiAudience;
        double arrivalRps = arrivals * joins.requests() / what.within().toSeconds();
        f.check(what.eventId().equals("CRO-ENG") && percent(what.share(), 0).equals(stormShare),
                        "the surge what-if is the thunderstorm: " + what)
                .check(Math.abs(arrivalRps / surge - 0.2) < 0.01, "a fifth of one goal surge")
                .output("That arrival is %s joins. Arriving within %s minutes, as the surge what-if below has it, they"
                                + " cost %s x %s / %s s = %s rps on the api, a fifth of one goal surge (%s rps)",
                        human(arrivals), what.within().toMinutes(), human(arrivals), requests,
                        what.within().toSeconds(), thousands(arrivalRps, 1), thousands(surge, 1))
                .output("would need %s + %s = %s rps, within the %s instances' %s rps before headroom",
                        thousands(stormPeak, 1), thousands(arrivalRps, 1), thousands(stormPeak + arrivalRps, 1),
                        stormInstances, human(stormInstances * api.perUnit()));
    }

    /** The changes for events other than {@code id}, as the plan's JSON writes them. */
    private static List<String> othersThan(String id, ExampleOutputs o) {
        return o.changes().stream().filter(c -> !c.get("events").toString().contains(id)).map(JsonNode::toString)
                .toList();
    }
}
