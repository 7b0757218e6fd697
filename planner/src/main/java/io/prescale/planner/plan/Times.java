package io.prescale.planner.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times read in plans and tables: in the scenario's zone, short, with the zone named. */
public final class Times {
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d HH:mm z", Locale.US);

    private Times() {
    }

    public static String format(Instant t, ZoneId zone) {
        return SHORT.format(t.atZone(zone));
    }

    public static String minutes(long m) {
        return io.prescale.planner.model.Quantities.format(Duration.ofMinutes(m));
    }
}
