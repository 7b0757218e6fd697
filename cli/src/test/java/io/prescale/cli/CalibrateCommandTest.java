package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale calibrate} in-process on the worldcup-1998-website loop: fragments written, fit reported. */
class CalibrateCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-12T12:00:00Z"), ZoneOffset.UTC);
    static final String STRUCTURE = "../examples/worldcup-1998-website/loop/structure";
    static final String TRACE = "../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv";

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(CLOCK, args);
    }

    @Test
    void calibrate_worldcupFirstMatches_writesFragmentsAndReportsTheFit() throws Exception {
        // when
        Path out = tmp.resolve("calibrated");
        CliRun r = run("calibrate", STRUCTURE, "--trace", TRACE, "--until", "1998-06-19T00:00+02:00", "--out", out.toString());

        // then: the same fragments as the example's loop/calibrated (apart from the trace's path in the header)
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on 22 events (22 slots, 3476 trace minutes) of layer web"), r.out());
        assertTrue(r.out().matches("(?s).*audience base P50 +5000 +7241 .*"), r.out());
        assertTrue(r.out().matches("(?s).*kickoff 20:00-24:00 +100.0% +57.3%\\n.*"), r.out());
        assertTrue(r.out().contains("Fit of the P50 forecast, in-sample: RMS 271 rps = 32% of the mean 840 rps"), r.out());
        assertTrue(r.out().contains("  audience: calibrated/audience.yaml"), r.out());
        for (String f : new String[] {"audience.yaml", "shapes.yaml", "layers.yaml"}) {
            String written = Files.readString(out.resolve(f));
            String committed = Files.readString(Path.of("../examples/worldcup-1998-website/loop/calibrated", f));
            assertEquals(normalised(committed), normalised(written), f);
        }
    }

    @Test
    void calibrate_outFolderWhereOneFragmentsNameIsTakenByAFolder_refusedAndTheOtherFragmentsLeftAsTheyWere()
            throws Exception {
        // given: a folder of earlier fragments, one of whose names is now a folder
        Path out = Files.createDirectories(tmp.resolve("calibrated"));
        Files.writeString(out.resolve("audience.yaml"), "# the earlier fit\n");
        Files.writeString(out.resolve("shapes.yaml"), "# the earlier fit\n");
        Files.writeString(Files.createDirectories(out.resolve("layers.yaml")).resolve("notes.txt"), "kept\n");

        // when
        CliRun r = run("calibrate", STRUCTURE, "--trace", TRACE, "--until", "1998-06-19T00:00+02:00", "--out",
                out.toString());

        // then: exit 1 naming it; nothing of the new fit written beside the earlier one, no temporary file left
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("layers.yaml") && r.err().contains("folder"), r.err());
        assertEquals("# the earlier fit\n", Files.readString(out.resolve("audience.yaml")));
        assertEquals("# the earlier fit\n", Files.readString(out.resolve("shapes.yaml")));
        try (var left = Files.list(out)) {
            assertEquals(List.of("audience.yaml", "layers.yaml", "shapes.yaml"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void calibrate_oneMatchOnly_keepsTheScenariosSpreadAndBoundsTheSurgeByWhatTheWindowShows_sayingSo() throws Exception {
        // when: only Brazil-Scotland (one slot: no spread between slots to measure)
        Path out = tmp.resolve("one");
        CliRun r = run("calibrate", "../examples/worldcup-1998-website/walk-forward", "--trace", TRACE,
                "--from", "1998-06-10T00:00+02:00", "--until", "1998-06-10T18:00+02:00", "--out", out.toString());

        // then
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("only 1 slot(s) fitted: the P90 keeps the scenario's spread"), r.err());
        assertTrue(r.out().contains("the scenario's spread (1 slot(s) measured)"), r.out());
        assertFalse(r.out().contains("from the slots' spread"), r.out());
        // and the fragment's header says so too (it said "from the spread of 1 slots' best scales")
        String audience = Files.readString(out.resolve("audience.yaml"));
        assertTrue(audience.contains("sigma 0.54 the scenario's own: 1 slot(s) measured, too few for a spread"),
                audience);
        // nor can 40 minutes of one match's tail tell a day's surge half-life (where the fit wandered) from 41
        // minutes: it is bounded by what the window follows, and says so
        assertTrue(r.out().matches("(?s).*finalWhistle\\.halfLife +5\\.00m +41\\.00m +at the longest the fitted windows "
                + "follow a match after its whistle \\(41 min\\).*"), r.out());
    }

    @Test
    void calibrate_traceOfZerosInEveryWindow_isAnError_notAFitOfNothing() throws Exception {
        // given: the example's trace with every request count 0 (fitted an audience of 0 and "Infinity%" errors)
        StringBuilder zeros = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(TRACE))) {
            zeros.append(line.matches("\\d.*,\\d+") ? line.replaceAll(",\\d+$", ",0") : line).append('\n');
        }
        Path trace = Files.writeString(tmp.resolve("zeros.csv"), zeros);

        // when
        CliRun r = run("calibrate", STRUCTURE, "--trace", trace.toString(), "--until", "1998-06-19T00:00+02:00",
                "--no-save");

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("zeros.csv: error: the trace has no requests in the windows of the events to fit"),
                r.err());
        assertFalse(r.out().contains("Infinity"), r.out());
    }

    @Test
    void calibrate_layerSizedInGbps_isAnErrorAtTheLayer_notABackgroundInRps() throws Exception {
        // given: a request trace named for the broadcaster's CDN layer, which is sized in Gbps
        StringBuilder t = new StringBuilder("timestamp,requests,layer\n");
        for (long m = 0; m < 3 * 24 * 60; m++) {
            t.append(1531180800L + m * 60).append(",900000,cdn\n");
        }
        Path trace = Files.writeString(tmp.resolve("cdn.csv"), t);

        // when
        CliRun r = run("calibrate", "../examples/broadcaster-wc-2018", "--trace", trace.toString(), "--layer", "cdn",
                "--no-save");

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*layers\\.yaml:\\d+:\\d+: error: layers\\[1\\]: layer cdn is sized in Gbps; calibrate "
                + "fits request traces.*"), r.err());
    }

    /** Without what may differ by machine: the trace's path, the optimizer's iteration count. */
    private static String normalised(String fragment) {
        return fragment.replaceAll("trace \\S+ \\(", "trace (")
                .replaceAll("Levenberg-Marquardt, \\d+ iterations", "Levenberg-Marquardt, N iterations").strip();
    }

    @Test
    void calibrate_json_noSave_writesNothing() throws Exception {
        // when
        CliRun r = run("calibrate", STRUCTURE, "--trace", TRACE, "--events",
                "1998-06-15-england-tunisia,1998-06-16-scotland-norway,1998-06-17-chile-austria", "--no-save", "-o", "json");

        // then
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals(3, root.get("events").size());
        assertEquals(0, root.get("written").size());
        assertTrue(root.get("header").get(0).asText().startsWith("Calibrated by `prescale calibrate`"));
        JsonNode weekend = null;
        for (JsonNode p : root.get("parameters")) {
            if (p.get("name").asText().equals("kickoff Sat/Sun")) {
                weekend = p;
            }
        }
        assertFalse(weekend.get("fitted").asBoolean(), "no weekend match among the three");
        assertFalse(Files.exists(Path.of(STRUCTURE, "calibrated")), "--no-save writes nothing");
    }

    @Test
    void calibrate_profileOnTooShortATrace_exit1NamingTheTraceAndWritesNothing() throws Exception {
        // given: the walk-forward structure (a background profile) and a trace of June 10 only: its two matches'
        // windows leave less than a day of background to fit the profile's hours on
        Path shortTrace = tmp.resolve("june10.csv");
        List<String> lines = Files.readAllLines(Path.of(TRACE));
        Files.write(shortTrace, java.util.stream.Stream.concat(lines.stream().limit(1), lines.stream()
                .filter(l -> l.startsWith("1998-06-10T"))).toList());
        Path out = tmp.resolve("calibrated");

        // when
        CliRun r = run("calibrate", "../examples/worldcup-1998-website/walk-forward", "--trace", shortTrace.toString(),
                "--out", out.toString());

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(shortTrace + ": error: ") && r.err().contains("a background profile needs at least "
                + "a day of them"), r.err());
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    void calibrate_eventsAndTimeRange_exit1() {
        CliRun r = run("calibrate", STRUCTURE, "--trace", TRACE, "--events", "x", "--from", "1998-06-10T00:00Z");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("give either --events or --from/--until, not both"), r.err());
    }

    @Test
    void calibrate_unknownEvent_exit1WithDiagnostic() {
        CliRun r = run("calibrate", STRUCTURE, "--trace", TRACE, "--events", "1998-06-10-nowhere", "--no-save");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: no event '1998-06-10-nowhere' on layer web"), r.err());
    }

    @Test
    void calibrate_help_listsEveryOption() {
        CliRun r = run("calibrate", "--help");
        assertEquals(0, r.code());
        for (String o : new String[] {"--trace", "--layer", "--events", "--from", "--until", "--weighting", "--out",
                "--no-save", "--output"}) {
            assertTrue(r.out().contains(o), o);
        }
    }
}
