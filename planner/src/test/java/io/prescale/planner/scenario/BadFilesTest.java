package io.prescale.planner.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole files that are broken (not text, the wrong shape, past a limit) and dates that do not exist, each one change
 * to a small valid scenario made of several files: exactly one error, at the file and line that is wrong, and no
 * second error caused by the first (issue 12's reproducers).
 */
class BadFilesTest {
    @TempDir
    Path dir;

    static Map<String, byte[]> valid() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("prescale.yaml", """
                name: tiny
                zone: UTC
                plan: {from: 2026-06-12T12:00:00Z, horizon: 30d}
                calendar: fixtures.yaml
                audience: audience.yaml
                shapes: shapes.yaml
                layers: layers.yaml
                baseline: {web: 2}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("fixtures.yaml", """
                events:
                  - {id: m1, title: A vs B, kickoff: 2026-06-13T19:00:00Z, teams: [A, B], stage: group}
                  - {id: m2, title: C vs D, kickoff: 2026-06-14T19:00:00Z, teams: [C, D], stage: group}
                """.getBytes(StandardCharsets.UTF_8));
        files.put("audience.yaml", "base: {p50: 100k, p90: 150k}\nteams: {A: 2x}\n".getBytes(StandardCharsets.UTF_8));
        files.put("shapes.yaml", "football:\n  type: match\n  preMatch: 30m\n".getBytes(StandardCharsets.UTF_8));
        files.put("layers.yaml", """
                - {name: web, unit: instances, rpsPerUnit: 100rps, min: 2, terms: [{type: per-viewer, every: 10s}]}
                - {name: api, unit: instances, rpsPerUnit: 200rps, min: 1, terms: [{type: per-viewer, every: 30s}]}
                """.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static Arguments replaced(String name, String file, String text, String at, String message) {
        return replaced(name, file, text.getBytes(StandardCharsets.UTF_8), at, message);
    }

    static Arguments replaced(String name, String file, byte[] bytes, String at, String message) {
        return Arguments.of(name, file, bytes, at, message);
    }

    static Arguments edited(String name, String file, String from, String to, String at, String message) {
        String text = new String(valid().get(file), StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(from + " not in " + file);
        }
        return replaced(name, file, text.replace(from, to), at, message);
    }

    static Stream<Arguments> brokenFiles() {
        byte[] utf16 = "base: {p50: 100k}\n".getBytes(StandardCharsets.UTF_16);
        byte[] utf16le = "base: {p50: 100k}\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] latin1 = "events:\n  - {id: m1, title: Caf\u00e9, kickoff: 2026-06-13T19:00:00Z, stage: group}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder bomb = new StringBuilder("base: {p50: 100k}\n");
        bomb.append("x: &a [1, 2, 3]\n");
        for (int i = 0; i < 60; i++) {
            bomb.append("k").append(i).append(": *a\n");
        }
        return Stream.of(
                replaced("UTF-16 with a byte-order mark", "audience.yaml", utf16, "audience.yaml:1:1", "UTF-16"),
                replaced("UTF-16 without a byte-order mark", "audience.yaml", utf16le, "audience.yaml:1:1", "UTF-16"),
                replaced("a NUL byte", "layers.yaml", "- {name: web\0}\n", "layers.yaml:1:13", "NUL byte"),
                replaced("binary content", "fixtures.yaml", new byte[] {'e', 'v', '\n', (byte) 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0},
                        "fixtures.yaml:2:8", "NUL byte"),
                replaced("Latin-1, not UTF-8", "fixtures.yaml", latin1, "fixtures.yaml:2:24", "not UTF-8"),
                replaced("a control character YAML refuses", "audience.yaml", "base: {p50: 100k}\nteams: {A: 2x\u0001}\n",
                        "audience.yaml:2:14", "U+0001"),
                replaced("an alias bomb", "audience.yaml", bomb.toString(), "audience.yaml:53:6",
                        "more than 50 aliases"),
                replaced("audience file whose root is a list", "audience.yaml", "- 1\n- 2\n", "audience.yaml:1:1",
                        "expected a map of audience rules"),
                replaced("audience file whose root is a value", "audience.yaml", "hello\n", "audience.yaml:1:1",
                        "expected a map of audience rules"),
                replaced("shapes file whose root is a list", "shapes.yaml", "- match\n", "shapes.yaml:1:1",
                        "expected a map of named audience shapes"),
                replaced("an empty audience file: no error per event", "audience.yaml", "", "audience.yaml",
                        "the file is empty"),
                edited("a broken layer named in the baseline", "layers.yaml", "rpsPerUnit: 100rps", "rpsPerUnit: NaNrps",
                        "layers.yaml:1:44", "expected a rate"),
                edited("a layer with an empty name", "layers.yaml", "name: api", "name: \"\"", "layers.yaml:2:10",
                        "must not be empty"),
                edited("an empty event id", "fixtures.yaml", "id: m1", "id: \"\"", "fixtures.yaml:2:10",
                        "an event's id must not be empty"),
                replaced("a shape written as a value (was the default football shape)", "shapes.yaml",
                        "football: match\n", "shapes.yaml:1:11", "expected a shape: a map"),
                edited("November 31", "fixtures.yaml", "2026-06-13T19:00:00Z", "2026-11-31T19:00:00Z",
                        "fixtures.yaml:2:38", "no such day"),
                edited("February 29 of a common year", "fixtures.yaml", "2026-06-13T19:00:00Z", "2026-02-29T19:00:00+02:00",
                        "fixtures.yaml:2:38", "not a leap year"),
                edited("November 31 with a zone name", "fixtures.yaml", "2026-06-13T19:00:00Z", "\"2026-11-31 19:00 UTC\"",
                        "fixtures.yaml:2:38", "no such day"),
                edited("plan.from on February 29 of a common year", "prescale.yaml", "2026-06-12T12:00:00Z",
                        "2026-02-29T12:00:00Z", "prescale.yaml:3:14", "not a leap year"),
                replaced("a goal surge written as a list: not also 'needs joins or share'", "shapes.yaml",
                        "football:\n  type: match\n  goalSurge: [{share: 8%, within: 90s}]\n", "shapes.yaml:3:14",
                        "expected a map of name: value, found a list"),
                edited("a required id with no value: not also 'missing required field'", "fixtures.yaml", "id: m1,",
                        "id: ,", "fixtures.yaml:2:9", "no value"),
                replaced("a broken shape named by shapeByStage: not also 'unknown shape' or 'needs two points'",
                        "prescale.yaml", """
                        name: tiny
                        zone: UTC
                        plan: {from: 2026-06-12T12:00:00Z, horizon: 30d}
                        calendar: fixtures.yaml
                        audience: audience.yaml
                        shapes: {special: {type: keyframes, points: x}}
                        shapeByStage: {group: special}
                        layers: layers.yaml
                        """, "prescale.yaml:6:45", "expected a keyframe"),
                edited("a target type with no value: not also 'missing type' or 'missing rpsPerUnit'", "layers.yaml",
                        "- {name: web, unit: instances, rpsPerUnit: 100rps,", "- {name: web, unit: instances, target: {type: },",
                        "layers.yaml:1:46", "no value"),
                edited("a rate per unit with no value: not also 'missing rpsPerUnit'", "layers.yaml",
                        "- {name: web, unit: instances, rpsPerUnit: 100rps,", "- {name: web, unit: instances, rpsPerUnit: ,",
                        "layers.yaml:1:43", "no value"),
                edited("a baseline entry with no value (was no baseline)", "prescale.yaml", "baseline: {web: 2}",
                        "baseline: {web: }", "prescale.yaml:8:16", "no value"),
                edited("a value deleted, asked for twice by its reader", "layers.yaml", "min: 2,", "min: ,",
                        "layers.yaml:1:56", "no value"),
                // one mistake, one error: a value that is no number was also reported as negative, or below P50
                edited("an infinite P50", "audience.yaml", "p50: 100k", "p50: Infinity", "audience.yaml:1:13",
                        "expected a number"),
                edited("a P90 that is no number", "audience.yaml", "p90: 150k", "p90: lots", "audience.yaml:1:24",
                        "expected a number"),
                edited("a triangular minimum that is no number", "audience.yaml", "base: {p50: 100k, p90: 150k}",
                        "base: {distribution: triangular, min: x, mode: 100k, max: 200k}", "audience.yaml:1:39", "expected a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void load_brokenFile_oneErrorAtItsLine(String name, String file, byte[] bytes, String at, String message)
            throws IOException {
        // given
        Map<String, byte[]> files = valid();
        files.put(file, bytes);
        write(files);

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH));

        // then
        List<String> errors = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
        assertEquals(1, errors.size(), "one error, no follow-on: " + errors);
        assertTrue(errors.get(0).contains("/" + at + ": error: "), errors.get(0) + " should be at " + at);
        assertTrue(errors.get(0).contains(message), errors.get(0) + " should say " + message);
    }

    @Test
    void load_yamlFileOverTheLimit_errorAtTheLineTheLimitFallsOn() throws IOException {
        // given: a description line that is 4 MB long, on line 9
        Map<String, byte[]> files = valid();
        files.put("prescale.yaml", (new String(files.get("prescale.yaml"), StandardCharsets.UTF_8) + "description: "
                + "x".repeat(4_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
        write(files);

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH));

        // then
        String error = e.diagnostics().get(0).format();
        assertTrue(error.contains("prescale.yaml:9: error: the file is 3.8 MB, more than the 3 MB limit"), error);
    }

    @Test
    void load_audienceLinkLoop_saysItLeadsNowhere() throws IOException {
        // given
        Map<String, byte[]> files = valid();
        files.remove("audience.yaml");
        write(files);
        Files.createSymbolicLink(dir.resolve("audience.yaml"), dir.resolve("loop"));
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("audience.yaml"));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH));

        // then
        assertEquals(1, e.diagnostics().stream().filter(Diagnostic::isError).count(), e.diagnostics().toString());
        String error = e.diagnostics().get(0).format();
        assertTrue(error.contains("prescale.yaml:5:11: error: audience: cannot read audience.yaml: is a symbolic link "
                + "that leads nowhere"), error);
    }

    private void write(Map<String, byte[]> files) throws IOException {
        for (var f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }
}
