package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** One voice in every command: --output json wherever results are printed, ISO-8601 in JSON, one format in tables. */
class OutputFormatsTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    static final String WC98 = "../examples/worldcup-1998-website";
    static final String WC98_TRACE = WC98 + "/requests_per_minute_until_1998-06-26.csv";
    /** What looks like a date and a time in JSON: it must be ISO-8601 with its offset. */
    static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*");
    /** Field names that hold a time. */
    static final Pattern TIME_FIELD = Pattern.compile("(at|t|.*At|.*Fire|.*Due|scheduledFor|window(Start|End)|"
            + "from|until|kickoff|start|end)");

    /**
     * Commands that print results of their own kind and so need no --output: the daemon logs (--log-format json),
     * iam-policy prints a policy, which is JSON, completion a shell script, and schedule and help are a group and
     * help.
     */
    static final Set<String> NO_OUTPUT_OPTION = Set.of("prescale", "prescale daemon", "prescale iam-policy",
            "prescale completion", "prescale schedule", "prescale help", "prescale schedule help");

    @TempDir
    static Path tmp;

    @Test
    void everyCommandThatPrintsResults_hasOutputJson() {
        for (CommandLine c : ExitCodesTest.everyCommand()) {
            String name = c.getCommandSpec().qualifiedName();
            if (NO_OUTPUT_OPTION.contains(name)) {
                continue;
            }
            CommandLine.Model.OptionSpec o = c.getCommandSpec().findOption("--output");
            assertTrue(o != null, name + " has no --output");
            List<String> formats = new ArrayList<>();
            o.completionCandidates().forEach(formats::add);
            assertTrue(formats.contains("json") && formats.contains("table"), name + ": " + formats);
        }
    }

    static Stream<List<String>> jsonCommands() {
        Path plan = tmp.resolve("plan.json");
        return Stream.of(
                List.of("plan", EXAMPLE, "--no-save"),
                List.of("apply", plan.toString(), "--dry-run"),
                List.of("forecast", EXAMPLE, "--event", "FINAL"),
                List.of("simulate", EXAMPLE, "--runs", "200"),
                List.of("backtest", WC98, "--trace", WC98_TRACE),
                List.of("calibrate", WC98, "--trace", WC98_TRACE, "--no-save"),
                List.of("watch", WC98 + "/loop/live", "--replay-from", "1998-06-22T20:41:00Z", "--speed", "600",
                        "--ticks", "1", "--dry-run", "--audit-log", tmp.resolve("audit.jsonl").toString()),
                List.of("schedule", "list", "--store", "h2:" + tmp.resolve("store")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonCommands")
    void outputJson_parses_andEveryTimeInItIsIso8601(List<String> command) throws Exception {
        // given: the plan apply reads, and a job store the schedule commands find (made by the daemon)
        if (command.get(0).equals("apply")) {
            // a scenario whose layers are plan-only: no cloud to reach
            assertEquals(0, CliTest.run("plan", WC98, "--out", tmp.resolve("plan.json")
                    .toString()).code());
        }
        if (command.get(0).equals("schedule")) {
            assertEquals(0, CliTest.run("daemon", EXAMPLE, "--once", "--http-port", "0", "--store",
                    "h2:" + tmp.resolve("store"), "--audit-log", tmp.resolve("audit.jsonl").toString()).code());
        }
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--output", "json"));

        // when
        CliRun r = CliTest.run(args.toArray(String[]::new));

        // then: one JSON document (watch: one per tick), every time in it ISO-8601 with its offset (apply on a
        // plan-only layer reports it FAILED: there is nothing to read, and it says so in the JSON too)
        assertEquals(command.get(0).equals("apply") ? 1 : 0, r.code(), r.err());
        List<String> times = new ArrayList<>();
        for (String doc : command.get(0).equals("watch") ? r.out().strip().lines().toList() : List.of(r.out())) {
            times(PlanJson.mapper().readTree(doc), "", times);
        }
        assertFalse(times.isEmpty(), "no time in\n" + r.out());
        for (String t : times) {
            String value = t.substring(t.indexOf('=') + 1);
            OffsetDateTime.parse(value); // throws on anything else
        }
    }

    /** Every value that looks like a time, or sits in a field named as one, as "path=value". */
    private static void times(JsonNode n, String path, List<String> into) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isTextual() && (DATE_TIME.matcher(v.asText()).matches()
                        || TIME_FIELD.matcher(e.getKey()).matches() && v.asText().matches("\\d.*"))) {
                    into.add(path + "." + e.getKey() + "=" + v.asText());
                } else {
                    times(v, path + "." + e.getKey(), into);
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                times(n.get(i), path + "[" + i + "]", into);
            }
        } else if (n.isTextual() && DATE_TIME.matcher(n.asText()).matches()) {
            into.add(path + "=" + n.asText());
        }
    }

    @Test
    void tables_showEveryTimeInTheScenariosZone_named() {
        // invidi-ads plans in America/New_York: every time in the plan's and the forecast's tables says EDT
        CliRun plan = CliTest.run("plan", EXAMPLE, "--no-save");
        CliRun forecast = CliTest.run("forecast", EXAMPLE, "--event", "FINAL");

        Pattern time = Pattern.compile("[A-Z][a-z]{2} \\d{1,2} \\d{2}:\\d{2}( [A-Z]{2,5})?");
        for (String out : List.of(plan.out(), forecast.out())) {
            var m = time.matcher(out);
            int n = 0;
            while (m.find()) {
                assertEquals(" EDT", m.group(1), "a time without the zone: " + m.group());
                n++;
            }
            assertTrue(n > 5, out);
            assertFalse(out.matches("(?s).*\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*"), "an ISO time in a table\n" + out);
        }
    }

    @Test
    void forecast_loadColumn_isOneStyle() {
        CliRun r = CliTest.run("forecast", EXAMPLE, "--layer", "ad-edge", "--event", "USA-PAR");

        assertEquals(0, r.code(), r.err());
        List<String> loads = r.out().lines().filter(l -> l.matches("  [A-Z][a-z]{2} .*"))
                .map(l -> l.strip().split("\\s+")[4]).toList(); // Jun 12 20:15 EDT <load> ...
        assertTrue(loads.size() > 60, r.out());
        assertTrue(loads.stream().allMatch(x -> x.matches("\\d+")), "whole requests per second: " + loads);
    }

    @Test
    void plan_quiet_printsWhereItSaved() {
        Path file = tmp.resolve("quiet-plan.json");

        CliRun r = CliTest.run("plan", EXAMPLE, "--out", file.toString(), "--quiet");

        assertEquals(0, r.code(), r.err());
        assertEquals(file + "\n", r.out());
        assertTrue(java.nio.file.Files.exists(file));
    }

    @Test
    void forecast_event_printsItsWindowOnly_notTheDaysAround() throws Exception {
        // the final is one of four events over five weeks: its forecast is its own afternoon
        CliRun r = CliTest.run("forecast", EXAMPLE, "--event", "FINAL", "--output", "json");

        assertEquals(0, r.code(), r.err());
        List<java.time.Instant> minutes = new ArrayList<>();
        PlanJson.mapper().readTree(r.out()).path("layers").forEach(l -> l.path("minutes").forEach(
                m -> minutes.add(java.time.Instant.parse(m.path("t").asText()))));
        assertTrue(minutes.size() > 100, r.out());
        java.time.Duration span = java.time.Duration.between(minutes.stream().min(java.time.Instant::compareTo)
                .orElseThrow(), minutes.stream().max(java.time.Instant::compareTo).orElseThrow());
        assertTrue(span.compareTo(java.time.Duration.ofHours(8)) < 0, "the forecast spans " + span);
    }
}
