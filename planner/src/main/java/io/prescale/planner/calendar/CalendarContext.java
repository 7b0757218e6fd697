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
 * feed does not say it as prescale reads it), and the order of day and month in a CSV's {@code 03/12/2022} dates
 * when no date in the file tells ({@code dateOrder}).
 */
public record CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo,
                              List<LocalTime> allDay, MappingRules rules, Optional<DateOrder> dateOrder) {
    /** Which comes first in a date written with slashes: {@code 03/12/2022} is 3 December or March 12. */
    public enum DateOrder {
        DAY_MONTH, MONTH_DAY
    }

    public CalendarContext {
        allDay = allDay == null ? List.of() : List.copyOf(allDay);
        rules = rules == null ? MappingRules.none() : rules;
        dateOrder = dateOrder == null ? Optional.empty() : dateOrder;
    }

    public CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo,
                           List<LocalTime> allDay, MappingRules rules) {
        this(defaultZone, expandFrom, expandTo, allDay, rules, Optional.empty());
    }

    public CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo,
                           List<LocalTime> allDay) {
        this(defaultZone, expandFrom, expandTo, allDay, MappingRules.none());
    }

    public CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo) {
        this(defaultZone, expandFrom, expandTo, List.of());
    }
}
