package io.prescale.cli;

import io.prescale.providers.spi.ProviderRegistry;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * One in-process run of the CLI through {@link Main#run}: its exit code and what it printed to each stream. Public
 * for the tests of the CLI's sub-packages.
 */
public record CliRun(int code, String out, String err) {

    /** A call of one of {@link Main}'s {@code run} methods, given the writers to print to. */
    @FunctionalInterface
    public interface Invocation {
        int run(PrintWriter out, PrintWriter err);
    }

    /** Runs {@code invocation} and keeps what it printed: for a test that needs its own input or terminal. */
    public static CliRun capture(Invocation invocation) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = invocation.run(new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(Clock clock, String... args) {
        return capture((out, err) -> Main.run(clock, out, err, args));
    }

    /** At the machine's time. */
    public static CliRun run(String... args) {
        return run(Clock.systemUTC(), args);
    }

    /** With the given providers and nothing on standard input (a confirmation prompt reads end of input). */
    public static CliRun run(Clock clock, Supplier<ProviderRegistry> providers, String... args) {
        return capture((out, err) -> Main.run(clock, new BufferedReader(new StringReader("")), providers, out, err,
                args));
    }
}
