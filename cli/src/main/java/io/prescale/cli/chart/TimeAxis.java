package io.prescale.cli.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A panel's time axis, read in a zone: labels like {@code Jul 19 15:00 EDT}.
 *
 * <p>XChart places date ticks at round times in UTC, so in a zone whose offset is not whole hours (India's +05:30)
 * they would fall at 19:30 rather than 19:00. When the zone keeps one offset over the whole panel, x values are the
 * instants shifted by that offset and read as UTC, with the zone's abbreviation as literal text: the ticks fall on
 * round local times. When the offset changes within the panel (a daylight-saving change), x values are the real
 * instants and XChart reads them in the zone: labels stay right, ticks may sit off the round local time.
 */
final class TimeAxis {
    static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d HH:mm z", Locale.US);

    private final ZoneId zone;
    private final long offsetMs;
    private final String datePattern;
    private final TimeZone timeZone;

    TimeAxis(ZoneId zone, Instant start, Instant end) {
        this.zone = zone;
        ZoneOffsetTransition change = zone.getRules().nextTransition(start);
        if (change == null || !change.getInstant().isBefore(end)) {
            this.offsetMs = zone.getRules().getOffset(start).getTotalSeconds() * 1000L;
            String abbrev = LABEL.format(start.atZone(zone)).replaceAll(".* ", "");
            this.datePattern = "MMM d HH:mm '" + abbrev.replace("'", "''") + "'";
            this.timeZone = TimeZone.getTimeZone(ZoneOffset.UTC);
        } else {
            this.offsetMs = 0;
            this.datePattern = "MMM d HH:mm z";
            this.timeZone = TimeZone.getTimeZone(zone);
        }
    }

    /** The x value of an instant. */
    double x(Instant t) {
        return t.toEpochMilli() + offsetMs;
    }

    /** The x value of an epoch minute, as XChart's date axis takes it. */
    Date date(long epochMinute) {
        return new Date(epochMinute * 60_000 + offsetMs);
    }

    /** The pattern XChart formats ticks with. */
    String datePattern() {
        return datePattern;
    }

    /** The zone XChart formats ticks in. */
    TimeZone timeZone() {
        return timeZone;
    }

    ZoneId zone() {
        return zone;
    }
}
