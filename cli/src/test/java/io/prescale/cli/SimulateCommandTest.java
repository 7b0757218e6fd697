package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale simulate} in-process through {@link Main#run}. */
class SimulateCommandTest {
    static final String EXAMPLE = CliTest.EXAMPLE;

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(CliTest.CLOCK, args);
    }

    /** One match, one layer, priced, with named what-ifs. */
    private Path priced() throws Exception {
        Files.writeString(tmp.resolve("prescale.yaml"), """
                name: priced
                zone: UTC
                plan: {from: 2026-06-10T00:00:00Z}
                events:
                  - {id: FINAL, stage: final, teams: [England, France], kickoff: 2026-07-19T19:00:00Z}
                audience:
                  base: {p50: 2M, p90: 3M}
                layers:
                  - name: edge
                    unit: instances
                    rpsPerUnit: 400rps
                    headroom: 20%
                    min: 10
                    max: 5000
                    warmup: 5m
                    terms: [{type: per-viewer, every: 6s}, {type: per-join, requests: 4}]
                prices: {instances: 0.17/h}
                whatIf:
                  storm: [surge.FINAL=+10%@60m/5m]
                """);
        return tmp;
    }

    @Test
    void simulate_example_printsQuantilesPlanAndExceedancePerLayer() {
        CliRun r = run("simulate", EXAMPLE, "--runs", "500", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Simulated 500 runs of invidi-ads (seed 1)"), r.out());
        for (String column : new String[] {"LAYER", "PEAK P50", "P90", "P99", "PLAN", "UNITS P50", "PLANNED",
                "P(EXCEEDED)", "95% CI"}) {
            assertTrue(r.out().contains(column), column + " in " + r.out());
        }
        for (String layer : new String[] {"ad-edge", "tracking-lb", "tracking-buffer", "beacon-processor"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(layer + " ")), layer);
        }
        assertTrue(r.out().contains("instances") && r.out().contains("rps"), r.out());
        assertTrue(r.out().contains("no prices in the scenario"), r.out());
        // one number style per column: loads thousands separated (no 12.35k beside 9999), shares to a tenth
        java.util.List<String> rows = r.out().lines().filter(l -> l.matches("  (ad-edge|tracking-lb|tracking-buffer"
                + "|beacon-processor) .*")).toList();
        assertEquals(4, rows.size(), r.out());
        for (String row : rows) {
            assertTrue(row.matches("  \\S+( +\\d{1,3}(,\\d{3})* rps){4}( +\\d{1,3}(,\\d{3})*){3} +\\d{1,3}(,\\d{3})* \\S+"
                    + " +(\\d+\\.\\d%|<0\\.1%) +(\\d+\\.\\d%|<0\\.1%)-(\\d+\\.\\d%|<0\\.1%)"), row);
        }
        assertTrue(rows.stream().anyMatch(l -> l.matches(".*\\d,\\d{3} rps.*")), "a load above 1,000: " + rows);
        assertEquals("", r.err(), "no progress bar when not on a terminal");
    }

    @Test
    void simulate_chart_drawsABandPerLayerToSvg(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path svg = tmp.resolve("sim.svg");
        CliRun r = run("simulate", EXAMPLE, "--runs", "300", "--chart", svg.toString());
        assertEquals(0, r.code(), r.err());
        String text = java.nio.file.Files.readString(svg);
        assertTrue(text.contains("<svg"), "an SVG document");
        assertTrue(text.contains("FINAL kickoff"), "the peak's event is marked");
        assertTrue(text.contains("EDT"), "times in the scenario's zone");
    }

    @Test
    void simulate_outputJson_carriesEveryFigure() throws Exception {
        CliRun r = run("simulate", EXAMPLE, "--runs", "400", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals(400, root.get("runs").asInt());
        assertEquals(1, root.get("seed").asLong());
        assertEquals("made from the unmodified scenario", root.get("plan").asText());
        assertEquals(2, root.get("observed").get("knockouts").asInt());
        JsonNode layer = root.get("layers").get(0);
        assertEquals("ad-edge", layer.get("name").asText());
        for (String f : new String[] {"unit", "metric", "peakLoad", "units", "plannedPeakLoad", "plannedPeakUnits",
                "exceeded", "cost"}) {
            assertTrue(layer.has(f), "layers[] has " + f);
        }
        for (String q : new String[] {"p50", "p90", "p99", "mean"}) {
            assertTrue(layer.get("peakLoad").has(q) && layer.get("units").has(q), q);
        }
        JsonNode e = layer.get("exceeded");
        assertTrue(e.get("ci95").get(0).asDouble() <= e.get("probability").asDouble()
                && e.get("probability").asDouble() <= e.get("ci95").get(1).asDouble(), e.toString());
        assertEquals(386, layer.get("plannedPeakUnits").asInt());
    }

    @Test
    void simulate_sameSeed_sameFiguresWhateverTheThreads() {
        CliRun one = run("simulate", EXAMPLE, "--runs", "700", "--seed", "42", "--threads", "1", "-o", "json");
        CliRun three = run("simulate", EXAMPLE, "--runs", "700", "--seed", "42", "--threads", "3", "-o", "json");
        CliRun other = run("simulate", EXAMPLE, "--runs", "700", "--seed", "43", "-o", "json");
        assertEquals(0, one.code(), one.err());
        assertEquals(one.out(), three.out());
        assertFalse(one.out().equals(other.out()));
    }

    @Test
    void simulate_set_changesTheSimulatedWorldNotThePlan() throws Exception {
        CliRun base = run("simulate", EXAMPLE, "--runs", "1000", "-o", "json");
        CliRun big = run("simulate", EXAMPLE, "--runs", "1000", "-o", "json", "--set", "audience.FINAL=x3");
        assertEquals(0, big.code(), big.err());
        JsonNode b = PlanJson.mapper().readTree(base.out()).get("layers").get(0);
        JsonNode x = PlanJson.mapper().readTree(big.out());
        assertEquals("audience.FINAL=x3", x.get("whatIfs").get(0).asText());
        JsonNode xl = x.get("layers").get(0);
        assertEquals(b.get("plannedPeakUnits"), xl.get("plannedPeakUnits"));
        assertTrue(xl.get("exceeded").get("probability").asDouble() > 0.95, xl.toString());
        assertTrue(b.get("exceeded").get("probability").asDouble() < 0.5, b.toString());
        CliRun table = run("simulate", EXAMPLE, "--runs", "200", "--set", "audience.FINAL=x3");
        assertTrue(table.out().contains("What-ifs: audience.FINAL=x3"), table.out());
        assertTrue(table.out().contains("made from the unmodified scenario"), table.out());
    }

    @Test
    void simulate_pricedScenario_printsPlanAndNeedCost() throws Exception {
        CliRun r = run("simulate", priced().toString(), "--runs", "1000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Cost (prices per unit-hour from the scenario):"), r.out());
        for (String column : new String[] {"PRICE", "PLAN UNIT-H", "NEED MEAN", "+/- SE", "NEED P90",
                "OVER-PROVISIONED"}) {
            assertTrue(r.out().contains(column), column);
        }
        assertTrue(r.out().contains("mean and P90 of the 1,000 runs, +/- SE the mean's standard error"), r.out());
        assertTrue(r.out().contains("0.17/h"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("total")), r.out());
        JsonNode json = PlanJson.mapper().readTree(run("simulate", tmp.toString(), "--runs", "1000", "-o", "json").out());
        JsonNode cost = json.get("layers").get(0).get("cost");
        assertEquals(0.17, cost.get("pricePerUnitHour").asDouble());
        assertTrue(cost.get("need").get("mean").asDouble() < cost.get("plan").asDouble(), cost.toString());
        assertEquals(cost.get("plan").asDouble(), json.get("cost").get("plan").asDouble(), 1e-9);
        assertEquals(1000, json.get("cost").get("needRuns").asInt());
        assertTrue(json.get("cost").get("need").get("standardError").asDouble() > 0, json.get("cost").toString());
    }

    @Test
    void simulate_namedWhatIf_appliesTheScenariosOverrides() throws Exception {
        CliRun r = run("simulate", priced().toString(), "--runs", "500", "--what-if", "storm", "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals("surge.FINAL=+10%@60m/5m", PlanJson.mapper().readTree(r.out()).get("whatIfs").get(0).asText());
    }

    @Test
    void simulate_unknownWhatIfKey_exitsOneNamingTheKeyAndTheKnownForms() {
        CliRun r = run("simulate", EXAMPLE, "--runs", "10", "--set", "audiance.FINAL=x3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown what-if key 'audiance.FINAL'"), r.err());
        assertTrue(r.err().contains("audience.EVENT_ID=x3") && r.err().contains("heartbeat.LAYER.every=5m"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void simulate_whatIfOnUnknownEvent_exitsOneNamingTheEvents() {
        CliRun r = run("simulate", EXAMPLE, "--runs", "10", "--set", "audience.NOPE=x3");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no event 'NOPE'") && r.err().contains("FINAL"), r.err());
    }

    @Test
    void simulate_unknownNamedWhatIf_exitsOneListingTheNames() throws Exception {
        CliRun r = run("simulate", priced().toString(), "--what-if", "hurricane");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no what-if 'hurricane'") && r.err().contains("storm"), r.err());
    }

    @Test
    void simulate_zeroRuns_isAUsageError() {
        CliRun r = run("simulate", EXAMPLE, "--runs", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--runs must be at least 1"), r.err());
    }

    @Test
    void simulate_help_describesEveryOptionAndTheWhatIfs() {
        CliRun r = run("simulate", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--runs", "--seed", "--set", "--what-if", "--threads", "--quiet", "--output",
                "--at", "surge.EVENT=+10%@60m/5m", "capacity.LAYER=-33%"}) {
            assertTrue(r.out().contains(o), o + " in " + r.out());
        }
        assertTrue(run("--help").out().contains("simulate"));
    }
}
