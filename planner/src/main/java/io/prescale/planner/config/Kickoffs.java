package io.prescale.planner.config;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a kickoff time that must carry its zone: an ISO offset ({@code 2026-06-12T19:00:00-04:00},
 * {@code ...Z}), an ISO zone ({@code 2026-06-12T19:00[America/New_York]}), a local time followed by a zone
 * ({@code 2026-06-12 19:00 America/New_York}), or a local time with {@code defaultZone}. A time with no zone and
 * no default is an error, never silently UTC.
 */
public final class Kickoffs {

    /** ISO local date-time, then an optional offset, then an optional [region id], each on its own. */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            // strict: the default (smart) resolver moved 2026-11-31 to Nov 30 and 2026-02-29 to Feb 28, silently
            .toFormatter(java.util.Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    /** The years a time in a scenario may fall in; far beyond them java.time's arithmetic overflows (year 999999999). */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;

    private Kickoffs() {
    }

    /** {@code t} when its year is within {@link #FIRST_YEAR}-{@link #LAST_YEAR}, else an error naming {@code what}. */
    public static <T extends java.time.temporal.TemporalAccessor> T inYears(T t, String what, String text) {
        int year = t.get(java.time.temporal.ChronoField.YEAR);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException(what + " \"" + text.strip() + "\" is outside the years " + FIRST_YEAR + "-"
                    + LAST_YEAR);
        }
        return t;
    }

    /** An instant with an offset ({@code 2026-06-12T12:00Z}) for {@code what}, in the supported years. */
    public static java.time.Instant offsetInstant(String what, String text) {
        try {
            return inYears(java.time.OffsetDateTime.parse(text.strip()), what, text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " \"" + text.strip() + "\" is not a date and time with an offset"
                    + impossibleDate(e).map(m -> ": " + m).orElse(", e.g. 2026-06-12T12:00:00Z"));
        }
    }

    /** Why a date that reads well is not one (November 31, February 29 of a common year), when that is the cause. */
    static Optional<String> impossibleDate(DateTimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.startsWith("Invalid date")) {
                return Optional.of("no such day (" + m.substring("Invalid date ".length()) + ")");
            }
        }
        return Optional.empty();
    }

    public static ZonedDateTime parse(String text, Optional<ZoneId> defaultZone) {
        return inYears(parseAnyYear(text, defaultZone), "kickoff", text);
    }

    private static ZonedDateTime parseAnyYear(String text, Optional<ZoneId> defaultZone) {
        String s = text.strip();
        try {
            // ISO with an offset, a [zone] or both; a bare local time falls through to the zone rules below
            if (ISO.parseBest(s, ZonedDateTime::from, LocalDateTime::from)
                    instanceof ZonedDateTime z) {
                return z;
            }
        } catch (DateTimeParseException e) {
            if (impossibleDate(e).isPresent()) {
                throw new IllegalArgumentException("kickoff \"" + text + "\" is not a date: " + impossibleDate(e).get());
            }
            // else try the next form
        }
        int space = s.lastIndexOf(' ');
        if (space > 0 && Character.isLetter(s.charAt(space + 1)) && Character.isDigit(s.charAt(0))) {
            String zone = s.substring(space + 1);
            try {
                ZoneId z = ZoneId.of(zone);
                return inZone(local(s.substring(0, space).strip(), text), z, text);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone '" + zone + "' in kickoff \"" + text
                        + "\": use an IANA name such as Europe/London");
            }
        }
        LocalDateTime local = local(s, text);
        return defaultZone.map(z -> inZone(local, z, text)).orElseThrow(() -> new IllegalArgumentException(
                "kickoff \"" + text + "\" has no time zone: add an offset (2026-06-12T19:00+02:00), a zone "
                        + "(2026-06-12 19:00 Europe/Paris) or set the calendar's zone"));
    }

    /**
     * A local time in its zone; one the clocks skip (01:30 on the night they go forward) is no time of that day:
     * java.time would move it on by the gap, silently, and the match would be planned an hour late.
     */
    private static ZonedDateTime inZone(LocalDateTime local, ZoneId zone, String original) {
        var gap = zone.getRules().getTransition(local);
        if (gap != null && gap.isGap()) {
            throw new IllegalArgumentException("kickoff \"" + original.strip() + "\" does not exist in " + zone
                    + ": the clocks go forward from " + gap.getDateTimeBefore().toLocalTime() + " to "
                    + gap.getDateTimeAfter().toLocalTime() + " that night; give the kickoff with its offset");
        }
        return ZonedDateTime.of(local, zone);
    }

    private static LocalDateTime local(String s, String original) {
        try {
            if (s.length() == 10) {
                throw new IllegalArgumentException("kickoff \"" + original + "\" has a date but no time of day");
            }
            return LocalDateTime.parse(s.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            if (impossibleDate(e).isPresent()) {
                throw new IllegalArgumentException("kickoff \"" + original + "\" is not a date: "
                        + impossibleDate(e).get());
            }
            throw new IllegalArgumentException("kickoff \"" + original
                    + "\" is not a date and time: write 2026-06-12T19:00+02:00 or 2026-06-12 19:00 Europe/Paris");
        }
    }

    /** A zone id, with the IANA hint when it is unknown. */
    public static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text + "': use an IANA name such as Europe/London");
        }
    }
}
