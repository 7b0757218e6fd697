package io.prescale.planner.calendar;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What a calendar reader needs beyond the text: the zone for local times that carry none (CSV {@code kickoff_local},
 * ICS floating times), the window in which recurring events are expanded into occurrences, and how to plan an
 * all-day entry ({@code allDay}: the local kickoff times of its matches on each of its days; empty: it is a
 * placeholder, reported and not planned) and the scenario's {@code calendarRules:} (what entries mean where the
 * feed does not say it as prescale reads it).
 */
public record CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo,
                              List<LocalTime> allDay, MappingRules rules) {
    public CalendarContext {
        allDay = allDay == null ? List.of() : List.copyOf(allDay);
        rules = rules == null ? MappingRules.none() : rules;
    }

    public CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo,
                           List<LocalTime> allDay) {
        this(defaultZone, expandFrom, expandTo, allDay, MappingRules.none());
    }

    public CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo) {
        this(defaultZone, expandFrom, expandTo, List.of());
    }
}
