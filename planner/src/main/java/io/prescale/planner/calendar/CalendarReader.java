package io.prescale.planner.calendar;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.Event;
import java.util.List;

/** Reads one calendar file's text into events; problems go to {@code diags} and the bad entry is skipped. */
public interface CalendarReader {
    List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags);
}
