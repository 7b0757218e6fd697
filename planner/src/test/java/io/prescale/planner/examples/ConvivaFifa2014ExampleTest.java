package io.prescale.planner.examples;

import io.prescale.planner.TestScenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The figures examples/conviva-fifa-2014/README.md promises: 3.2M concurrent plays, Kafka 20 brokers / 240 partitions. */
class ConvivaFifa2014ExampleTest {
    private static Scenario scenario;
    private static Planner.Result result;
    private static Plan plan;

    @BeforeAll
    static void planTheExample() {
        scenario = TestScenarios.load(Path.of("../examples/conviva-fifa-2014"));
        result = plan(scenario);
        plan = result.plan();
    }

    private static Planner.Result plan(Scenario s) {
        return TestScenarios.plan(s);
    }

    private static LayerSummary layer(Plan p, String name) {
        return p.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Change> changes(String layer) {
        return plan.changes().stream().filter(c -> c.layer().equals(layer)).toList();
    }

    /** Concurrent plays per forecast minute: every event's planned audience times its shape's level, summed. */
    private static double[] concurrentPlays(Forecast f) {
        double[] plays = new double[f.length()];
        for (EventTimeline t : f.events()) {
            for (int i = 0; i < f.length(); i++) {
                int offset = (int) (f.gridStart() + i - t.kickoff());
                double level = 0;
                for (ShapeProfile p : t.profiles()) {
                    level = Math.max(level, p.levelAt(offset));
                }
                plays[i] += t.peakAudience() * level;
            }
        }
        return plays;
    }

    @Test
    void plan_conviva2014_peaksAt3_2MConcurrentPlaysWhenUsaGermanyAndPortugalGhanaKickOffTogether() {
        Forecast f = result.forecast();
        double[] plays = concurrentPlays(f);
        int peak = 0;
        for (int i = 1; i < plays.length; i++) {
            if (plays[i] > plays[peak]) {
                peak = i;
            }
        }
        assertEquals(3_200_000, plays[peak], 3_200_000 * 0.05);
        assertEquals(3_203_200, plays[peak], 1_000);
        // 14:51 in Recife and Brasilia (UTC-3): the final whistle of both matches, at full audience
        assertEquals(Instant.parse("2014-06-26T17:51:00Z"), f.minute(peak));
        Map<String, Long> audiences = Map.of("USA-GER", 2_288_000L, "POR-GHA", 915_200L);
        audiences.forEach((id, a) -> assertEquals(a, plan.events().stream().filter(e -> e.id().equals(id))
                .findFirst().orElseThrow().audience(), 1_000, id));
    }

    @Test
    void plan_conviva2014Final_kafkaNeeds20BrokersAnd240Partitions() {
        LayerSummary kafka = layer(plan, "kafka");
        // (3.2M / 20 s + joins) x replication 2 = 325k messages/s; 24k per broker at 70% = 16.8k -> 19.4 -> 20
        assertEquals(325_472, kafka.peakRps(), 1_000);
        assertEquals(20, kafka.peakUnits());
        assertEquals(20, kafka.neededUnits());
        assertEquals(Map.of("partitions", 240L), kafka.derived());
        assertEquals("USA-GER", kafka.drivenBy());
        assertEquals(Instant.parse("2014-06-26T17:50:00Z"), kafka.peakAt());
    }

    @Test
    void plan_conviva2014_kafkaGrowsOnceForTheTournamentAndShrinksAWeekAfterTheFinal() {
        List<Change> kafka = changes("kafka");
        assertEquals(2, kafka.size(), kafka.toString());
        Change out = kafka.get(0);
        assertEquals(Action.SCALE_OUT, out.action());
        assertEquals(10, out.from());
        assertEquals(20, out.to());
        assertEquals(List.of("USA-GER"), out.events());
        // USA v Portugal is the first match to need more than 10 brokers (from 18:53 UTC-3 on 22 June, in its
        // pre-match ramp); the step is requested a day earlier and sized for USA v Germany
        assertEquals(Instant.parse("2014-06-22T21:53:00Z"), out.neededAt());
        assertEquals(Instant.parse("2014-06-21T21:53:00Z"), out.at());
        Change in = kafka.get(1);
        assertEquals(Action.SCALE_IN, in.action());
        assertEquals(11, in.events().size(), "one live cluster holds the whole tournament");
        assertEquals(Instant.parse("2014-07-20T22:02:00Z"), in.at(), "the final's latest end + 7 days");
    }

    @Test
    void plan_conviva2014_gatewayPeaks163kRpsOn55Instances() {
        LayerSummary gateway = layer(plan, "gateway");
        assertEquals(162_736, gateway.peakRps(), 1_000);
        assertEquals(55, gateway.peakUnits());
        assertEquals("USA-GER", gateway.drivenBy());
    }

    @Test
    void plan_conviva2014SimultaneousKickoffs_addUpOnTheGateway() {
        Change together = changes("gateway").stream()
                .filter(c -> c.action() == Action.SCALE_OUT && c.events().equals(List.of("CMR-BRA"))).findFirst()
                .orElseThrow();
        assertEquals(35, together.to(), "Cameroon v Brazil + Croatia v Mexico: 1.14M + 858k plays");
        Scenario alone = scenario.withEvents(scenario.events().stream().filter(e -> e.id().equals("CMR-BRA")).toList());
        assertEquals(20, layer(plan(alone).plan(), "gateway").peakUnits(), "Cameroon v Brazil alone");

        Scenario usaGerOnly = scenario.withEvents(scenario.events().stream()
                .filter(e -> Set.of("USA-GER", "BEL-USA").contains(e.id())).toList());
        LayerSummary kafka = layer(plan(usaGerOnly).plan(), "kafka");
        assertEquals(17, kafka.peakUnits(), "without Portugal v Ghana, Belgium v USA would set the peak");
        assertEquals("BEL-USA", kafka.drivenBy());
    }

    @Test
    void plan_conviva2014_has18Changes() {
        assertEquals(9, plan.changes().stream().filter(c -> c.action() == Action.SCALE_OUT).count());
        assertEquals(9, plan.changes().stream().filter(c -> c.action() == Action.SCALE_IN).count());
        assertEquals(18, plan.changes().size());
        assertEquals(0, plan.diagnostics().size(), plan.diagnostics().toString());
    }
}
