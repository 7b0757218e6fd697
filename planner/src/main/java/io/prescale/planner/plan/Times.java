package io.prescale.planner.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times read in plans and tables: in the scenario's zone, short, with the zone named. */
public final class Times {
    /** What {@link #format} writes; {@code TimesTest} checks they agree. */
    static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d HH:mm z", Locale.US);
    /** The zone's short name, e.g. EDT: the one part of {@link #SHORT} that needs the JDK's locale data. */
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("z", Locale.US);
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private Times() {
    }

    /**
     * {@code Jun 12 19:00 EDT}, as {@link #SHORT} writes it, the month by hand: a formatter's first month name
     * loads the JDK's calendar names for every style (10-15 ms of a plan's start).
     */
    public static String format(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        int h = z.getHour();
        int m = z.getMinute();
        return MONTHS[z.getMonthValue() - 1] + " " + z.getDayOfMonth() + " " + (h < 10 ? "0" : "") + h
                + (m < 10 ? ":0" : ":") + m + " " + ZONE.format(z);
    }

    public static String minutes(long m) {
        return io.prescale.planner.model.Quantities.format(Duration.ofMinutes(m));
    }
}
