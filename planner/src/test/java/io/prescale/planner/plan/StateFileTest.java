package io.prescale.planner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateFileTest {
    private static final Set<String> LAYERS = Set.of("web", "api");
    private static final Instant AT = Instant.parse("2026-06-12T12:00:00Z");
    private final Diagnostics diags = new Diagnostics();

    @Test
    void parse_unitsAndObservedAt_read() {
        Optional<ObservedState> s = StateFile.parse("state.json",
                "{\"units\": {\"web\": 40, \"api\": 0}, \"observedAt\": \"2026-06-12T18:00:00Z\"}", LAYERS, AT, diags);

        assertEquals(Map.of("web", 40, "api", 0), s.orElseThrow().units());
        assertEquals(Instant.parse("2026-06-12T18:00:00Z"), s.get().observedAt());
        assertEquals("state-file state.json", s.get().source());
    }

    @Test
    void parse_flatForm_readAsUnitsObservedAtThePlanningInstant() {
        Optional<ObservedState> s = StateFile.parse("state.json", "{\"web\": 3}", LAYERS, AT, diags);

        assertEquals(Map.of("web", 3), s.orElseThrow().units());
        assertEquals(AT, s.get().observedAt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            fractional units (were rounded down)  | {"units": {"web": 1.5}}           | 1:19 | units.web  | expected a whole number of units from 0, found 1.5
            2.0 is not written as a whole number  | {"web": 2.0}                      | 1:9  | web        | found 2.0
            a list (was read as nothing observed) | []                                | 1:1  | ``         | expected a JSON object of units, found a list
            a key twice (the last one won)        | `{"web": 3,\n "web": 300}`        | 2:9  | web        | layer web given twice (first on line 1
            broken JSON, without parser internals | {"web":                           | 1:8  | ``         | not valid JSON: Unexpected end-of-input
            units as text                         | {"units": "x"}                    | 1:11 | units      | expected an object of layer: units, found the text "x"
            observedAt that is no time            | {"observedAt": "yesterday"}       | 1:16 | observedAt | observedAt "yesterday" is not a date and time
            observedAt on November 31             | {"observedAt": "2026-11-31T00:00:00Z"} | 1:16 | observedAt | no such day
            observedAt as a number                | {"observedAt": 5}                 | 1:16 | observedAt | found 5
            a negative count                      | {"units": {"web": -1}}            | 1:19 | units.web  | from 0 to 2147483647, found -1
            a count past int                      | {"units": {"web": 99999999999}}   | 1:19 | units.web  | found 99999999999
            null                                  | {"units": {"web": null}}          | 1:19 | units.web  | found null
            an unknown layer                      | {"unitz": {"web": 3}}             | 1:11 | unitz      | names no layer of the scenario (layers: api, web)
            units and flat layers mixed           | {"units": {"web": 3}, "api": 1}   | 1:31 | ``         | either under "units" or at the top
            two objects                           | {"web": 3} {"api": 1}             | 1:12 | ``         | more after the state file's object
            """)
    void parse_badStateFile_oneErrorWithLineAndField(String name, String json, String at, String field, String message) {
        Optional<ObservedState> s = StateFile.parse("state.json", json.replace("\\n", "\n"), LAYERS, AT, diags);

        assertTrue(s.isEmpty());
        List<Diagnostic> errors = diags.errors();
        assertEquals(1, errors.size(), errors.toString());
        String shown = errors.get(0).format();
        assertTrue(shown.startsWith("state.json:" + at + ": error: " + (field == null || field.isEmpty() ? "" : field + ": ")), shown);
        assertTrue(shown.contains(message), shown);
        assertTrue(!shown.matches("(?s).*(?:com\\.fasterxml|java\\.|StreamRead|Exception).*"), shown);
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a list nested 100000 deep (two errors, one without a line) | [%s]                          | 1:1: error:  | expected a JSON object of units, found a list
            a unit count nested 5000 deep (two errors)                 | {"units": {"web": [%s]}}      | 1:19: error: | units.web: expected a whole number of units from 0, found a list
            a skipped block nested 5000 deep (no line)                 | {"web": 1, "source": [%s]}    | 1:     | not valid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)
            a count as text of 900 kB (quoted back whole)              | {"web": "%s"}                 | 1:9: error:  | found the text "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
            """)
    void parse_stateFilePastJsonLimits_oneErrorAtItsLine(String name, String template, String at, String message) {
        String filler = name.contains("900 kB") ? "x".repeat(900_000)
                : "[".repeat(name.contains("100000") ? 99_999 : 4_999) + "]".repeat(name.contains("100000") ? 99_999 : 4_999);
        Optional<ObservedState> s = StateFile.parse("state.json", template.formatted(filler), LAYERS, AT, diags);

        assertTrue(s.isEmpty());
        List<Diagnostic> errors = diags.errors();
        assertEquals(1, errors.size(), errors.toString().substring(0, Math.min(2000, errors.toString().length())));
        String shown = errors.get(0).format();
        assertTrue(shown.startsWith("state.json:" + at), shown.substring(0, Math.min(300, shown.length())));
        assertTrue(shown.contains(message), shown.substring(0, Math.min(300, shown.length())));
        assertTrue(shown.length() < 400, "quoted back whole: " + shown.length() + " characters");
    }
    @Test
    void parse_emptyFile_errorAtLineOne() {
        Optional<ObservedState> s = StateFile.parse("state.json", "  \n", LAYERS, AT, diags);

        assertTrue(s.isEmpty());
        assertEquals("state.json:1: error: the state file is empty (write e.g. {\"units\": {\"web\": 40}})",
                diags.errors().get(0).format());
    }
}
