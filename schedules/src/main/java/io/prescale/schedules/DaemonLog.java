package io.prescale.schedules;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The daemon's log: one line per thing that happened, {@code <instant> <LEVEL> <message>}, written whole and
 * flushed. Nothing secret is ever passed in (store URLs are redacted, credentials never leave the environment).
 */
public final class DaemonLog {
    private final PrintWriter out;
    private final Clock clock;

    public DaemonLog(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String message) {
        line("INFO ", message);
    }

    public void warn(String message) {
        line("WARN ", message);
    }

    public void error(String message) {
        line("ERROR", message);
    }

    private void line(String level, String message) {
        synchronized (out) {
            out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
            out.flush();
        }
    }
}
