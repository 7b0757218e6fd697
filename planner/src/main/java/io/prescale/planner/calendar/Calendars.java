package io.prescale.planner.calendar;

import io.prescale.planner.config.InputFiles;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Event;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Picks the reader for a calendar file by its extension. */
public final class Calendars {
    /** How a warning names an entry that was read but cannot be planned (no kickoff time): counted in headers. */
    public static final String PLACEHOLDER = "a placeholder, not planned";

    private Calendars() {
    }

    /** How many entries the warnings name as placeholders without a kickoff time. */
    public static long placeholders(List<io.prescale.planner.diag.Diagnostic> warnings) {
        return warnings.stream().filter(d -> d.summary().endsWith(PLACEHOLDER)).count();
    }

    public static List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        // a feed's text is not a file whose size was checked (more chars than the limit is more bytes too)
        Optional<String> tooLarge = InputFiles.tooLarge(text.length(), InputFiles.limitFor(file));
        if (tooLarge.isPresent()) {
            diags.error(SourceLocation.of(file), "cannot read " + file + ": " + tooLarge.get());
            return List.of();
        }
        String f = file.toLowerCase(Locale.ROOT);
        CalendarReader r;
        if (f.endsWith(".yaml") || f.endsWith(".yml")) {
            r = new YamlCalendarReader();
        } else if (f.endsWith(".csv")) {
            r = new CsvCalendarReader();
        } else if (f.endsWith(".ics") || f.endsWith(".ical") || f.endsWith(".ifb")) {
            r = new IcsCalendarReader();
        } else if (f.endsWith(".json")) {
            r = new JsonFixturesReader();
        } else {
            diags.error(SourceLocation.of(file), "unknown calendar format",
                    "use .yaml, .csv, .ics or .json (football-data.org v4 matches, openfootball football.json)");
            return List.of();
        }
        List<Event> events = r.read(file, text, ctx, diags);
        if (r instanceof YamlCalendarReader) {
            // its free text is the title and the venue (the other readers give rules their fields themselves)
            return events.stream().map(e -> ctx.rules().apply(e, new MappingRules.Fields(e.title(), "", e.location(),
                    List.of()))).toList();
        }
        return events;
    }
}
