package io.prescale.planner.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What a calendar reader needs beyond the text: the zone for local times that carry none (CSV {@code kickoff_local},
 * ICS floating times) and the window in which recurring events are expanded into occurrences.
 */
public record CalendarContext(Optional<ZoneId> defaultZone, Instant expandFrom, Instant expandTo) {
}
