package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.DefaultProviders;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Colour in diffs and statuses on a terminal only: with {@code NO_COLOR} set, or output that is not a terminal, no
 * command writes an escape sequence, on stdout or stderr, the progress bar included.
 */
class NoColourTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    static final String PLAN_ONLY = "../examples/worldcup-1998-website";
    static final String WC98 = "../examples/worldcup-1998-website";
    static final String WC98_TRACE = WC98 + "/requests_per_minute_until_1998-06-26.csv";

    /** A terminal with NO_COLOR set, and a pipe with nothing set. */
    static final Map<String, Terminal> PLAIN = Map.of(
            "NO_COLOR=1 on a terminal", Terminal.detect(Map.of("NO_COLOR", "1"), true),
            "piped", Terminal.detect(Map.of(), false));

    @TempDir
    static Path tmp;

    static CliRun run(Terminal terminal, String... args) {
        return CliRun.capture((out, err) -> Main.run(Clock.systemUTC(), new BufferedReader(new StringReader("")),
                DefaultProviders::registry, terminal, out, err, args));
    }

    /** Every command the tests can run without a cloud, as the user would, with their own output files. */
    static List<List<String>> commands() {
        Path plan = tmp.resolve("plan.json");
        return List.of(
                List.of("--help"),
                List.of("plan", "--help"),
                List.of("plan", "--no-such-flag"),
                List.of("plan", EXAMPLE, "--no-save"),
                List.of("plan", EXAMPLE, "--no-save", "--output", "json"),
                List.of("plan", PLAN_ONLY, "--out", plan.toString()),
                List.of("apply", plan.toString(), "--dry-run"),
                List.of("forecast", EXAMPLE),
                List.of("forecast", EXAMPLE, "--event", "FINAL", "--chart", tmp.resolve("f.svg").toString()),
                List.of("simulate", EXAMPLE, "--runs", String.valueOf(SimulateCommand.PROGRESS_MIN_RUNS)),
                List.of("backtest", WC98, "--trace", WC98_TRACE),
                List.of("calibrate", WC98, "--trace", WC98_TRACE, "--no-save"),
                List.of("iam-policy", EXAMPLE),
                List.of("watch", WC98 + "/loop/live", "--replay-from", "1998-06-22T20:41:00Z", "--speed", "600",
                        "--ticks", "2", "--dry-run", "--audit-log", tmp.resolve("audit.jsonl").toString()),
                List.of("daemon", "../examples/nowtv-linear", "--once", "--http-port", "0", "--store",
                        "h2:" + tmp.resolve("store"), "--audit-log", tmp.resolve("audit.jsonl").toString()),
                List.of("schedule", "list", "--store", "h2:" + tmp.resolve("store")),
                List.of("schedule", "list", "--store", "h2:" + tmp.resolve("no-store")));
    }

    static Stream<Arguments> plainTerminals() {
        return PLAIN.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainTerminals")
    void everyCommand_withoutColour_writesNoEscape(String name, Terminal terminal) {
        assertFalse(terminal.colour(), name);
        List<String> ran = new ArrayList<>();
        for (List<String> args : commands()) {
            CliRun r = run(terminal, args.toArray(String[]::new));
            assertTrue(r.code() <= 2, String.join(" ", args) + " exited " + r.code() + "\n" + r.err());
            assertFalse(r.out().contains("\u001B"), "an escape on stdout of prescale " + String.join(" ", args) + "\n"
                    + r.out().replace("\u001B", "<ESC>"));
            assertFalse(r.err().contains("\u001B"), "an escape on stderr of prescale " + String.join(" ", args) + "\n"
                    + r.err().replace("\u001B", "<ESC>"));
            ran.add(args.get(0) + " " + r.code());
        }
        // the ones that must succeed did (an error run writes less)
        assertTrue(ran.stream().filter(x -> x.endsWith(" 0")).count() >= 14, ran.toString());
    }

    @Test
    void terminal_withColourAllowed_coloursTheDiffTheStatusesAndTheHelp() {
        Terminal colour = Terminal.detect(Map.of(), true);

        CliRun plan = run(colour, "plan", EXAMPLE, "--no-save");
        CliRun help = run(colour, "plan", "--help");

        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("\u001B[32m+\u001B[0m ad-edge"), plan.out());
        assertTrue(plan.out().contains("\u001B[31m-\u001B[0m ad-edge"), plan.out());
        assertTrue(help.out().contains("\u001B["), "Picocli's help in colour too");
        assertEquals(plan.out().replaceAll("\u001B\\[[0-9;]*m", ""), run(Terminal.PLAIN, "plan", EXAMPLE, "--no-save")
                .out(), "colour changes nothing else, column widths included");
    }

    @Test
    void simulate_progressBarOnATerminal_isDrawnInColourOnlyWhenAllowed() {
        String runs = String.valueOf(SimulateCommand.PROGRESS_MIN_RUNS);

        CliRun colour = run(Terminal.detect(Map.of(), true), "simulate", EXAMPLE, "--runs", runs, "-o", "json");
        CliRun noColour = run(Terminal.detect(Map.of("NO_COLOR", "yes"), true), "simulate", EXAMPLE, "--runs", runs,
                "-o", "json");

        assertTrue(noColour.err().contains("simulate"), "the bar is still drawn: " + noColour.err());
        assertFalse(noColour.err().contains("\u001B"), noColour.err().replace("\u001B", "<ESC>"));
        assertTrue(colour.err().contains("\u001B["), colour.err());
    }

    @Test
    void detect_noColourEmpty_isNotSet() {
        // no-color.org: "present and not an empty string"
        assertTrue(Terminal.detect(Map.of("NO_COLOR", ""), true).colour());
        assertFalse(Terminal.detect(Map.of("NO_COLOR", "0"), true).colour());
        assertFalse(Terminal.detect(Map.of("TERM", "dumb"), true).colour());
        assertFalse(Terminal.detect(Map.of(), false).interactive());
    }
}
