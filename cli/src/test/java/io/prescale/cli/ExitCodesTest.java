package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The exit codes on every path: 2 for bad usage, 1 with one plain line for what the user must fix (a file that cannot
 * be written, a job store that cannot be reached, no Maven to build with), 3 only for bugs; and every command's help
 * ends with them.
 */
class ExitCodesTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    static final String WC98 = "../examples/worldcup-1998-website";
    static final String WC98_TRACE = WC98 + "/requests_per_minute_until_1998-06-26.csv";

    @TempDir
    Path tmp;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** Every command by its full name, subcommands of subcommands too. */
    static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(new Main(Clock.systemUTC(), null, null, Terminal.PLAIN), null), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /**
     * Every command's name after "prescale", and what it requires (an argument, --trace): a missing one would be
     * what is reported.
     */
    static Stream<Arguments> commandNames() {
        return everyCommand().stream().skip(1).map(c -> {
            List<String> required = new ArrayList<>();
            c.getCommandSpec().positionalParameters().stream().filter(p -> p.arity().min() > 0).findFirst()
                    .ifPresent(p -> required.add(p.completionCandidates() != null
                            && p.completionCandidates().iterator().hasNext()
                            ? p.completionCandidates().iterator().next() : "x"));
            c.getCommandSpec().options().stream().filter(o -> o.required()).forEach(o -> required.addAll(
                    List.of(o.longestName(), "x")));
            return Arguments.of(c.getCommandSpec().qualifiedName(" ").substring("prescale ".length()), required);
        });
    }

    @ParameterizedTest(name = "prescale {0} {1} --no-such-flag")
    @MethodSource("commandNames")
    void unknownFlag_onEveryCommand_isBadUsageTwoInTwoLines(String command, List<String> required) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(required);
        args.add("--no-such-flag");

        CliRun r = run(args.toArray(String[]::new));

        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().strip().lines().toList();
        assertTrue(lines.get(0).startsWith("prescale " + command + ": ") && lines.get(0).contains("--no-such-flag"),
                r.err());
        assertEquals("See 'prescale " + command + " --help' for usage.", lines.get(lines.size() - 1), r.err());
        assertTrue(lines.size() <= 3, "the usage is not repeated:\n" + r.err());
    }

    @Test
    void unknownFlag_nearAnOption_suggestsIt() {
        CliRun r = run("plan", EXAMPLE, "--no-sav");

        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("Did you mean: --no-save?"), r.err());
    }

    @Test
    void help_everyCommand_endsWithItsExitCodes() {
        List<CommandLine> all = everyCommand();
        assertTrue(all.size() > 15, "every command, schedule's subcommands and help included: " + all.size());
        for (CommandLine c : all) {
            String name = c.getCommandSpec().qualifiedName();
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
            int at = usage.lastIndexOf("\nExit codes:\n");
            assertTrue(at > 0, name + " --help has no exit codes:\n" + usage);
            List<String> codes = usage.substring(at + "\nExit codes:\n".length()).lines().toList();
            for (String line : codes) {
                // a code and its meaning, or the meaning's continuation: nothing else comes after them
                assertTrue(line.matches("  [0-3]   \\S.*") || line.matches(" {8}\\S.*"),
                        name + " --help: '" + line + "' after the exit codes\n" + usage);
            }
            String list = String.join("\n", codes);
            assertTrue(list.contains("  0   "), name + ": no 0\n" + list);
            assertTrue(list.contains("  2   bad usage"), name + ": no 2\n" + list);
            assertTrue(list.contains("  3   internal error"), name + ": no 3\n" + list);
            // every command that reads or writes anything can fail on it; help and completion read nothing
            if (!(c.getCommand() instanceof HelpCommand || c.getCommand() instanceof CompletionCommand)
                    && c.getSubcommands().isEmpty()) {
                assertTrue(list.contains("  1   "), name + ": no 1\n" + list);
            }
        }
    }

    @Test
    void help_ofACommand_isThatCommandsHelp_andAnUnknownOneIsBadUsage() {
        CliRun plan = run("help", "schedule", "list");
        CliRun none = run("help", "plna");

        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().startsWith("Usage: prescale schedule list"), plan.out());
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("prescale help: no command 'plna' in 'prescale': did you mean 'plan'?"),
                none.err());
    }

    @Test
    void help_commandWithoutItsOwnExitCodes_printsThemToo() {
        CliRun r = run("forecast", "--help");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().stripTrailing().endsWith("3   internal error: a bug in prescale (please report it with the "
                + "command)"), r.out());
    }

    static Stream<Arguments> unwritableOutputs() {
        return Stream.of(
                Arguments.of("plan --out", List.of("plan", EXAMPLE, "--out", "{BAD}/plan.json")),
                Arguments.of("forecast --chart", List.of("forecast", EXAMPLE, "--chart", "{BAD}/forecast.png")),
                Arguments.of("simulate --chart", List.of("simulate", EXAMPLE, "--runs", "10", "--chart", "{BAD}/s.svg")),
                Arguments.of("backtest --chart", List.of("backtest", WC98, "--trace", WC98_TRACE, "--chart",
                        "{BAD}/b.html")),
                Arguments.of("calibrate --out", List.of("calibrate", WC98, "--trace", WC98_TRACE, "--out", "{BAD}/cal")),
                Arguments.of("apply --audit-log", List.of("apply", "{PLAN}", "--auto-approve", "--audit-log",
                        "{BAD}/audit.jsonl")),
                Arguments.of("watch --audit-log", List.of("watch", WC98 + "/loop/live", "--once", "--dry-run",
                        "--audit-log", "{BAD}/audit.jsonl")),
                Arguments.of("daemon --audit-log", List.of("daemon", "../examples/nowtv-linear", "--once", "--store",
                        "h2:{TMP}/store", "--audit-log", "{BAD}/audit.jsonl")));
    }

    @ParameterizedTest(name = "{0} under a file")
    @MethodSource("unwritableOutputs")
    void unwritableOutput_isOnePlainLineExitOne_beforeAnyWork(String what, List<String> template) throws Exception {
        // given: a path under a regular file, which no one (root included) can create
        Path bad = Files.writeString(tmp.resolve("a-file"), "x");
        Path plan = tmp.resolve("plan.json");
        if (template.contains("{PLAN}")) {
            assertEquals(0, run("plan", EXAMPLE, "--out", plan.toString()).code());
        }
        String[] args = template.stream().map(a -> a.replace("{BAD}", bad.toString()).replace("{TMP}", tmp.toString())
                .replace("{PLAN}", plan.toString())).toArray(String[]::new);

        // when
        CliRun r = run(args);

        // then
        String option = what.substring(what.indexOf(' ') + 1);
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out(), "nothing is printed before the check");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("prescale: cannot write " + option + " " + bad), r.err());
        assertTrue(r.err().contains(bad + " exists and is not a directory"), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("store")), "the daemon opened its store before the check");
    }

    @Test
    void plan_outInAReadOnlyPlace_saysWhyInWords() {
        // /proc refuses new files to everyone, root included
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "/proc");

        CliRun r = run("plan", EXAMPLE, "--out", "/proc/prescale-plan.json");

        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("prescale: cannot write --out /proc/prescale-plan.json: "), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains(".tmp"), r.err());
    }

    @Test
    void daemon_unreachableDatabase_isOnePlainLineExitOne() {
        // port 1: nothing listens there, the connection is refused (after the pool's 10 s wait)
        CliRun r = run("daemon", "../examples/nowtv-linear", "--once", "--http-port", "0", "--audit-log",
                tmp.resolve("audit.jsonl").toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/prescale");

        assertEquals(1, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("prescale: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertEquals("prescale: open job store jdbc:postgresql://127.0.0.1:1/prescale: cannot reach it within 10 s: "
                + "connection refused", errors.get(0));
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
    }

    @Test
    void daemon_storeFolderUnderAFile_isOnePlainLineExitOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        CliRun r = run("daemon", "../examples/nowtv-linear", "--once", "--http-port", "0", "--audit-log",
                tmp.resolve("audit.jsonl").toString(), "--store", "h2:" + file.resolve("store"));

        assertEquals(1, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("prescale: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains("cannot create the job store folder " + file.resolve("store")), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
    }

    @Test
    void launcher_withoutMaven_isOnePlainLineExitOne() throws Exception {
        // given: the launcher and its helpers in a checkout with nothing built, and a PATH with everything but mvn
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path copy = Files.createDirectories(tmp.resolve("checkout/scripts"));
        Files.copy(root.resolve("prescale"), copy.getParent().resolve("prescale"));
        Files.copy(root.resolve("scripts/java-env"), copy.resolve("java-env"));
        Files.copy(root.resolve("scripts/startup-cache"), copy.resolve("startup-cache"));
        // (outside @TempDir, which warns about every link it deletes that points out of it)
        Path bin = Files.createTempDirectory("prescale-no-mvn");
        try {
            for (String tool : List.of("bash", "dirname", "readlink", "find", "mktemp", "cat", "rm", "stat", "ls",
                    "sort", "mkdir", "mv", "awk", "sed", "tr", "head", "uname", "env")) {
                for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
                    Path t = Path.of(dir, tool);
                    if (Files.isExecutable(t) && !Files.exists(bin.resolve(tool), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(tool), t);
                    }
                }
            }
            launcherWithoutMaven(copy.getParent().resolve("prescale"), bin);
        } finally {
            try (Stream<Path> links = Files.list(bin)) {
                for (Path l : links.toList()) {
                    Files.delete(l);
                }
            }
            Files.delete(bin);
        }
    }

    private void launcherWithoutMaven(Path launcher, Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("bash").toString(), launcher.toString(), "--version");
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));

        // when
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        int code = p.waitFor();

        // then
        assertEquals(1, code, err);
        assertEquals("", out);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("prescale: Maven (mvn) is needed to build prescale from its sources"), err);
    }
}
