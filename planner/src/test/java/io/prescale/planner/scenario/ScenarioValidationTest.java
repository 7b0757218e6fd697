package io.prescale.planner.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule: a valid scenario is broken in one place (marked {@code #<-}), and the error must name the
 * file, that line, the field, and the rule.
 */
class ScenarioValidationTest {

    static final String VALID = """
            name: valid
            zone: Europe/London
            plan:
              from: 2026-06-01T00:00:00Z
              quantile: p90
            events:
              - id: ENG-CRO
                stage: semi-final
                teams: [England, Croatia]
                kickoff: 2026-07-11T19:00:00+01:00
                region: UK
            audience:
              base: {p50: 1M, p90: 1.5M}
            layers:
              - name: edge
                unit: instances
                rpsPerUnit: 400rps
                headroom: 20%
                min: 10
                max: 500
                warmup: 5m
                target: {type: aws-asg, name: edge-asg}
                terms:
                  - {type: per-viewer, every: 30s}
            baseline: {edge: 10}
            """;

    record Case(String name, String yaml, String field, String message) {
        /** Marks the line (first containing {@code text}) the error must point at, when it is not the changed one. */
        Case marking(String text) {
            return new Case(name, yaml.replaceFirst(java.util.regex.Pattern.quote(text), text + " #<-"), field, message);
        }

        Arguments arguments() {
            int line = 0;
            List<String> lines = yaml.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("#<-")) {
                    line = i + 1;
                }
            }
            return Arguments.of(name, yaml, line, field, message);
        }
    }

    static Stream<Arguments> brokenScenarios() {
        return Stream.of(
                broken("rate without unit", "rpsPerUnit: 400rps", "rpsPerUnit: 400 #<-",
                        "layers[0].rpsPerUnit", "expected a rate with a unit"),
                broken("typo in a field name", "rpsPerUnit: 400rps", "rpsPerUnt: 400rps #<-",
                        "layers[0].rpsPerUnt", "did you mean 'rpsPerUnit'"),
                broken("max below min", "max: 500", "max: 5 #<-", "layers[0].max", "max must be at least min"),
                broken("headroom above 100%", "headroom: 20%", "headroom: 120% #<-", "layers[0].headroom",
                        "between 0% and 100%"),
                broken("unknown capacity unit", "unit: instances", "unit: widgets #<-", "layers[0].unit",
                        "unknown capacity unit 'widgets'"),
                broken("unknown term type", "{type: per-viewer, every: 30s}", "{type: per-viewr, every: 30s} #<-",
                        "layers[0].terms[0].type", "unknown term type 'per-viewr'"),
                broken("egress on a request layer", "{type: per-viewer, every: 30s}",
                        "{type: egress, bitrate: 5Mbps} #<-", "layers[0].terms[0]", "needs a bandwidth layer"),
                broken("heartbeat faster than a minute", "{type: per-viewer, every: 30s}",
                        "{type: heartbeat, every: 30s} #<-", "layers[0].terms[0].every", "at least 1m apart"),
                broken("per-viewer with neither every nor rate", "{type: per-viewer, every: 30s}",
                        "{type: per-viewer} #<-", "layers[0].terms[0]", "needs every"),
                broken("kickoff without a zone", "kickoff: 2026-07-11T19:00:00+01:00", "kickoff: 2026-07-11T19:00 #<-",
                        "events[0].kickoff", "has no time zone"),
                broken("kickoff with an unknown zone", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 2026-07-11 19:00 Mars/Olympus #<-", "events[0].kickoff", "unknown time zone 'Mars/Olympus'"),
                broken("kickoff without a time", "kickoff: 2026-07-11T19:00:00+01:00", "kickoff: 2026-07-11 #<-",
                        "events[0].kickoff", "no time"),
                broken("event without id", "- id: ENG-CRO", "- title: England v Croatia #<-", "events[0].id",
                        "missing required field 'id'"),
                broken("negative delay", "region: UK", "region: UK\n    delay: -5m #<-", "events[0].delay",
                        "must not be negative"),
                broken("P90 below P50", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 500k} #<-",
                        "audience.base.p90", "P90 must not be below P50"),
                broken("unknown distribution", "base: {p50: 1M, p90: 1.5M}", "base: {distribution: weibull} #<-",
                        "audience.base.distribution", "unknown distribution 'weibull'"),
                broken("baseline for an unknown layer", "baseline: {edge: 10}", "baseline: {edgy: 10} #<-",
                        "baseline.edgy", "baseline names unknown layer 'edgy'"),
                broken("unknown target type", "{type: aws-asg, name: edge-asg}", "{type: gcp-mig, name: x} #<-",
                        "layers[0].target.type", "unknown target type 'gcp-mig'"),
                broken("target without a name", "{type: aws-asg, name: edge-asg}", "{type: aws-asg} #<-",
                        "layers[0].target.name", "missing required field 'name'"),
                broken("bad quantile", "quantile: p90", "quantile: p150 #<-", "plan.quantile",
                        "between p1 and p99.9"),
                broken("layer without terms", "    terms:\n      - {type: per-viewer, every: 30s}\n", "",
                        "layers[0]", "needs terms").marking("  - name: edge"),
                broken("unknown top-level field", "baseline: {edge: 10}", "baseline: {edge: 10}\nbaselines: {} #<-",
                        "baselines", "unknown field 'baselines'"),
                broken("negative min", "min: 10", "min: -1 #<-", "layers[0].min", "must not be negative"),
                broken("target type's check on the layer", "{type: aws-asg, name: edge-asg}", "{type: cdn, name: E2Q}",
                        "layers[0].unit", "counted in Gbps").marking("unit: instances"),
                broken("target setting the type does not have", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-asg, name: edge-asg, regoin: eu-west-1} #<-", "layers[0].target.regoin",
                        "unknown field 'regoin'"),
                broken("event naming an unknown shape", "region: UK", "region: UK\n    shape: rugby",
                        "events[0].shape", "unknown shape 'rugby'").marking("  - id: ENG-CRO"),
                broken("prior with a zero factor", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1.5M}\n"
                        + "  stages: {semi-final: {factor: 0, uncertainty: 50%}} #<-", "audience.stages.semi-final.factor",
                        "must be above 0"),
                broken("prior with a negative uncertainty", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1.5M}\n"
                        + "  teams: {England: {factor: 1.5, uncertainty: -10%}} #<-", "audience.teams.England.uncertainty",
                        "between 0% and 1000%"),
                broken("prior with an unknown key", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1.5M}\n"
                        + "  teams: {England: {factor: 1.5, sigma: 10%}} #<-", "audience.teams.England.sigma",
                        "unknown field 'sigma'"),
                broken("background profile with 23 hours", "warmup: 5m", "warmup: 5m\n    background:\n      weekday: ["
                        + "1rps, ".repeat(22) + "1rps] #<-\n      weekend: 1rps", "layers[0].background.weekday",
                        "expected 24 loads"),
                broken("background profile without weekends", "warmup: 5m",
                        "warmup: 5m\n    background:\n      weekday: 300rps #<-", "layers[0].background.weekend",
                        "missing required field 'weekend'"),
                broken("background profile hour without a unit", "warmup: 5m",
                        "warmup: 5m\n    background:\n      weekday: 300rps\n      weekend: 300 #<-",
                        "layers[0].background.weekend", "expected a rate with a unit"),
                broken("background profile negative spread", "warmup: 5m",
                        "warmup: 5m\n    background:\n      weekday: 300rps\n      weekend: 200rps\n      spread: -5% #<-",
                        "layers[0].background.spread", "not negative"))
                .map(Case::arguments);
    }

    /** Numbers Java parses but no scenario means: NaN, infinities, negatives, more than an int holds. */
    static Stream<Arguments> impossibleNumbers() {
        return Stream.of(
                broken("NaN headroom", "headroom: 20%", "headroom: NaN% #<-", "layers[0].headroom",
                        "must be a finite number"),
                broken("infinite rate per unit", "rpsPerUnit: 400rps", "rpsPerUnit: 1e309rps #<-",
                        "layers[0].rpsPerUnit", "must be a finite number"),
                broken("infinite amplification", "warmup: 5m", "warmup: 5m\n    amplification: Infinity #<-",
                        "layers[0].amplification", "must be a finite number"),
                broken("NaN amplification", "warmup: 5m", "warmup: 5m\n    amplification: NaN #<-",
                        "layers[0].amplification", "must be a finite number"),
                broken("negative background", "warmup: 5m", "warmup: 5m\n    background: -200krps #<-",
                        "layers[0].background", "must not be negative"),
                broken("negative background profile hour", "warmup: 5m",
                        "warmup: 5m\n    background:\n      weekday: 300rps\n      weekend: -300rps #<-",
                        "layers[0].background.weekend", "must not be negative"),
                broken("negative per-join requests", "{type: per-viewer, every: 30s}",
                        "{type: per-viewer, every: 30s}\n      - {type: per-join, requests: -3} #<-",
                        "layers[0].terms[1].requests", "must not be negative"),
                broken("negative ad-break term window", "{type: per-viewer, every: 30s}",
                        "{type: per-viewer, every: 30s}\n      - {type: ad-break, requests: 1, within: -2m} #<-",
                        "layers[0].terms[1].within", "must not be negative"),
                broken("negative ad-break window", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {adBreaks: {at: [45m], window: -3m}}} #<-",
                        "shapes.football.adBreaks.window", "must not be negative"),
                broken("negative log-normal sigma", "base: {p50: 1M, p90: 1.5M}",
                        "base: {distribution: lognormal, median: 1M, sigma: -0.3} #<-", "audience.base.sigma",
                        "must not be negative"),
                broken("NaN log-normal sigma", "base: {p50: 1M, p90: 1.5M}",
                        "base: {distribution: lognormal, median: 1M, sigma: NaN} #<-", "audience.base.sigma",
                        "must be a finite number"),
                broken("negative audience", "base: {p50: 1M, p90: 1.5M}", "base: -1M #<-", "audience.base",
                        "must not be negative"),
                broken("infinite audience", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1e400} #<-",
                        "audience.base.p90", "must be a finite number"),
                broken("baseline above an int", "baseline: {edge: 10}", "baseline: {edge: 1e308} #<-",
                        "baseline.edge", "too large: at most 2147483647"),
                broken("max above an int", "max: 500", "max: 3e9 #<-", "layers[0].max",
                        "too large: at most 2147483647"),
                // finite, but each planned as the layers' max with no word (a plan showed "InfinityT rps")
                broken("level of 1e308%", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {kickoffLevel: 1e308%}} #<-",
                        "shapes.football.kickoffLevel", "too large: a level or factor is at most 1000x"),
                broken("team factor of 1e308", "base: {p50: 1M, p90: 1.5M}",
                        "base: {p50: 1M, p90: 1.5M}\n  teams: {England: 1e308} #<-", "audience.teams.England",
                        "too large: a level or factor is at most 1000x"),
                broken("P90 a million times P50 (NaN and 2^63 in the plan)", "base: {p50: 1M, p90: 1.5M}",
                        "base: {p50: 1e-320k, p90: 572k} #<-", "audience.base.p90", "P90 is more than 100 times P50"),
                broken("log-normal sigma of 50", "base: {p50: 1M, p90: 1.5M}",
                        "base: {distribution: lognormal, median: 1M, sigma: 50} #<-", "audience.base.sigma",
                        "at most 3.59"),
                broken("audience of 9223372036854775807", "base: {p50: 1M, p90: 1.5M}",
                        "base: {p50: 1M, p90: 9223372036854775807} #<-", "audience.base.p90",
                        "too large for an audience"),
                broken("amplification of 1e308", "warmup: 5m", "warmup: 5m\n    amplification: 1e308 #<-",
                        "layers[0].amplification", "too large: at most 10^15"),
                broken("rate per unit of 1e20", "rpsPerUnit: 400rps", "rpsPerUnit: 1e20rps #<-",
                        "layers[0].rpsPerUnit", "too large: at most 10^15"),
                broken("requests per join of 99999999999999999999", "{type: per-viewer, every: 30s}",
                        "{type: per-viewer, every: 30s}\n      - {type: per-join, requests: 99999999999999999999} #<-",
                        "layers[0].terms[1].requests", "too large: at most 10^15"))
                .map(Case::arguments);
    }

    /** Durations whose arithmetic overflowed (ArithmeticException, NegativeArraySizeException) or that no plan means. */
    static Stream<Arguments> overlongDurations() {
        return Stream.of(
                broken("warm-up of 106751991167300 days", "warmup: 5m", "warmup: 106751991167300d #<-",
                        "layers[0].warmup", "longer than 20 years"),
                broken("warm-up of Long.MAX_VALUE ms", "warmup: 5m", "warmup: 9223372036854775807ms #<-",
                        "layers[0].warmup", "longer than 20 years"),
                broken("ISO warm-up of 99999999999 days", "warmup: 5m", "warmup: P99999999999D #<-",
                        "layers[0].warmup", "longer than 20 years"),
                broken("negative ISO warm-up of 99999999999 days", "warmup: 5m", "warmup: -P99999999999D #<-",
                        "layers[0].warmup", "longer than 20 years"),
                broken("plan horizon of nothing", "quantile: p90", "quantile: p90\n  horizon: 0d #<-",
                        "plan.horizon", "must be longer than zero"),
                broken("plan stale at once", "quantile: p90", "quantile: p90\n  maxAge: 0h #<-",
                        "plan.maxAge", "must be longer than zero"),
                broken("plan horizon of 21 years", "quantile: p90", "quantile: p90\n  horizon: 7301d #<-",
                        "plan.horizon", "longer than 20 years"),
                broken("event delay of 106751991167300 days", "region: UK", "region: UK\n    delay: 106751991167300d #<-",
                        "events[0].delay", "longer than 20 years"),
                broken("match half of 99999999999 days", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {halfLength: P99999999999D}} #<-",
                        "shapes.football.halfLength", "longer than 20 years"),
                broken("match half of a year", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {halfLength: 365d}} #<-",
                        "shapes.football.halfLength", "longer than 1 day"),
                broken("ad break at 99999999999 days", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {adBreaks: {at: [P99999999999D]}}} #<-",
                        "shapes.football.adBreaks.at[0]", "longer than 20 years"))
                .map(Case::arguments);
    }

    /** Times java.time parses but whose arithmetic (a horizon, a warm-up before kickoff) overflows later. */
    static Stream<Arguments> timesOutsideTheYears() {
        return Stream.of(
                broken("plan from year -999999999", "from: 2026-06-01T00:00:00Z", "from: -999999999-01-01T00:00Z #<-",
                        "plan.from", "outside the years 1900-2200"),
                broken("kickoff in year 999999999", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: +999999999-12-31T23:59:59Z #<-", "events[0].kickoff", "outside the years 1900-2200"),
                broken("kickoff in 1899", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 1899-12-31T23:00:00Z #<-", "events[0].kickoff", "outside the years 1900-2200"),
                broken("kickoff in 2201 with a zone", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 2201-01-01 19:00 Europe/London #<-", "events[0].kickoff",
                        "outside the years 1900-2200"),
                broken("kickoff delayed past 2200", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 2200-12-31T19:00:00Z\n    delay: 3000d", "events[0].kickoff",
                        "outside the years 1900-2200").marking("  - id: ENG-CRO"))
                .map(Case::arguments);
    }

    /** A local kickoff in the hour the clocks skip: java.time moved it on by the gap, and planned it an hour late. */
    static Stream<Arguments> kickoffsTheClocksSkip() {
        return Stream.of(
                broken("kickoff at 01:30 the night the clocks go forward", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 2026-03-29 01:30 Europe/London #<-", "events[0].kickoff",
                        "kickoff \"2026-03-29 01:30 Europe/London\" does not exist in Europe/London: the clocks go "
                                + "forward from 01:00 to 02:00 that night"),
                broken("kickoff at 02:30 the night New York's clocks go forward", "kickoff: 2026-07-11T19:00:00+01:00",
                        "kickoff: 2026-03-08 02:30 America/New_York #<-", "events[0].kickoff",
                        "does not exist in America/New_York: the clocks go forward from 02:00 to 03:00"))
                .map(Case::arguments);
    }

    /**
     * Names no fixture has, from a damaged file: every row of a forecast and every change of a plan carried them (a
     * team name of 2 MB in a JSON feed made a forecast of 300 MB).
     */
    static Stream<Arguments> namesTooLong() {
        return Stream.of(
                broken("a team of a million characters", "teams: [England, Croatia]",
                        "teams: [England, " + "x".repeat(1_000_000) + "]", "events[0].teams",
                        "event teams of 1,000,000 characters (\"xxxxxxxx").marking("  - id: ENG-CRO"),
                broken("an id of 501 characters", "id: ENG-CRO", "id: " + "E".repeat(501) + " #<-", "events[0].id",
                        "event id of 501 characters"),
                broken("a title of 501 characters", "stage: semi-final", "stage: semi-final\n    title: "
                        + "T".repeat(501), "events[0].title", "at most 500").marking("  - id: ENG-CRO"),
                broken("a layer's name of 100,000 characters", "- name: edge", "- name: " + "L".repeat(100_000) + " #<-",
                        "layers[0].name", "a layer's name of 100,000 characters: at most 500"))
                .map(Case::arguments);
    }

    /** A value deleted, or a section of the wrong kind: once read as the default or an empty section, silently. */
    static Stream<Arguments> emptyOrWrongKind() {
        return Stream.of(
                broken("a layer's target with no value (was plan-only)", "target: {type: aws-asg, name: edge-asg}",
                        "target: #<-", "layers[0].target", "no value"),
                broken("a layer's max with no value (was no limit)", "max: 500", "max: #<-", "layers[0].max",
                        "no value"),
                broken("plan section written as a value (was ignored)", "plan:\n  from: 2026-06-01T00:00:00Z\n  quantile: p90",
                        "plan: soon #<-", "plan", "expected a map of name: value, found a value"),
                broken("ad breaks as an empty list (were the defaults)", "baseline: {edge: 10}",
                        "baseline: {edge: 10}\nshapes: {football: {adBreaks: []}} #<-", "shapes.football.adBreaks",
                        "expected a map of name: value, found a list"),
                broken("terms: [] (the layer stayed at its min)", "terms:\n      - {type: per-viewer, every: 30s}",
                        "terms: [] #<-", "layers[0].terms", "a layer needs terms"))
                .map(Case::arguments);
    }

    /** A key given twice: the loader reads the first, so the second must be an error at its own line. */
    static Stream<Arguments> duplicateKeys() {
        return Stream.of(
                broken("duplicate top-level key", "baseline: {edge: 10}", "baseline: {edge: 10}\nname: again #<-",
                        "name", "duplicate key 'name'"),
                broken("duplicate layer field", "headroom: 20%", "headroom: 20%\n    headroom: 50% #<-",
                        "layers[0].headroom", "duplicate key 'headroom'"),
                broken("duplicate key in a flow map", "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p50: 2M} #<-",
                        "audience.base.p50", "duplicate key 'p50'"),
                // a tag asks for a type prescale does not read (it was ignored: the text planned as if untagged)
                broken("a binary tag", "max: 500", "max: !!binary NTAw #<-", "layers[0].max",
                        "YAML tag !!binary is not read by prescale"),
                broken("a language object tag", "stage: semi-final", "stage: !!python/object:os.system semi-final #<-",
                        "events[0].stage", "YAML tag !!python/object:os.system is not read by prescale"),
                broken("a local tag on a map", "base: {p50: 1M, p90: 1.5M}", "base: !mine {p50: 1M, p90: 1.5M} #<-",
                        "audience.base", "YAML tag !mine is not read by prescale"))
                .map(Case::arguments);
    }

    private static Case broken(String name, String find, String replace, String field, String message) {
        if (!VALID.contains(find)) {
            throw new IllegalArgumentException("fixture does not contain: " + find);
        }
        return new Case(name, VALID.replace(find, replace), field, message);
    }

    @Test
    void validScenario_loads() {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", VALID)));
        assertEquals(1, s.events().size());
        assertEquals("edge", s.layers().get(0).name());
        assertEquals(0.9, s.plan().quantile(), 1e-9);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource({"brokenScenarios", "impossibleNumbers", "overlongDurations", "timesOutsideTheYears",
            "duplicateKeys", "emptyOrWrongKind", "namesTooLong", "kickoffsTheClocksSkip"})
    void load_brokenScenario_errorNamesFileLineFieldAndRule(String name, String yaml, int line, String field,
                                                            String message) {
        TestScenarios.write(dir, Map.of("prescale.yaml", yaml));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic d = errors.stream().filter(x -> x.format().contains(message)).findFirst()
                .orElseGet(() -> fail("no error containing \"" + message + "\" in " + errors));
        assertTrue(d.location().file().endsWith("prescale.yaml"), d.format());
        assertEquals(line, d.location().line(), d.format());
        assertEquals(field, d.location().field(), d.format());
    }

    @Test
    void load_errorsInSeveralFiles_allReportedInOneRun() {
        TestScenarios.write(dir, Map.of(
                "prescale.yaml", """
                        name: many
                        calendar: fixtures.yaml
                        audience: {base: 1M}
                        layers: layers.yaml
                        """,
                "fixtures.yaml", """
                        events:
                          - id: A
                            stage: group
                            kickoff: 2026-06-12 19:00
                          - id: A
                            stage: final
                            kickoff: 2026-06-13T19:00Z
                        """,
                "layers.yaml", """
                        layers:
                          - name: edge
                            unit: instances
                            rpsPerUnit: 400
                            terms: [{type: per-viewer, every: 6s}]
                          - name: edge
                            unit: pods
                            rpsPerUnit: 100rps
                            min: 5
                            max: 2
                            terms: [{type: per-viewer, every: 6s}]
                        """));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        List<String> errors = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
        assertTrue(errors.stream().anyMatch(s -> s.contains("fixtures.yaml:4:") && s.contains("no time zone")), errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.contains("layers.yaml:4:") && s.contains("rate with a unit")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(s -> s.contains("layers.yaml:10:") && s.contains("max must be at least min")),
                errors.toString());
        assertTrue(e.getMessage().contains(errors.size() + " error(s)"), e.getMessage());
    }

    @Test
    void load_duplicateEventIds_errorPointsToBothDefinitions() {
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace("    region: UK\n",
                "    region: UK\n  - id: ENG-CRO\n    stage: final\n    kickoff: 2026-07-15T19:00:00+01:00\n")));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        Diagnostic d = e.diagnostics().stream().filter(x -> x.summary().contains("duplicate event id")).findFirst()
                .orElseThrow();
        assertEquals(12, d.location().line());
        assertTrue(d.detail().contains("prescale.yaml:7"), d.detail());
    }

    @Test
    void load_missingCalendarFile_errorNamesTheReference() {
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace("events:", "calendar: missing.csv\nevents:")));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.summary().contains("cannot read")
                && d.summary().contains("missing.csv") && d.location().line() == 6), e.diagnostics().toString());
    }

    @ParameterizedTest(name = "calendar that is {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a directory", "a FIFO", "/dev/zero"})
    @org.junit.jupiter.api.Timeout(30) // a FIFO opened for reading blocks until someone writes
    void load_calendarNotARegularFile_refusedAtTheReferenceNamingTheFile(String kind) {
        // given
        Path calendar = TestScenarios.notARegularFile(kind, dir.resolve("fixtures.csv"));
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace("events:", "calendar: " + calendar + "\nevents:")));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));

        // then
        Diagnostic d = e.diagnostics().stream().filter(x -> x.summary().startsWith("cannot read")).findFirst()
                .orElseGet(() -> fail(e.diagnostics().toString()));
        assertTrue(d.summary().contains(calendar.getFileName().toString()), d.format());
        assertTrue(d.summary().contains(kind.equals("a directory") ? "is a directory" : "is not a regular file"), d.format());
        assertEquals(6, d.location().line(), d.format());
        assertTrue(!d.format().contains("Exception"), d.format());
    }

    @ParameterizedTest(name = "scenario file that is {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a directory", "a FIFO", "/dev/zero"})
    @org.junit.jupiter.api.Timeout(30)
    void load_scenarioFileNotARegularFile_refusedNamingTheFile(String kind) {
        // given: a directory is read as its prescale.yaml, so that is the one made a directory
        Path file = TestScenarios.notARegularFile(kind, dir.resolve(kind.equals("a directory") ? "s/prescale.yaml" : "s.yaml"));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(
                kind.equals("a directory") ? file.getParent() : file));

        // then
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.summary().startsWith("cannot read") && d.summary().contains(file.getFileName().toString()), d.format());
        assertTrue(!d.format().contains("Exception"), d.format());
    }

    @Test
    void load_6MbYamlString_refusedBeforeParsingNamingTheFile() throws java.io.IOException {
        // given: a 6 MB string took 11-24 s to reach SnakeYAML's own 3 MB limit, a 50 MB one over ten minutes
        Path file = dir.resolve("big.yaml");
        java.nio.file.Files.writeString(file, VALID.replace("events:", "description: " + "x".repeat(6 * 1024 * 1024)
                + "\nevents:"));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(file));

        // then
        assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.location().file().endsWith("big.yaml"), d.format());
        assertTrue(d.summary().equals("the file is 6.0 MB, more than the 3 MB limit; reading stops at this line"),
                d.format());
        assertEquals(VALID.substring(0, VALID.indexOf("events:")).lines().count() + 1, d.location().line(), d.format());
    }

    @Test
    void load_6MbIcsCalendar_refusedAtTheReference() throws java.io.IOException {
        // given
        java.nio.file.Files.writeString(dir.resolve("big.ics"), "BEGIN:VCALENDAR\n" + "X-PAD:x\n".repeat(800_000));
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace("events:", "calendar: big.ics\nevents:")));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));

        // then
        Diagnostic d = e.diagnostics().stream().filter(x -> x.summary().startsWith("cannot read")).findFirst()
                .orElseGet(() -> fail(e.diagnostics().toString()));
        assertTrue(d.summary().endsWith("big.ics: is 6.1 MB, more than the 5 MB limit"), d.summary());
        assertEquals(6, d.location().line(), d.format());
    }

    @Test
    void load_layersSectionFileIsADirectory_refusedAtTheReference() {
        TestScenarios.notARegularFile("a directory", dir.resolve("layers.yaml"));
        String yaml = VALID.substring(0, VALID.indexOf("layers:")) + "layers: layers.yaml\n";
        TestScenarios.write(dir, Map.of("prescale.yaml", yaml));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));

        Diagnostic d = e.diagnostics().stream().filter(x -> x.summary().startsWith("cannot read")).findFirst()
                .orElseGet(() -> fail(e.diagnostics().toString()));
        assertEquals("cannot read layers.yaml: is a directory, not a file", d.summary());
        assertEquals("layers", d.location().field());
    }

    @Test
    void load_invalidYaml_errorHasLine() {
        TestScenarios.write(dir, Map.of("prescale.yaml", "name: x\nlayers: [a, b\nevents: []\n"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.summary().startsWith("not valid YAML"), d.format());
        assertTrue(d.location().line() >= 2, d.format());
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "flow lists 20,000 deep    | '['   | ']'",
            "flow maps 20,000 deep     | '{a: ' | '}'",
            "block maps 65 deep        | ''    | ''"})
    void load_yamlNestedTooDeep_errorNamesTheFileNotAStackOverflow(String name, String open, String close) {
        // given
        String deep = open.isEmpty() ? blockMaps(65) : open.repeat(20_000) + close.repeat(20_000);
        TestScenarios.write(dir, Map.of("prescale.yaml", "name: deep\nlayers: " + deep + "\n"));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));

        // then
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.summary().contains("nested deeper than 64 levels"), d.format());
        assertTrue(d.location().file().endsWith("prescale.yaml"), d.format());
        assertTrue(d.location().line() >= 2, d.format());
    }

    private static String blockMaps(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("\n").append("  ".repeat(i + 1)).append("k:");
        }
        return sb.append(" 1").toString();
    }

    @Test
    void load_yamlNestedAsDeepAsAllowed_loadsNoDepthError() {
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID + "description: " + "[".repeat(63) + "]".repeat(63) + "\n"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        assertTrue(e.diagnostics().stream().noneMatch(d -> d.summary().contains("nested")), e.diagnostics().toString());
    }

    @Test
    void load_eventWithoutAudience_errorNamesEvent() {
        TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace("  base: {p50: 1M, p90: 1.5M}\n",
                "  teams: {England: 2}\n")));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        Diagnostic d = e.diagnostics().stream().filter(x -> x.summary().contains("no audience estimate for event ENG-CRO"))
                .findFirst().orElseThrow();
        assertEquals(7, d.location().line());
    }

    @Test
    void load_norwayIsAString_notFalse() {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml",
                VALID.replace("teams: [England, Croatia]", "teams: [NO, SE]"))));
        assertEquals(List.of("NO", "SE"), s.events().get(0).teams());
    }

    @Test
    void load_teamFactorNamingNoTeamOfTheCalendar_warnsWithTheNearestName(@org.junit.jupiter.api.io.TempDir Path dir) {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", VALID.replace(
                "base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1.5M}\n  teams: {Englnd: 1.5, \"*\": {}}"))));

        List<Diagnostic> w = s.warnings();
        assertEquals(1, w.size(), w.toString());
        assertEquals("team 'Englnd' is in no event of the calendar: did you mean 'England'?", w.get(0).summary());
        assertEquals("audience.teams.Englnd", w.get(0).location().field());
    }

    @Test
    void load_teamAliases_eventsNamedAsTheRulesNameThemAndTheFactorApplies(@org.junit.jupiter.api.io.TempDir Path dir) {
        // given: the feed calls the team "United States"; the rules call it USA
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", VALID
                .replace("teams: [England, Croatia]", "teams: [United States, Croatia]")
                .replace("base: {p50: 1M, p90: 1.5M}", "base: {p50: 1M, p90: 1.5M}\n"
                        + "  teams: {USA: {factor: 2, uncertainty: 0%, aliases: [United States, USMNT]}}"))));

        // then
        assertEquals(List.of("USA", "Croatia"), s.events().get(0).teams());
        assertEquals(2_000_000, s.audience().resolve(s.events().get(0)).orElseThrow().distribution().p50(), 1);
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void load_calendarAllDayKickoffs_plansTheAllDayRoundAndAWrongTimeIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) {
        String feed = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\nBEGIN:VEVENT\nUID:qf@feed\n"
                + "DTSTART;VALUE=DATE:20260709\nDTEND;VALUE=DATE:20260711\nSUMMARY:Quarter-finals\nEND:VEVENT\nEND:VCALENDAR\n";
        String yaml = VALID.replace("events:", "calendar: {file: feed.ics, zone: Europe/London, allDay: [\"17:00\", \"21:00\"]}\nevents:");
        Scenario s = TestScenarios.load(TestScenarios.write(dir.resolve("ok"), Map.of("prescale.yaml", yaml, "feed.ics", feed)));

        // four quarter-finals from one entry over two days, and the one inline semi-final
        assertEquals(5, s.events().size());
        assertEquals(4, s.events().stream().filter(e -> e.stage().key().equals("quarter-final")).count());
        assertTrue(s.warnings().stream().anyMatch(w -> w.summary().startsWith("all-day entry 'Quarter-finals' planned as 4")),
                s.warnings().toString());

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(TestScenarios.write(
                dir.resolve("bad"), Map.of("prescale.yaml", yaml.replace("\"21:00\"", "\"25:00\""), "feed.ics", feed))));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.location().field().equals("calendar.allDay[1]")
                && d.summary().contains("25:00")), e.diagnostics().toString());
    }
}
