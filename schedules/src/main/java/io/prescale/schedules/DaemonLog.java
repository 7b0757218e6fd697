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
    private final boolean json;

    public DaemonLog(PrintWriter out, Clock clock) {
        this(out, clock, false);
    }

    /** @param json one JSON object per line ({@code time}, {@code level}, {@code message}) instead of text */
    public DaemonLog(PrintWriter out, Clock clock, boolean json) {
        this.out = out;
        this.clock = clock;
        this.json = json;
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
            String time = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
            if (json) {
                out.println("{\"time\":\"" + time + "\",\"level\":\"" + level.strip() + "\",\"logger\":\"prescale\","
                        + "\"message\":" + quote(message) + "}");
            } else {
                out.println(time + " " + level + " " + message);
            }
            out.flush();
        }
    }

    /** A JSON string literal (for one-line JSON logs). */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
