package io.prescale.planner.calendar;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Event;
import java.util.List;

/** Placeholder until the Ics reader lands. */
public final class IcsCalendarReader implements CalendarReader {
    @Override
    public List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        diags.error(SourceLocation.of(file), "Ics calendars are not readable yet");
        return List.of();
    }
}
