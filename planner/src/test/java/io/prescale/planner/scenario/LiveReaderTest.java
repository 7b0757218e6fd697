package io.prescale.planner.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveReaderTest {
    @TempDir
    Path dir;

    static String scenario(String live) {
        return ScenarioValidationTest.VALID + live;
    }

    @Test
    void load_prometheusSourceWithBearerAuth_readsItAndPlansTheLayerForTheLoop() {
        TestScenarios.write(dir, Map.of("prescale.yaml", scenario("""
                live:
                  delay: 2m
                  observe:
                    edge: {type: prometheus, url: "http://127.0.0.1:9090", query: "sum(rate(x[1m]))", auth: bearer, tokenEnv: PROM_TOKEN}
                """)));

        Scenario s = TestScenarios.load(dir);

        LiveConfig live = s.live();
        assertTrue(live.observes("edge"));
        assertEquals(Duration.ofMinutes(2), live.delay());
        assertEquals("PROM_TOKEN", live.observe().get("edge").settings().get("tokenEnv"));
    }

    @Test
    void load_learnSection_readsItWithItsDefaults() {
        TestScenarios.write(dir, Map.of("prescale.yaml", scenario("""
                live:
                  observe:
                    edge: {type: trace, file: t.csv}
                  learn: {structure: structure, into: learned, halfLife: 7d}
                """)));

        var learn = TestScenarios.load(dir).live().learn().orElseThrow();

        assertEquals("edge", learn.layer(), "the only observed layer");
        assertEquals(Duration.ofDays(28), learn.history());
        assertEquals(Duration.ofMinutes(15), learn.after(), "the layer's cool-down");
        assertEquals(Duration.ofDays(7), learn.halfLife().orElseThrow());
        assertTrue(!learn.acceptWorse());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown layer      | observe: {web: {type: trace, file: t.csv}}                             | live.observe.web        | no layer 'web'",
            "unknown type       | observe: {edge: {type: datadog, query: x}}                              | live.observe.edge.type  | unknown metric source type 'datadog'",
            "missing query      | observe: {edge: {type: prometheus, url: 'http://p:9090'}}               | live.observe.edge.query | query",
            "not a URL          | observe: {edge: {type: prometheus, url: 'p:9090', query: up}}           | live.observe.edge.url   | http(s) URL",
            "bearer no token    | observe: {edge: {type: prometheus, url: 'http://p', query: up, auth: bearer}} | live.observe.edge | tokenEnv",
            "unknown key        | observe: {edge: {type: trace, file: t.csv, password: hunter2}}          | live.observe.edge.password | password",
            "bad statistic      | observe: {edge: {type: cloudwatch, namespace: AWS/ApplicationELB, metric: RequestCount, stat: Median}} | live.observe.edge.stat | unknown statistic",
            "quantile below p50 | {quantile: p10, observe: {edge: {type: trace, file: t.csv}}}            | live.quantile           | p50 or above",
            "stale at once      | {staleAfter: 0s, observe: {edge: {type: trace, file: t.csv}}}         | live.staleAfter         | must be longer than zero",
            "learn no structure | {observe: {edge: {type: trace, file: t.csv}}, learn: {into: learned}}    | live.learn.structure    | structure",
            "learn into itself  | {observe: {edge: {type: trace, file: t.csv}}, learn: {structure: s, into: s}} | live.learn.into  | never from its own output",
            "learn outside      | {observe: {edge: {type: trace, file: t.csv}}, learn: {structure: ../s, into: l}} | live.learn.structure | inside the scenario's folder",
            "learn long history | {observe: {edge: {type: trace, file: t.csv}}, learn: {structure: s, into: l, history: 40d}} | live.learn.history | at most 30d",
            "learn unobserved   | {observe: {edge: {type: trace, file: t.csv}}, learn: {layer: api, structure: s, into: l}} | live.learn.layer | no metric source",
            "learn typo         | {observe: {edge: {type: trace, file: t.csv}}, learn: {structure: s, into: l, halflife: 7d}} | live.learn.halflife | did you mean 'halfLife'",
    })
    void load_brokenLiveSection_errorNamesTheField(String name, String yaml, String field, String message) {
        String body = yaml.startsWith("{") ? "live: " + yaml + "\n" : "live:\n  " + yaml + "\n";
        TestScenarios.write(dir, Map.of("prescale.yaml", scenario(body)));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));

        List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic d = errors.stream().filter(x -> x.format().contains(message)).findFirst()
                .orElseGet(() -> fail("no error containing \"" + message + "\" in " + errors));
        assertTrue(d.location().field().startsWith(field), d.format());
        assertTrue(d.location().line() > 25, "points into the live section: " + d.format());
    }
}
