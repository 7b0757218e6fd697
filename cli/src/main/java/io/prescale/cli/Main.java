package io.prescale.cli;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point. Exit codes: 0 ok, 1 invalid input or a failed action, 2 bad usage, 3 internal error.
 *
 * <p>A run builds this command's model with {@link #spec(Main)}, not from this annotation: reading annotations
 * makes the JDK generate a proxy class per annotation type at run time, most of {@code prescale --help}'s time.
 * {@code CliTest} checks the two give the same help.
 */
@Command(name = "prescale", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = Main.DESCRIPTION, exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {Main.EXIT_OK, Main.EXIT_FAILED, Main.EXIT_USAGE, Main.EXIT_BUG})
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_BAD_USAGE = 2;
    public static final int EXIT_INTERNAL = 3;

    /** Every command's help ends with its exit codes, under this heading; 2 and 3 mean the same everywhere. */
    static final String EXIT_HEADING = "%nExit codes:%n";
    static final String EXIT_USAGE = "2:bad usage: an unknown option, a missing or malformed argument";
    static final String EXIT_BUG = "3:internal error: a bug in prescale (please report it with the command)";
    static final String EXIT_OK = "0:ok";
    static final String EXIT_FAILED = "1:invalid input, or a refused or failed action (the message says which)";
    static final String DESCRIPTION = "Pre-scale live-event platforms ahead of scheduled traffic spikes.";

    /**
     * The subcommands by name, in help order. A run registers only the one it calls: Picocli reads every option of
     * every command it is given, by reflection, which was most of a short command's start-up. Help, completion and
     * anything that names no subcommand get them all.
     */
    static final java.util.SequencedMap<String, Class<?>> SUBCOMMANDS = subcommands();
    private static final java.util.Set<String> NEED_ALL = java.util.Set.of("help");

    private static java.util.SequencedMap<String, Class<?>> subcommands() {
        var m = new java.util.LinkedHashMap<String, Class<?>>();
        m.put("plan", PlanCommand.class);
        m.put("forecast", ForecastCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("native-schedule", NativeScheduleCommand.class);
        m.put("iam-policy", IamPolicyCommand.class);
        m.put("backtest", BacktestCommand.class);
        m.put("calibrate", CalibrateCommand.class);
        m.put("daemon", DaemonCommand.class);
        m.put("schedule", ScheduleCommand.class);
        m.put("simulate", SimulateCommand.class);
        m.put("watch", WatchCommand.class);
        m.put("learned", LearnedCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", HelpCommand.class);
        return java.util.Collections.unmodifiableSequencedMap(m);
    }

    /**
     * Each subcommand's line in the command list (the first of its description), for {@link #summaries}: read
     * from its {@code @Command}, it cost a proxy class. {@code CliTest} checks they are what the commands say.
     */
    static final java.util.Map<String, String> SUMMARIES = java.util.Map.ofEntries(
            java.util.Map.entry("plan", "Plan the capacity every layer needs for the scenario's events, print it as "
                    + "a diff per layer and save it for review and apply."),
            java.util.Map.entry("forecast", "Print the forecast per minute: load per layer (rps or Gbps), units "
                    + "needed and capacity planned, and the event that drives each minute."),
            java.util.Map.entry("apply", "Carry out a saved plan: re-observe every target, refuse if the world "
                    + "drifted or the plan is too old, then apply the changes whose time has come (checks and load "
                    + "balancer pre-warm first, then instances, then pods). Re-running the same plan changes nothing."),
            java.util.Map.entry("native-schedule", "Register a plan's future Auto Scaling steps as the groups' own "
                    + "scheduled actions, so they scale on time even if prescale is down; or list or delete "
                    + "prescale's actions."),
            java.util.Map.entry("iam-policy", "Print the minimum IAM policy (JSON) that 'prescale apply' needs for "
                    + "this scenario's AWS targets."),
            java.util.Map.entry("backtest", "Replay a recorded traffic trace against the plan's capacity schedule "
                    + "and report, per layer and per event: minutes under-provisioned, requests above capacity, "
                    + "over-provisioned unit-minutes and cost; and the same figures, from the same trace, for a "
                    + "reactive autoscaler (target tracking), static provisioning at the trace's peak and the oracle "
                    + "(exactly the units needed each minute)."),
            java.util.Map.entry("calibrate", "Fit the audience base (P50, and P90 from the spread between slots), "
                    + "the factors of the scenario's kickoff and team rules, each fitted shape's final-whistle surge "
                    + "(level, rise, half-life) and the layer's background to a recorded trace of some events (least "
                    + "squares, Levenberg-Marquardt), and write them as scenario files (audience.yaml, shapes.yaml, "
                    + "layers.yaml)."),
            java.util.Map.entry("daemon", "Run the scheduler: keep capacity ahead of the calendar, unattended, "
                    + "until stopped."),
            java.util.Map.entry("schedule", "List, show, pause, resume or cancel the daemon's jobs in a job store."),
            java.util.Map.entry("simulate", "Simulate the scenario many times over: audiences drawn from their "
                    + "distributions, knockouts going to extra time and penalties, goals and ad-break timing drawn "
                    + "per run, and what-ifs applied to the simulated world. Compares every run with the plan made "
                    + "from the unmodified scenario: per layer the P50/P90/P99 of peak load and units, the "
                    + "probability that the planned capacity is exceeded, and the cost of the plan against the cost "
                    + "of what was needed."),
            java.util.Map.entry("watch", "Run the closed loop in the foreground: every tick, read each observed "
                    + "layer's load from its metric source (live.observe in prescale.yaml), re-forecast the events "
                    + "that may be live, and raise capacity ahead of the load, never below the plan and never "
                    + "lowering it (the plan's scale-in does that after the event). Shows observed against forecast "
                    + "against capacity, and each decision with its reason."),
            java.util.Map.entry("learned", "List the versions of the learned fragments the daemon wrote after each "
                    + "event (live: learn:): when, on how many events, the fit's error against the fragments in "
                    + "force, whether it was applied, and how many lines changed. --diff N prints what version N "
                    + "changed."),
            java.util.Map.entry("completion", "Print a shell completion script for prescale's commands, options and "
                    + "their values."),
            java.util.Map.entry("help", "Print a command's help: what it does, its options with their defaults, and "
                    + "its exit codes."));

    /** Set by {@link #spec(Main)} (and by Picocli when a test builds this command from its annotation). */
    @Spec
    CommandSpec spec;

    final Clock clock;
    final java.io.BufferedReader in;
    final java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers;
    final Terminal terminal;

    Main(Clock clock, java.io.BufferedReader in,
         java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers, Terminal terminal) {
        this.clock = clock;
        this.in = in;
        this.providers = providers;
        this.terminal = terminal;
    }

    /** {@code prescale} with no command is bad usage: the usage on stderr, exit 2 ({@code --help} prints it, exit 0). */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("prescale: which command? (prescale --help lists them)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static void main(String[] args) {
        quickStart();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        exit(run(out, err, args));
    }

    /**
     * Settings for a quick start in a process of its own. Picocli looks for Groovy's {@code groovy.lang.Closure}
     * once: on prescale's class path of a hundred jars a class that is not there is a search that opens every
     * jar (30-50 ms); prescale has no Groovy, so Picocli is told not to look.
     */
    static void quickStart() {
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    /**
     * Ends the process with {@code code}. {@code System.exit} first looks up the JDK's logger for
     * {@code java.lang.Runtime} (it logs exits at debug level), a service search that opens every jar on the class
     * path not opened yet: 30-50 ms, most of a short command's time. So a command that succeeded, with no thread
     * of its own left running, returns from {@code main} instead, which ends the JVM the same way (shutdown hooks
     * included) without the search; anything else exits as usual.
     */
    static void exit(int code) {
        if (code != 0 || !onlyDaemonsLeft()) {
            System.exit(code);
        }
    }

    /** Whether every live platform thread but this one is a daemon (virtual threads always are). */
    private static boolean onlyDaemonsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false; // more threads than room: do not guess
        }
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon() && threads[i].isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Runs one command in-process and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Clock.systemUTC(), out, err, args);
    }

    public static int run(Clock clock, PrintWriter out, PrintWriter err, String... args) {
        return run(clock, new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)), io.prescale.providers.apply.DefaultProviders::registry, out, err,
                args);
    }

    /** In-process with a given input (for the confirmation prompt) and provider registry, for tests. */
    public static int run(Clock clock, java.io.BufferedReader in,
                          java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers,
                          PrintWriter out, PrintWriter err, String... args) {
        return run(clock, in, providers, Terminal.system(), out, err, args);
    }

    /** In-process as on a given terminal (colour or not), for tests. */
    static int run(Clock clock, java.io.BufferedReader in,
                   java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers, Terminal terminal,
                   PrintWriter out, PrintWriter err, String... args) {
        // libraries log only errors in short commands (Logging.Defaults, when a library first logs); the daemon sets
        // the level it wants and puts this one back when it returns
        String called = args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !NEED_ALL.contains(args[0]) ? args[0]
                : null;
        Main main = new Main(clock, in, providers, terminal);
        CommandLine cl = called == null && java.util.Arrays.stream(args).noneMatch(SUBCOMMANDS::containsKey)
                ? summaries(main) : commandLine(main, called);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line with the subcommand {@code called} registered, or all of them when null, every help ending
     * with its exit codes, exceptions mapped to exit codes ({@link #report}), bad usage as two lines.
     */
    static CommandLine commandLine(Main main, String called) {
        return commandLine(main, (name, command) -> called == null ? command
                : called.equals(name) ? modelled(name, command, main) : null);
    }

    /** The subcommand from the model the build wrote ({@link CommandModels}), else its class, read by Picocli. */
    private static Object modelled(String name, Class<?> command, Main main) {
        CommandSpec spec = CommandModels.spec(name, main);
        return spec == null ? command : new CommandLine(spec);
    }

    /**
     * The command line for a run that names no subcommand ({@code --help}, {@code --version}, no command, a
     * mistyped one): each subcommand only as its name and description, all such a run can print (the command list,
     * "did you mean"), read from its {@code @Command} alone, not from its options. Reading every option of every
     * command was most of {@code prescale --help}'s time; {@code CliTest} checks the help is the same as with the
     * commands in full.
     */
    static CommandLine summaries(Main main) {
        return commandLine(main, (name, command) -> {
            CommandSpec spec = CommandSpec.create().name(name);
            spec.usageMessage().description(SUMMARIES.get(name));
            return new CommandLine(spec);
        });
    }

    /** This command's model as its {@code @Command} describes it, built without reading the annotation. */
    static CommandSpec spec(Main main) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(main).name("prescale")
                .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                        .description("Show this help message and exit.").build())
                .addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
                        .type(boolean.class).description("Print version information and exit.").build())
                .versionProvider(new Version());
        spec.usageMessage().description(DESCRIPTION).exitCodeListHeading(EXIT_HEADING)
                .exitCodeList(CommandLine.Model.UsageMessageSpec.keyValuesMap(EXIT_OK, EXIT_FAILED, EXIT_USAGE,
                        EXIT_BUG));
        main.spec = spec;
        return spec;
    }

    /** {@code registered} gives what to register for each subcommand (its class, or a command line), or null. */
    private static CommandLine commandLine(Main main,
                                           java.util.function.BiFunction<String, Class<?>, Object> registered) {
        CommandLine cl = new CommandLine(spec(main));
        SUBCOMMANDS.forEach((name, command) -> {
            Object sub = registered.apply(name, command);
            if (sub != null) {
                cl.addSubcommand(name, sub);
            }
        });
        // help in colour by the same rule as the rest (Picocli's own guess looks at the console alone)
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(main.terminal != null && main.terminal.colour()
                ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler(Main::badUsage);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter e = cmd.getErr();
            int code = report(ex, e);
            e.flush();
            return code;
        });
        return cl;
    }

    /**
     * Bad usage as kubectl says it: what is wrong (and the nearest option when one was mistyped), then where the
     * usage is; the whole usage would bury the one line that matters.
     */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            java.util.List<String> near = u.getSuggestions();
            if (!near.isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", near.subList(0, Math.min(3, near.size()))) + "?");
            }
        }
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_BAD_USAGE;
    }

    /** A failure of something outside prescale (database, cloud API, file system), anywhere in the cause chain. */
    static boolean integration(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            String n = c.getClass().getName();
            if (c instanceof java.io.IOException || c instanceof java.io.UncheckedIOException
                    || c instanceof java.sql.SQLException || c instanceof io.prescale.schedules.ScheduleException
                    || c instanceof io.prescale.providers.spi.ProviderException
                    || n.startsWith("software.amazon.awssdk.") || n.startsWith("io.kubernetes.client.")
                    || n.startsWith("org.quartz.")) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong in one line: the outermost message, and the innermost cause's when it says more. */
    static String oneLine(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = describe(ex);
        // a file the outer message already names needs only the reason: "cannot create folder x: not a directory"
        String inner = root != ex && root instanceof java.nio.file.FileSystemException f && f.getFile() != null
                && outer.contains(f.getFile()) ? OutputFiles.reason(f) : describe(root);
        String line = root == ex || outer.toLowerCase(java.util.Locale.ROOT).contains(inner.toLowerCase(
                java.util.Locale.ROOT)) ? outer : outer + ": " + inner;
        line = line.replaceAll("\\s+", " ").strip();
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static String describe(Throwable t) {
        if (t instanceof java.nio.file.FileAlreadyExistsException f) {
            return "cannot use " + f.getFile() + ": it exists and is not a directory";
        }
        if (t instanceof java.nio.file.FileSystemException f) {
            return "cannot use " + f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                    : t.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT));
        }
        if (t instanceof java.io.EOFException && (t.getMessage() == null || t.getMessage().isBlank())) {
            return "the file ends too soon (cut short, or not what it should be)";
        }
        String m = t.getMessage();
        // an exception without a message in words: "EOFException" says nothing to whoever reads it
        return m == null || m.isBlank() ? t.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) : m;
    }

    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof InvalidInputException iie) {
            for (Diagnostic d : iie.diagnostics()) {
                err.println(d.format());
            }
            err.println("prescale: " + iie.getMessage());
            return EXIT_INVALID;
        }
        if (ex instanceof io.prescale.cli.chart.ChartException ce) {
            err.println("prescale: " + ce.getMessage());
            return EXIT_INVALID;
        }
        if (ex instanceof UserException ue) {
            err.println("prescale: " + Secrets.mask(ue.getMessage()));
            return EXIT_INVALID;
        }
        if (integration(ex)) {
            // a database, a cloud API or a file the user named failed: theirs to fix, one line, never a secret
            err.println("prescale: " + Secrets.mask(oneLine(ex)));
            return EXIT_INVALID;
        }
        err.println("prescale: internal error: " + Secrets.mask(String.valueOf(ex)));
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            err.println("  caused by: " + Secrets.mask(String.valueOf(c)));
        }
        if (System.getenv("PRESCALE_DEBUG") != null) {
            ex.printStackTrace(err); // for the bug report; off by default, as a trace may carry a secret
        } else {
            err.println("  (PRESCALE_DEBUG=1 shows where)");
        }
        return EXIT_INTERNAL;
    }

    /**
     * The version and the commit the build was made from ({@code build-info.properties}, written by the build from
     * {@code git rev-parse}; "-dirty" when tracked files had changes), or "dev" when run from classes without it.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties info = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("build-info.properties")) {
                if (in != null) {
                    info.load(in);
                }
            }
            String version = info.getProperty("version", "dev");
            String commit = info.getProperty("commit", "unknown");
            return new String[] {"prescale " + version + " (commit " + commit + ")"};
        }
    }
}
