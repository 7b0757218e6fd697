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
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The ledger of examples/conviva-fifa-2014/README.md: 3.2M concurrent plays when USA v Germany and Portugal v Ghana
 * kicked off together, the heartbeat gateway, and Kafka sized once for the tournament in brokers and partitions.
 */
final class ConvivaFifa2014Readme {
    /** The README's assumption behind a broker's rate (a comment in layers.yaml, not a figure the model reads). */
    private static final double HEARTBEAT_KB = 1.5;

    private ConvivaFifa2014Readme() {
    }

    static void figures(ReadmeFigures f, ExampleOutputs o) {
        Scenario s = o.scenario;
        Layer gateway = o.scenarioLayer("gateway");
        Layer kafka = o.scenarioLayer("kafka");
        LoadTerm.PerViewer beats = ExampleOutputs.term(gateway, LoadTerm.PerViewer.class);
        LoadTerm.PerJoin joins = ExampleOutputs.term(gateway, LoadTerm.PerJoin.class);
        Event usaGer = o.scenarioEvent("USA-GER");
        MatchShape football = (MatchShape) s.shapeFor(usaGer);
        AudienceDistribution base = s.audience().base().orElseThrow();
        Map<String, Double> teams = s.audience().teamFactors();
        Map<String, Double> stages = s.audience().stageFactors();
        int year = usaGer.kickoff().getYear();
        int every = (int) Math.round(1 / beats.rpsPerViewer());
        long partitionsPerBroker = o.layer("kafka").get("derived").get("partitions").asLong()
                / o.layer("kafka").get("neededUnits").asLong();
        double together = o.audience("USA-GER") + o.audience("POR-GHA");
        JsonNode kafkaPeak = o.layer("kafka");
        int brokers = kafkaPeak.get("neededUnits").asInt();
        long partitions = kafkaPeak.get("derived").get("partitions").asLong();

        // the reported figures, the files and the fixtures
        f.name("the " + year + " World Cup").name(year + " FIFA World Cup").name("Conviva engineering blog, July " + year)
                .name("round of 16").name("which the plan writes GMT-03:00")
                .output("the platform peaked at %s concurrent plays", millions(together, 1))
                .output("The reported %s is taken", millions(together, 1))
                .input("a heartbeat from every player session every %s s", every)
                .output("%s brokers, %s partitions (%s per broker), replication factor %s at the peak", brokers,
                        partitions, partitionsPerBroker, plain(kafka.amplification()))
                .input("| prescale.yaml | zone %s, plan.from %s, the football shape with goal surges, baseline |",
                        s.zone(), date("yyyy-MM-dd'T'HH:mm'Z'", s.plan().from().orElseThrow().atZone(ZoneOffset.UTC)))
                .check(s.events().size() == 11, "eleven fixtures")
                .input("| fixtures.yaml | eleven real %s fixtures", year)
                .input("(brokers, amplification %s, %s partitions per broker) |", plain(kafka.amplification()),
                        partitionsPerBroker);
        for (String id : new String[] {"BRA-CRO", "ESP-NED", "BRA-MEX", "USA-POR", "BEL-USA", "BRA-GER", "GER-ARG"}) {
            f.input("(%s%s", id.equals("BEL-USA") ? "round of 16, " : id.equals("BRA-GER") ? "semi-final, " : "",
                    date("d MMMM, HH:mm", o.scenarioEvent(id).kickoff()));
        }
        f.input("Croatia v Mexico, %s;", date("d MMMM HH:mm", o.scenarioEvent("CRO-MEX").kickoff()))
                .input("Portugal v Ghana, %s)", date("d MMMM HH:mm", o.scenarioEvent("POR-GHA").kickoff()))
                .check(o.scenarioEvent("CMR-BRA").kickoff().toInstant().equals(o.scenarioEvent("CRO-MEX").kickoff().toInstant())
                        && usaGer.kickoff().toInstant().equals(o.scenarioEvent("POR-GHA").kickoff().toInstant()),
                        "the pairs kick off together")
                .input("(warmup: %s + leadTime: %s)", duration(kafka.warmup()), duration(kafka.leadTime()))
                .input("coalesce: %s (one step covers", duration(kafka.coalesce()))
                .check(kafka.cooldown().equals(Duration.ofDays(7)), "a week's cool-down");

        // the audiences: inputs multiplied out
        Function<String, String> p90 = id -> millions(o.audience(id), 2);
        f.input("base P90 %s x team (max of the two) x stage", human(base.p90()))
                .output("USA v Germany: %s x USA %s = %s; Portugal v Ghana: %s x Portugal %s = %s, same kickoff",
                        human(base.p90()), decimal(teams.get("usa"), 1), millions(o.audience("USA-GER"), 3),
                        human(base.p90()), decimal(teams.get("portugal"), 1), human(o.audience("POR-GHA")))
                .output("%s + %s = %s concurrent plays", millions(o.audience("USA-GER"), 3),
                        millions(o.audience("POR-GHA"), 3), millions(together, 3))
                .output("Belgium v USA %s x %s x %s = %s (a knockout", human(base.p90()), decimal(teams.get("usa"), 1),
                        decimal(stages.get("round-of-16"), 1), p90.apply("BEL-USA"))
                .output("the final %s x %s x %s = %s; the semi-final %s x %s x %s = %s", human(base.p90()),
                        decimal(teams.get("argentina"), 1), decimal(stages.get("final"), 1), p90.apply("GER-ARG"),
                        human(base.p90()), decimal(teams.get("brazil"), 1), decimal(stages.get("semi-final"), 1),
                        p90.apply("BRA-GER"));

        // concurrent plays per minute: each event's planned audience times its shape's level, summed
        Planner.Result planned = plan(s);
        Forecast fc = planned.forecast();
        double[] plays = new double[fc.length()];
        for (EventTimeline t : fc.events()) {
            for (int i = 0; i < fc.length(); i++) {
                int offset = (int) (fc.gridStart() + i - t.kickoff());
                double level = 0;
                for (ShapeProfile p : t.profiles()) {
                    level = Math.max(level, p.levelAt(offset));
                }
                plays[i] += t.peakAudience() * level;
            }
        }
        int top = 0;
        for (int i = 1; i < plays.length; i++) {
            top = plays[i] > plays[top] ? i : top;
        }
        Instant playsAt = fc.minute(top);
        f.check(Math.abs(plays[top] - together) < 1, "the peak is both audiences in full")
                .output("Together at their final whistle (%s local, %s)", f.clock(playsAt),
                        date("d MMMM", playsAt.atZone(s.zone())))
                .output("Peak concurrent plays %s (%s) at %s (UTC-3), from USA-GER + POR-GHA", millions(together, 1),
                        millions(together, 3), date("MMM d HH:mm", playsAt.atZone(s.zone())));

        // the peak minute, term by term; the model's total less the terms is the audience still rising
        JsonNode gatewayPeak = o.layer("gateway");
        double peak = gatewayPeak.get("peakRps").asDouble();
        Instant peakAt = instant(gatewayPeak, "peakAt");
        int minute = (int) Duration.between(usaGer.kickoff().toInstant(), peakAt).toMinutes();
        double level = football.outcomes(usaGer.stage()).stream()
                .mapToDouble(x -> football.profile(x).levelAt(minute)).max().orElseThrow();
        double watching = together * level;
        double beatRps = watching * beats.rpsPerViewer();
        double surgeJoins = football.goalSurge().share() * watching;
        double surge = surgeJoins * joins.requests() / football.goalSurge().within().toSeconds();
        double churnJoins = football.churnPerMinute() * watching;
        double churn = churnJoins * joins.requests() / SECONDS_PER_MINUTE;
        double rising = peak - beatRps - surge - churn;
        String requests = plain(joins.requests());
        double messages = kafkaPeak.get("peakRps").asDouble();
        double perBroker = kafka.usablePerUnit();
        f.check(rising > 0, "the audience still rises at the peak: " + rising)
                .check(peakAt.plusSeconds(SECONDS_PER_MINUTE).equals(playsAt), "the last minute of play")
                .output("At %s (the last minute of play, audience %s of peak = %s):", f.clock(peakAt),
                        percent(level, 1), millions(watching, 3))
                .derived("heartbeats %s / %s s %s", millions(watching, 3), every, thousands(beatRps, 1))
                .derived("session-start goal surge %s x %s = %s joins x %s / %s s %s",
                        percent(football.goalSurge().share(), 0), millions(watching, 3), thousands(surgeJoins, 1),
                        requests, football.goalSurge().within().toSeconds(), thousands(surge, 1))
                .derived("churn %s x %s = %s/min x %s / %s %s", percent(football.churnPerMinute(), 1),
                        millions(watching, 3), thousands(churnJoins, 0), requests, SECONDS_PER_MINUTE,
                        thousands(churn, 1))
                .output("audience still rising x %s / %s %s", requests, SECONDS_PER_MINUTE, thousands(rising, 1))
                .output("gateway %s rps / (%s x %s) = %s -> %s instances (step %s)", thousands(peak, 1),
                        grouped(gateway.perUnit()), percent(1 - gateway.headroom(), 0),
                        decimal(peak / gateway.usablePerUnit(), 1), gatewayPeak.get("neededUnits").asInt(),
                        gateway.step())
                .output("kafka %s x replication %s = %s messages/s", thousands(peak, 1),
                        plain(kafka.amplification()), thousands(messages, 1))
                .output("/ (%s x %s) = %s per broker -> %s -> %s brokers x %s = %s partitions",
                        grouped(kafka.perUnit()), percent(1 - kafka.headroom(), 0), thousands(perBroker, 1),
                        decimal(messages / perBroker, 1), brokers, partitionsPerBroker, partitions)
                .derived("%s messages/s per broker assumes ~%s kB heartbeats, ~%s MB/s of writes per broker",
                        thousands(kafka.perUnit(), 0), decimal(HEARTBEAT_KB, 1),
                        plain(kafka.perUnit() * HEARTBEAT_KB / 1e3))
                .output("the %s rps they add here is small", thousands(surge, 1));

        // the plan
        JsonNode kafkaOut = o.change("kafka", "SCALE_OUT", "USA-GER");
        JsonNode kafkaIn = o.change("kafka", "SCALE_IN", "GER-ARG");
        Instant finalEnd = instant(o.event("GER-ARG"), "latestEnd");
        Instant usaPor = o.scenarioEvent("USA-POR").kickoff().toInstant();
        Function<String, Integer> gatewayTo = id -> o.change("gateway", "SCALE_OUT", id).get("to").asInt();
        String espNed = "./prescale forecast examples/conviva-fifa-2014 --layer gateway --event ESP-NED";
        f.output("(as of %s Sao Paulo, P90)", date("yyyy-MM-dd HH:mm", instant(o.plan, "at").atZone(s.zone())))
                .output("kafka: peak %s messages/s (replicated) at %s, driven by %s; %s brokers, %s partitions",
                        thousands(messages, 1), date("MMM d HH:mm", instant(kafkaPeak, "peakAt").atZone(s.zone())),
                        kafkaPeak.get("drivenBy").asText(), brokers, partitions)
                .check(o.count("SCALE_OUT") - o.changes().stream().filter(c -> c.get("layer").asText().equals("gateway")
                        && c.get("action").asText().equals("SCALE_OUT")).count() == 1, "one kafka scale-out")
                .check(Duration.between(instant(kafkaOut, "at"), usaPor).toHours() == 24, "a day before USA v Portugal")
                .check(brokersFor(s, "BRA-CRO", "ESP-NED", "BRA-MEX") <= kafka.min()
                        && brokersFor(s, "USA-POR") > kafka.min(), "USA v Portugal the first to need more than the min")
                .output("one + kafka %s brokers at %s (UTC-3), a day before USA v Portugal, the first match to need more"
                                + " than %s brokers", step(kafkaOut),
                        date("MMM d HH:mm", instant(kafkaOut, "at").atZone(s.zone())), kafka.min())
                .output("one - kafka %s at %s, a week after the final's latest end (%s, extra time", step(kafkaIn),
                        date("MMM d HH:mm", instant(kafkaIn, "at").atZone(s.zone())), f.clock(finalEnd))
                .check(instant(kafkaIn, "at").equals(finalEnd.plus(kafka.cooldown())), "a week after the final")
                .output("gateway: peak %s rps, %s instances, driven by %s", thousands(peak, 1),
                        gatewayPeak.get("neededUnits").asInt(), gatewayPeak.get("drivenBy").asText())
                .output("BRA-CRO %s, BRA-MEX %s, USA-POR %s, CMR-BRA + CRO-MEX %s, USA-GER + POR-GHA %s, BEL-USA %s,"
                                + " BRA-GER %s, GER-ARG %s instances", gatewayTo.apply("BRA-CRO"),
                        gatewayTo.apply("BRA-MEX"), gatewayTo.apply("USA-POR"), gatewayTo.apply("CMR-BRA"),
                        gatewayTo.apply("USA-GER"), gatewayTo.apply("BEL-USA"), gatewayTo.apply("BRA-GER"),
                        gatewayTo.apply("GER-ARG"))
                .check(o.changes().stream().noneMatch(c -> c.get("layer").asText().equals("gateway")
                        && c.get("events").toString().contains("ESP-NED")),
                        "ESP-NED needs no change")
                .output("ESP-NED (%s rps) fits in the minimum of %s",
                        thousands(o.peak(espNed, "gateway").get("load").asDouble(), 0), gateway.min())
                .output("Cameroon v Brazil alone needs %s gateway instances, with Croatia v Mexico at the same kickoff %s",
                        layer(plan(only(s, "CMR-BRA")), "gateway").neededUnits(), gatewayTo.apply("CMR-BRA"));
        LayerSummary withoutPorGha = layer(plan(only(s, "USA-GER", "BEL-USA")), "kafka");
        f.check(withoutPorGha.drivenBy().equals("BEL-USA"), "Belgium v USA would set the peak")
                .output("Belgium v USA would set the Kafka peak at %s brokers", withoutPorGha.neededUnits())
                .output("%s changes: %s scale-out, %s scale-in; no warnings", o.changes().size(), o.count("SCALE_OUT"),
                        o.count("SCALE_IN"))
                .check(o.diagnostics().isEmpty(), "no warnings: " + o.diagnostics());
    }

    private static Scenario only(Scenario s, String... ids) {
        Set<String> keep = Set.of(ids);
        return s.withEvents(s.events().stream().filter(e -> keep.contains(e.id())).toList());
    }

    private static Planner.Result plan(Scenario s) {
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), Instant.EPOCH);
        return Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
    }

    private static LayerSummary layer(Planner.Result r, String name) {
        return r.plan().layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static int brokersFor(Scenario s, String... ids) {
        return layer(plan(only(s, ids)), "kafka").neededUnits();
    }
}
