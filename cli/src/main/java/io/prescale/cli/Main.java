package io.prescale.cli;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point. Exit codes: 0 ok, 1 invalid input or a failed action, 2 bad usage, 3 internal error. */
@Command(name = "prescale", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Pre-scale live-event platforms ahead of scheduled traffic spikes.",
        subcommands = {PlanCommand.class, ForecastCommand.class, ApplyCommand.class, NativeScheduleCommand.class,
                IamPolicyCommand.class, BacktestCommand.class, CalibrateCommand.class, DaemonCommand.class,
                ScheduleCommand.class, SimulateCommand.class, WatchCommand.class,
                CommandLine.HelpCommand.class,
                picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_INTERNAL = 3;

    @Spec
    CommandSpec spec;

    final Clock clock;
    final java.io.BufferedReader in;
    final java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers;

    Main(Clock clock, java.io.BufferedReader in,
         java.util.function.Supplier<io.prescale.providers.spi.ProviderRegistry> providers) {
        this.clock = clock;
        this.in = in;
        this.providers = providers;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
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
        CommandLine cl = new CommandLine(new Main(clock, in, providers));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter e = cmd.getErr();
            int code = report(ex, e);
            e.flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
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
            err.println("prescale: " + ue.getMessage());
            return EXIT_INVALID;
        }
        err.println("prescale: internal error: " + ex);
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            err.println("  caused by: " + c);
        }
        return EXIT_INTERNAL;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"prescale " + (v == null ? "dev" : v)};
        }
    }
}
