package io.prescale.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** One in-process run of the CLI through {@link Main#run}: its exit code and what it printed to each stream. */
record CliRun(int code, String out, String err) {

    static CliRun run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(clock, new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** At the machine's time. */
    static CliRun run(String... args) {
        return run(Clock.systemUTC(), args);
    }
}
