package io.prescale.planner.calendar;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.RRule;

/**
 * Reads events from an iCalendar feed ({@code .ics}), as exported by Google Calendar or a league's fixture feed.
 * Each VEVENT becomes an event: UID is the id, SUMMARY the title (teams are read from {@code A vs B}), DTSTART the
 * kickoff (with TZID, in UTC, or floating in the calendar's zone). Recurring events are expanded with ical4j into
 * the occurrences that start in the context's window, each with id {@code UID@yyyyMMddTHHmm} (local start), and
 * instances overridden by RECURRENCE-ID replace the occurrence they name. Planning data rides in
 * {@code X-PRESCALE-*} properties:
 * <pre>
 * CATEGORIES:Football,Final          # the first category that names a stage, unless X-PRESCALE-STAGE is given;
 *                                   # else a stage named in SUMMARY ("(Group A)", "Round of 16", "QF1"), then DESCRIPTION
 * X-PRESCALE-STAGE:custom:premiere
 * X-PRESCALE-REGION:UK
 * X-PRESCALE-SHAPE:football
 * X-PRESCALE-P50:2M
 * X-PRESCALE-P90:3M
 * X-PRESCALE-COMPETITION:World Cup   # else the calendar's X-WR-CALNAME
 * </pre>
 * All-day entries are skipped with a warning, cancelled ones silently. ical4j keeps no line numbers, so the
 * text is scanned once to find the line of each VEVENT and its properties.
 */
final class IcsCalendarReader implements CalendarReader {
    private static final String X_STAGE = "X-PRESCALE-STAGE";
    private static final String X_REGION = "X-PRESCALE-REGION";
    private static final String X_SHAPE = "X-PRESCALE-SHAPE";
    private static final String X_P50 = "X-PRESCALE-P50";
    private static final String X_P90 = "X-PRESCALE-P90";
    private static final String X_COMPETITION = "X-PRESCALE-COMPETITION";
    private static final Set<String> KNOWN_X = Set.of(X_STAGE, X_REGION, X_SHAPE, X_P50, X_P90, X_COMPETITION);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm", Locale.ROOT);
    private static final Stage DEFAULT_STAGE = new Stage(StageKind.CUSTOM, "event");
    /** Stands in for each line of an entry ical4j could not read: a calendar property nothing reads. */
    private static final String SKIPPED = "X-PRESCALE-SKIPPED:";
    /** A recurring event starts at most this many times a day (BYHOUR x BYMINUTE x BYSECOND); finer is refused. */
    static final int MAX_STARTS_PER_DAY = 24;
    /** The largest RRULE COUNT: ical4j counts every occurrence from DTSTART, so COUNT=2000000000 ran for minutes. */
    static final int MAX_COUNT = 10_000;
    /** The most occurrences one recurring event may have in the planning window. */
    static final int MAX_SERIES_EVENTS = 10_000;
    /** The most events one calendar may have in the planning window. */
    static final int MAX_CALENDAR_EVENTS = 20_000;
    /** Unreadable entries are skipped and the file parsed again; after this many the file is given up on. */
    static final int MAX_SKIPPED_ENTRIES = 20;

    @Override
    public List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        if (text.isBlank()) {
            diags.error(SourceLocation.of(file), "the file is empty", "an iCalendar file starts with BEGIN:VCALENDAR");
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
        for (int skipped = 0; ; skipped++) {
            if (skipped > MAX_SKIPPED_ENTRIES) {
                // each skipped entry costs a parse of the whole file: 1,500 bad entries took 53 s and 1.2 GB
                diags.error(SourceLocation.of(file), "more than " + MAX_SKIPPED_ENTRIES + " entries cannot be read; "
                        + "reading stopped", "fix the entries above and read the file again");
                return List.of();
            }
            String current = String.join("\n", lines);
            try {
                Calendar cal = new CalendarBuilder().build(new StringReader(current));
                return new Reading(file, current, cal, ctx, diags).events();
            } catch (ParserException e) {
                if (!skipEntry(file, lines, e, diags)) {
                    return List.of();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("read iCalendar " + file, e); // a StringReader does no I/O
            } catch (ClassCastException e) {
                // ical4j builds what it reads, so a DAYLIGHT outside its VTIMEZONE fails as a cast
                diags.error(SourceLocation.of(file), "not a valid iCalendar file", MISPLACED);
                return List.of();
            } catch (RuntimeException e) {
                diags.error(SourceLocation.of(file), "not a valid iCalendar file", plain(String.valueOf(e.getMessage())));
                return List.of();
            }
        }
    }

    /**
     * ical4j stops at the first property it cannot read (a malformed DTSTART, an unknown RRULE frequency). When that
     * property is inside a VEVENT, report it, blank the VEVENT out (keeping line numbers) and let the caller parse
     * again, so one bad entry does not hide the others. False when the file itself is broken.
     */
    private static boolean skipEntry(String file, List<String> lines, ParserException e, Diagnostics diags) {
        String msg = plain(e.getMessage() == null ? "" : e.getMessage().replaceFirst("^Error at line \\d+:\\s*", ""));
        int at = e.getLineNo() - 1;
        int begin = at;
        while (begin >= 0 && begin < lines.size() && !isLine(lines.get(begin), "BEGIN:VEVENT")
                && !isLine(lines.get(begin), "BEGIN:VCALENDAR") && (begin == at || !isLine(lines.get(begin), "END:VEVENT"))) {
            begin--;
        }
        int end = at;
        while (end >= 0 && end < lines.size() && !isLine(lines.get(end), "END:VEVENT")
                && !isLine(lines.get(end), "END:VCALENDAR") && (end == at || !isLine(lines.get(end), "BEGIN:VEVENT"))) {
            end++;
        }
        if (at < 0 || begin < 0 || end >= lines.size() || !isLine(lines.get(begin), "BEGIN:VEVENT")
                || !isLine(lines.get(end), "END:VEVENT")) {
            diags.error(new SourceLocation(file, Math.max(e.getLineNo(), 0), 0, ""), "not a valid iCalendar file", msg);
            return false;
        }
        int start = at;
        while (start > begin && !lines.get(start).isEmpty() && Character.isWhitespace(lines.get(start).charAt(0))) {
            start--; // back to the first line of a folded property
        }
        String property = lines.get(start).split("[;:]", 2)[0].strip().toUpperCase(Locale.ROOT);
        diags.error(new SourceLocation(file, start + 1, 0, property), property + " cannot be read; entry skipped", msg);
        for (int i = begin; i <= end; i++) {
            lines.set(i, SKIPPED);
        }
        return true;
    }

    private static final String MISPLACED = "a component is outside the one it belongs in (e.g. a DAYLIGHT or "
            + "STANDARD outside BEGIN:VTIMEZONE): check the BEGIN: and END: lines";

    /** ical4j's messages without its class names: "No enum constant ...Day.XX" is "unknown value 'XX'". */
    static String plain(String msg) {
        if (msg.contains("cannot be cast to")) {
            return MISPLACED;
        }
        if (msg.contains("Cannot invoke") || msg.contains("is null")) {
            // ical4j follows what a component should hold without checking: a VTIMEZONE with no STANDARD
            return "a component lacks a part it needs (e.g. a VTIMEZONE without STANDARD or DAYLIGHT): check the "
                    + "BEGIN: and END: lines";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("No enum constant [\\w.$]+\\.(\\w*)").matcher(msg);
        if (m.find()) {
            return "unknown value '" + m.group(1) + "'";
        }
        m = java.util.regex.Pattern.compile("Unable to obtain \\w+ from TemporalAccessor: (\\S+) of type [\\w.$]+")
                .matcher(msg);
        if (m.find()) {
            // java.time's words: a date-time read without a zone, used where the other end of a span has one
            return "the date-time " + m.group(1) + " has no zone where one is needed (a DTSTART, DTEND or RRULE mixing"
                    + " times with and without a TZID, or a TZID parameter that cannot be read)";
        }
        m = java.util.regex.Pattern.compile("For input string: \"([^\"]*)\"").matcher(msg);
        if (m.find()) {
            return "'" + m.group(1) + "' is not a number, or too large";
        }
        String out = msg.replaceAll("\\b(?:java|net\\.fortuna)\\.[\\w.$]+\\.(\\w+(?:Exception|Error))\\b:?\\s*", "");
        // whatever else names ical4j's classes says nothing to whoever fixes the feed
        return out.contains("fortuna") ? "the file does not follow iCalendar (RFC 5545) here" : out;
    }

    private static boolean isLine(String line, String content) {
        return line.strip().equalsIgnoreCase(content);
    }

    /** Where a VEVENT starts and the first line of each of its own properties (not those of a nested VALARM). */
    private record Block(int line, Map<String, Integer> properties, Map<String, Integer> repeated,
                         List<Raw> raw) {
        /** Properties whose text is checked as written: ical4j re-formats dates (20261131 comes back as 20261201). */
        static final Set<String> CHECKED = Set.of(Property.DTSTART, Property.DTEND, Property.RECURRENCE_ID,
                Property.EXDATE, Property.RDATE, Property.RRULE);

        Block(int line, Map<String, Integer> properties) {
            this(line, properties, Map.of(), List.of());
        }

        int lineOf(String property) {
            return properties.getOrDefault(property, line);
        }

        static List<Block> scan(String text) {
            List<Block> out = new ArrayList<>();
            String[] lines = text.split("\r\n|\r|\n", -1);
            Map<String, Integer> props = null;
            Map<String, Integer> repeated = null;
            List<Raw> raw = null;
            int begin = 0;
            int depth = 0;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                if (l.isEmpty() || l.charAt(0) == ' ' || l.charAt(0) == '\t') {
                    continue; // a folded continuation line
                }
                String u = l.strip().toUpperCase(Locale.ROOT);
                if (props == null) {
                    if (u.equals("BEGIN:VEVENT")) {
                        props = new HashMap<>();
                        repeated = new HashMap<>();
                        raw = new ArrayList<>();
                        begin = i + 1;
                        depth = 0;
                    }
                } else if (u.startsWith("BEGIN:")) {
                    depth++;
                } else if (u.startsWith("END:")) {
                    if (depth == 0) {
                        out.add(new Block(begin, props, repeated, raw));
                        props = null;
                    } else {
                        depth--;
                    }
                } else if (depth == 0) {
                    int end = u.length();
                    for (char c : new char[] {';', ':'}) {
                        int at = u.indexOf(c);
                        if (at >= 0 && at < end) {
                            end = at;
                        }
                    }
                    String name = u.substring(0, end);
                    if (props.putIfAbsent(name, i + 1) != null) {
                        repeated.putIfAbsent(name, i + 1);
                    }
                    if (CHECKED.contains(name)) {
                        raw.add(new Raw(name, i + 1, l.substring(l.lastIndexOf(':') + 1).strip()));
                    }
                }
            }
            if (props != null) {
                out.add(new Block(begin, props, repeated, raw));
            }
            return out;
        }
    }

    /** A property's value as written in the file, at its line. */
    private record Raw(String name, int line, String value) {
    }

    /** One VEVENT with its lines; {@code fallback} is the series' master an override inherits missing values from. */
    private record Entry(VEvent event, Block block, Optional<Entry> fallback) {

        Optional<String> text(String property) {
            Optional<String> own = event.getProperty(property).map(Property::getValue).map(String::strip)
                    .filter(s -> !s.isEmpty());
            return own.isPresent() ? own : fallback.flatMap(f -> f.text(property));
        }

        /** The entry whose property is used, so a message points at the line that holds it. */
        Entry holder(String property) {
            return event.getProperty(property).isEmpty() && fallback.isPresent() ? fallback.get().holder(property) : this;
        }

        boolean has(String property) {
            return event.getProperty(property).isPresent();
        }

        Optional<String> uid() {
            return event.getProperty(Property.UID).map(Property::getValue).map(String::strip).filter(s -> !s.isEmpty());
        }

        boolean cancelled() {
            return event.getProperty(Property.STATUS).map(p -> p.getValue().strip().equalsIgnoreCase("CANCELLED"))
                    .orElse(false);
        }
    }

    /** What every occurrence of one VEVENT shares. */
    private record Details(String title, String competition, Stage stage, List<String> teams, String region,
                           Optional<String> shape, Optional<AudienceDistribution> audience) {
    }

    /** A resolved DTSTART (or RECURRENCE-ID): turns ical4j's temporals of that property into zoned kickoffs. */
    private record Start(Temporal value, Optional<ZoneId> named, Optional<ZoneId> floating) {

        ZonedDateTime zoned(Temporal t) {
            return switch (t) {
                // ical4j names the zone of a VTIMEZONE "ical4j~<uuid>": keep its instant, show it in the IANA zone
                // the TZID names, or at its offset when the TZID is not an IANA name (Outlook's Windows names)
                case ZonedDateTime z -> named.map(z::withZoneSameInstant).orElseGet(() -> z.withZoneSameInstant(z.getOffset()));
                case OffsetDateTime o -> o.atZoneSameInstant(o.getOffset());
                case Instant i -> i.atZone(ZoneOffset.UTC);
                case LocalDateTime l -> l.atZone(floating.orElseThrow());
                default -> throw new IllegalStateException("unexpected start " + t.getClass());
            };
        }

        ZonedDateTime kickoff() {
            return zoned(value);
        }

        boolean isFloating() {
            return value instanceof LocalDateTime;
        }
    }

    /** The state of reading one calendar. */
    private static final class Reading {
        private final String file;
        private final String text;
        private final Calendar cal;
        private final CalendarContext ctx;
        private final Diagnostics diags;
        private final String calendarName;
        private final Optional<ZoneId> calendarZone;
        private final Map<String, Integer> idLines = new HashMap<>();
        /** Events made so far; past {@link #MAX_CALENDAR_EVENTS} nothing more is expanded. */
        private int made;
        private boolean tooMany;

        Reading(String file, String text, Calendar cal, CalendarContext ctx, Diagnostics diags) {
            this.file = file;
            this.text = text;
            this.cal = cal;
            this.ctx = ctx;
            this.diags = diags;
            this.calendarName = cal.getProperty("X-WR-CALNAME").map(Property::getValue).map(String::strip).orElse("");
            // Google and Apple write the calendar's own zone here and use it for floating times
            Optional<ZoneId> feedZone = cal.getProperty("X-WR-TIMEZONE").flatMap(p -> javaZone(p.getValue()));
            this.calendarZone = feedZone.or(ctx::defaultZone);
            if (feedZone.isPresent() && ctx.defaultZone().isPresent() && !feedZone.get().equals(ctx.defaultZone().get())) {
                diags.warning(new SourceLocation(file, lineOf("X-WR-TIMEZONE"), 0, "X-WR-TIMEZONE"), "the feed's zone "
                        + feedZone.get() + " and the calendar's zone " + ctx.defaultZone().get() + " differ: floating "
                        + "times follow the feed's " + feedZone.get(), "times with a TZID or Z are not affected");
            }
        }

        /** The line of the first property named {@code name} (1-based; 0 when absent). */
        private int lineOf(String name) {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].regionMatches(true, 0, name, 0, name.length())) {
                    return i + 1;
                }
            }
            return 0;
        }

        /** Entries whose UID an earlier entry has, with that entry's UID line. */
        private final Map<Entry, Integer> duplicates = new HashMap<>();

        private static boolean sameEntry(Entry a, Entry b) {
            return a.text(Property.DTSTART).equals(b.text(Property.DTSTART))
                    && a.text(Property.SUMMARY).equals(b.text(Property.SUMMARY))
                    && a.text(Property.RRULE).equals(b.text(Property.RRULE));
        }

        List<Event> events() {
            List<VEvent> vevents = cal.getComponents(Component.VEVENT);
            List<Block> blocks = Block.scan(text);
            Map<String, Entry> masters = new LinkedHashMap<>();
            List<Entry> singles = new ArrayList<>();
            List<Entry> overrides = new ArrayList<>();
            for (int i = 0; i < vevents.size(); i++) {
                Block b = i < blocks.size() ? blocks.get(i) : new Block(0, Map.of());
                Entry e = new Entry(vevents.get(i), b, Optional.empty());
                Optional<String> uid = e.uid();
                if (uid.isPresent() && e.has(Property.RECURRENCE_ID)) {
                    overrides.add(e);
                } else if (uid.isEmpty()) {
                    singles.add(e);
                } else if (masters.containsKey(uid.get())) {
                    // feeds do publish two matches under one UID: plan the second under its content id, and say so
                    Entry m = masters.get(uid.get());
                    int first = m.block().lineOf(Property.UID);
                    if (sameEntry(m, e)) {
                        diags.warning(at(e, Property.UID), "duplicate UID '" + uid.get() + "': the entry on line "
                                + first + " again (same start and summary); skipped");
                    } else {
                        duplicates.put(e, first);
                        singles.add(e);
                    }
                } else {
                    masters.put(uid.get(), e);
                }
            }
            List<Event> out = new ArrayList<>();
            Set<String> failed = new HashSet<>();
            Map<String, Map<Instant, Event>> series = new LinkedHashMap<>();
            for (Entry m : masters.values()) {
                if (m.cancelled()) {
                    failed.add(m.uid().orElseThrow()); // a cancelled series takes its moved instances with it
                    continue;
                }
                occurrences(m, m.uid().orElseThrow()).ifPresentOrElse(
                        occ -> series.put(m.uid().orElseThrow(), occ), () -> failed.add(m.uid().orElseThrow()));
            }
            for (Entry e : singles) {
                if (!e.cancelled()) {
                    occurrences(e, null).ifPresent(occ -> out.addAll(occ.values()));
                }
            }
            List<Event> moved = new ArrayList<>();
            for (Entry o : overrides) {
                String uid = o.uid().orElseThrow();
                if (!failed.contains(uid)) {
                    override(new Entry(o.event(), o.block(), Optional.ofNullable(masters.get(uid))), series.get(uid))
                            .ifPresent(moved::add);
                }
            }
            series.values().forEach(occ -> out.addAll(occ.values()));
            out.addAll(moved);
            if (tooMany) {
                return List.of();
            }
            out.sort(Comparator.comparing(Event::start).thenComparing(Event::id));
            return unique(out);
        }

        /** Occurrences of one VEVENT by start instant: its own start, or those of its recurrence in the window. */
        private Optional<Map<Instant, Event>> occurrences(Entry e, String uid) {
            if (tooMany) {
                return Optional.empty();
            }
            Optional<Map<Instant, Event>> occ = expand(e, uid);
            occ.ifPresent(o -> made += o.size());
            if (made > MAX_CALENDAR_EVENTS) {
                tooMany = true;
                diags.error(new SourceLocation(file, e.block().line(), 0, ""), "the calendar has more than "
                        + MAX_CALENDAR_EVENTS + " events in the planning window", "reached at this entry; split the "
                        + "calendar or shorten plan.horizon");
                return Optional.empty();
            }
            return occ;
        }

        /** Properties that may be given once per entry: a second one would silently lose to the first. */
        private static final List<String> ONCE = List.of(Property.DTSTART, Property.DTEND, Property.DURATION,
                Property.RECURRENCE_ID, Property.UID, Property.RRULE);
        private static final java.util.regex.Pattern YMD = java.util.regex.Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

        /**
         * What ical4j reads without complaint but plans wrong: a property given twice (the first wins), an EXDATE or
         * RDATE with no date, a day that does not exist (20261131 was planned on Dec 1), a COUNT or INTERVAL below 1
         * (COUNT=-1 and INTERVAL=0 were expanded as an endless daily series). One error each, at its line.
         */
        private boolean wellFormed(Entry e) {
            int errorsBefore = diags.errorCount();
            for (String p : ONCE) {
                Integer second = e.block().repeated().get(p);
                if (second != null) {
                    diags.error(new SourceLocation(file, second, 0, p), p + " given twice in one entry",
                            "first on line " + e.block().lineOf(p) + "; give it once");
                }
            }
            for (Raw r : e.block().raw()) {
                SourceLocation at = new SourceLocation(file, r.line(), 0, r.name());
                if (r.name().equals(Property.RRULE)) {
                    continue;
                }
                if (r.value().isEmpty()) {
                    diags.error(at, r.name() + " has no date", "give a date such as 20260611T190000Z, or remove it");
                    continue;
                }
                for (String one : r.value().split(",")) {
                    noSuchDay(one.strip()).ifPresent(why -> diags.error(at, r.name() + " " + one.strip() + ": " + why));
                }
            }
            for (Raw r : e.block().raw()) {
                if (!r.name().equals(Property.RRULE)) {
                    continue;
                }
                for (String part : r.value().split(";")) {
                    String[] kv = part.split("=", 2);
                    String key = kv[0].strip().toUpperCase(Locale.ROOT);
                    String v = kv.length > 1 ? kv[1].strip() : "";
                    if (key.equals("COUNT") || key.equals("INTERVAL")) {
                        long n;
                        try {
                            n = Long.parseLong(v);
                        } catch (NumberFormatException ex) {
                            n = 0;
                        }
                        if (n < 1) {
                            diags.error(at(e, Property.RRULE), key + "=" + v + " is not a whole number of at least 1",
                                    key.equals("COUNT") ? "COUNT is how many times the event happens"
                                            : "INTERVAL is every how many days, weeks, months or years");
                        }
                    } else if (key.equals("UNTIL")) {
                        noSuchDay(v).ifPresent(why -> diags.error(at(e, Property.RRULE), "UNTIL=" + v + ": " + why));
                    }
                }
            }
            return diags.errorCount() == errorsBefore;
        }

        /** Why {@code 20261131T190000Z} is no date, or empty when its day exists (or it is no date at all). */
        private static Optional<String> noSuchDay(String value) {
            java.util.regex.Matcher m = YMD.matcher(value);
            if (!m.lookingAt()) {
                return Optional.empty(); // not our form: ical4j's own check reports it
            }
            int y = Integer.parseInt(m.group(1));
            int mo = Integer.parseInt(m.group(2));
            int d = Integer.parseInt(m.group(3));
            try {
                LocalDate.of(y, mo, d);
                return Optional.empty();
            } catch (DateTimeException ex) {
                return Optional.of("no such day (" + ex.getMessage() + ")");
            }
        }

        private Optional<Map<Instant, Event>> expand(Entry e, String uid) {
            int errorsBefore = diags.errorCount();
            if (!wellFormed(e)) {
                return Optional.empty();
            }
            warnUnknownProperties(e);
            Optional<LocalDate> allDay = ctx.allDay().isEmpty() || recurring(e) ? Optional.empty() : allDayStart(e);
            if (allDay.isPresent()) {
                return allDay(e, uid, allDay.get());
            }
            Optional<Start> start = start(e, Property.DTSTART);
            Optional<Details> details = details(e);
            if (start.isEmpty() || details.isEmpty() || diags.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            String base = uid != null ? uid : duplicates.containsKey(e) ? duplicateId(e, start.get(), details.get())
                    : generatedId(e, start.get(), details.get());
            Map<Instant, Event> out = new TreeMap<>();
            if (!recurring(e)) {
                ZonedDateTime k = start.get().kickoff();
                out.put(k.toInstant(), event(base, details.get(), k, e));
                return Optional.of(out);
            }
            Set<Period<Temporal>> set;
            try {
                if (!boundedRecurrence(e, start.get())) {
                    return Optional.empty();
                }
                set = e.event().calculateRecurrenceSet(window(start.get()));
            } catch (RuntimeException ex) {
                diags.error(at(e, e.has(Property.RRULE) ? Property.RRULE : Property.RDATE), "cannot expand the recurrence",
                        plain(String.valueOf(ex.getMessage())));
                return Optional.empty();
            }
            Set<String> ids = new HashSet<>();
            boolean sameMinute = false;
            for (Period<Temporal> p : set) {
                ZonedDateTime k = start.get().zoned(p.getStart());
                if (inWindow(k)) {
                    String id = base + "@" + COMPACT.format(k);
                    if (ids.add(id)) {
                        out.put(k.toInstant(), event(id, details.get(), k, e));
                    } else if (!sameMinute) {
                        sameMinute = true; // once per series, not once per occurrence
                        diags.error(at(e, Property.RRULE), "the recurrence starts twice in one minute ("
                                + COMPACT.format(k) + ")", "occurrences are named by their minute; later ones skipped");
                    }
                }
            }
            if (out.size() > MAX_SERIES_EVENTS) {
                diags.error(at(e, recurrenceProperty(e)), "the recurrence has more than " + MAX_SERIES_EVENTS
                        + " occurrences in the planning window", "give it an UNTIL or a COUNT");
                return Optional.empty();
            }
            return Optional.of(out);
        }

        private static Optional<LocalDate> allDayStart(Entry e) {
            try {
                return e.event().<DateProperty<Temporal>>getProperty(Property.DTSTART)
                        .map(p -> p.getDate() instanceof LocalDate d ? d : null);
            } catch (DateTimeException ex) {
                return Optional.empty();
            }
        }

        /**
         * An all-day entry ("Round of 16", one entry for the matches of several days) planned as the calendar's
         * {@code allDay} kickoffs on each of its days, in the calendar's zone; said so, so it is never silent.
         */
        private Optional<Map<Instant, Event>> allDay(Entry e, String uid, LocalDate first) {
            Optional<Details> details = details(e);
            if (details.isEmpty()) {
                return Optional.empty();
            }
            if (calendarZone.isEmpty()) {
                diags.error(at(e, Property.DTSTART), "all-day entry with allDay kickoffs but no calendar zone",
                        "set the calendar's zone (calendar: {file: ..., zone: Europe/London}) or X-WR-TIMEZONE");
                return Optional.empty();
            }
            LocalDate end = first.plusDays(1);
            try {
                Optional<DateProperty<Temporal>> dtend = e.event().getProperty(Property.DTEND);
                if (dtend.isPresent() && dtend.get().getDate() instanceof LocalDate d && d.isAfter(first)) {
                    end = d;
                }
            } catch (DateTimeException ex) {
                // an unreadable DTEND: the entry's first day only
            }
            if (java.time.temporal.ChronoUnit.DAYS.between(first, end) > 31) {
                diags.error(at(e, Property.DTEND), "all-day entry spans more than 31 days",
                        "an entry for a round of matches spans a few days; split it or give each match its time");
                return Optional.empty();
            }
            String base = uid != null ? uid : EventNames.slug(first.toString(), details.get().title());
            Map<Instant, Event> out = new TreeMap<>();
            for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
                for (java.time.LocalTime t : ctx.allDay()) {
                    ZonedDateTime k = ZonedDateTime.of(d, t, calendarZone.get());
                    if (inWindow(k)) {
                        out.put(k.toInstant(), event(base + "@" + COMPACT.format(k), details.get(), k, e));
                    }
                }
            }
            diags.warning(at(e, Property.DTSTART), "all-day entry '" + details.get().title() + "' planned as "
                    + out.size() + " match(es) at " + String.join(", ", ctx.allDay().stream().map(Object::toString).toList())
                    + " on each of its days (the calendar's allDay:, else calendarAllDay:)",
                    "a placeholder: give each match its own entry with its kickoff time when the feed has them");
            return Optional.of(out);
        }

        /** An instance moved, re-timed or cancelled by RECURRENCE-ID: takes the place of the occurrence it names. */
        private Optional<Event> override(Entry o, Map<Instant, Event> occurrences) {
            int errorsBefore = diags.errorCount();
            if (!wellFormed(o)) {
                return Optional.empty();
            }
            warnUnknownProperties(o);
            Optional<Start> rid = start(o, Property.RECURRENCE_ID);
            if (rid.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime original = rid.get().kickoff();
            Event replaced = occurrences == null ? null : occurrences.remove(original.toInstant());
            if (o.cancelled()) {
                return Optional.empty();
            }
            Optional<Start> start = start(o, Property.DTSTART);
            Optional<Details> details = details(o);
            if (start.isEmpty() || details.isEmpty() || diags.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            ZonedDateTime k = start.get().kickoff();
            if (occurrences != null && !inWindow(k)) {
                return Optional.empty();
            }
            // keep the id of the slot it replaces, so a moved match is still the same event
            String id = replaced != null ? replaced.id() : o.uid().orElseThrow() + "@" + COMPACT.format(original);
            return Optional.of(event(id, details.get(), k, o));
        }

        private Event event(String id, Details d, ZonedDateTime kickoff, Entry e) {
            String location = e.text(Property.LOCATION).orElse("");
            Event ev = new Event(id, d.title(), d.competition(), d.stage(), d.teams(), kickoff, d.region(), d.shape(),
                    d.audience(), Duration.ZERO, new SourceLocation(file, e.block().line(), 0, ""), location);
            return ctx.rules().apply(ev, new MappingRules.Fields(d.title(), e.text(Property.DESCRIPTION).orElse(""),
                    location, categories(e)));
        }

        /** The entry's categories, else its series': an instance's own replace the series'. */
        private static List<String> categories(Entry e) {
            for (Entry from = e; from != null; from = from.fallback().orElse(null)) {
                List<String> out = new ArrayList<>();
                for (Property p : from.event().<Property>getProperties(Property.CATEGORIES)) {
                    for (String c : p.getValue().split("(?<!\\\\),")) {
                        String cat = c.replace("\\,", ",").strip();
                        if (!cat.isEmpty()) {
                            out.add(cat);
                        }
                    }
                }
                if (!from.event().getProperties(Property.CATEGORIES).isEmpty()) {
                    return out;
                }
            }
            return List.of();
        }

        private static String recurrenceProperty(Entry e) {
            return e.has(Property.RRULE) ? Property.RRULE : Property.RDATE;
        }

        /**
         * Refuses, with one error at the RRULE's line, a rule whose expansion has no useful bound: a start more often
         * than hourly (FREQ=SECONDLY with no end reached 5.3 GB), a COUNT in the billions, or more than
         * {@link #MAX_SERIES_EVENTS} starts in the window (counted by ical4j with a limit, before expanding it).
         */
        @SuppressWarnings("unchecked")
        private boolean boundedRecurrence(Entry e, Start s) {
            for (Property p : e.event().<Property>getProperties(Property.RRULE)) {
                Recur<Temporal> r = ((RRule<Temporal>) p).getRecur();
                String freq = String.valueOf(r.getFrequency());
                if (freq.equals("SECONDLY") || freq.equals("MINUTELY") || freq.equals("HOURLY")) {
                    diags.error(at(e, Property.RRULE), "FREQ=" + freq + " is not supported for events",
                            "an event recurs at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); list the times "
                                    + "with BYHOUR, at most " + MAX_STARTS_PER_DAY + " a day");
                    return false;
                }
                long perDay = (long) Math.max(1, r.getHourList().size()) * Math.max(1, r.getMinuteList().size())
                        * Math.max(1, r.getSecondList().size());
                if (perDay > MAX_STARTS_PER_DAY) {
                    diags.error(at(e, Property.RRULE), "the recurrence starts " + perDay + " times a day",
                            "BYHOUR x BYMINUTE x BYSECOND may give at most " + MAX_STARTS_PER_DAY + " starts a day");
                    return false;
                }
                if (r.getCount() > MAX_COUNT) {
                    diags.error(at(e, Property.RRULE), "COUNT=" + r.getCount() + " is too large",
                            "at most " + MAX_COUNT + "; or give an UNTIL, or no end at all");
                    return false;
                }
                Period<? extends Temporal> w = window(s);
                if (r.getDates(s.value(), w.getStart(), w.getEnd(), MAX_SERIES_EVENTS + 1).size() > MAX_SERIES_EVENTS) {
                    diags.error(at(e, Property.RRULE), "the recurrence has more than " + MAX_SERIES_EVENTS
                            + " occurrences in the planning window", "give it an UNTIL or a COUNT");
                    return false;
                }
            }
            return true;
        }

        private static boolean recurring(Entry e) {
            return e.has(Property.RRULE) || e.has(Property.RDATE);
        }

        /**
         * The context's window as an ical4j period of the start's own kind (floating starts need local times),
         * one day wider on each side: ical4j returns periods that overlap it, and we keep exactly those that start
         * in it.
         */
        private Period<? extends Temporal> window(Start s) {
            if (s.isFloating()) {
                ZoneId z = s.floating().orElseThrow();
                return new Period<>(LocalDateTime.ofInstant(ctx.expandFrom(), z).minusDays(1),
                        LocalDateTime.ofInstant(ctx.expandTo(), z).plusDays(1));
            }
            return new Period<>(ctx.expandFrom().atZone(ZoneOffset.UTC).minusDays(1),
                    ctx.expandTo().atZone(ZoneOffset.UTC).plusDays(1));
        }

        private boolean inWindow(ZonedDateTime k) {
            Instant i = k.toInstant();
            return !i.isBefore(ctx.expandFrom()) && i.isBefore(ctx.expandTo());
        }

        /** DTSTART or RECURRENCE-ID resolved to a zone; empty with a diagnostic (or the all-day warning) when not. */
        private Optional<Start> start(Entry e, String property) {
            Optional<DateProperty<Temporal>> prop = e.event().getProperty(property);
            if (prop.isEmpty()) {
                diags.error(at(e, property), "missing " + property, "every event needs a start time");
                return Optional.empty();
            }
            Temporal t;
            try {
                t = prop.get().getDate();
            } catch (DateTimeParseException ex) {
                diags.error(at(e, property), property + " is not an iCalendar date-time",
                        "write e.g. 20260611T190000 with a TZID, or 20260611T180000Z (" + ex.getMessage() + ")");
                return Optional.empty();
            } catch (DateTimeException ex) {
                String tzid = prop.get().<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue).orElse("");
                diags.error(at(e, property), "unknown time zone '" + tzid + "'",
                        "add a VTIMEZONE for it or use an IANA name such as Europe/London (" + ex.getMessage() + ")");
                return Optional.empty();
            }
            Optional<ZoneId> named = prop.get().<Parameter>getParameter(Parameter.TZID).flatMap(p -> javaZone(p.getValue()));
            return switch (t) {
                case LocalDate d -> {
                    if (property.equals(Property.DTSTART)) {
                        diags.warning(at(e, property), "all-day entry '" + e.text(Property.SUMMARY).orElse("")
                                        + "' has no kickoff time: " + Calendars.PLACEHOLDER,
                                "give DTSTART a time of day, or plan it at set kickoff times: calendar: {file: ..., "
                                        + "allDay: [\"18:00\", \"21:00\"]}, or calendarAllDay: for every calendar and feed");
                    } else {
                        diags.warning(at(e, property), "all-day instance has no kickoff time; skipped");
                    }
                    yield Optional.empty();
                }
                case LocalDateTime l when calendarZone.isEmpty() -> {
                    diags.error(at(e, property), "floating time with no calendar zone",
                            property + " " + l + " has no TZID or Z: add TZID=Europe/London, X-WR-TIMEZONE, "
                                    + "or set the calendar's zone");
                    yield Optional.empty();
                }
                default -> Optional.of(new Start(t, named, calendarZone));
            };
        }

        private Optional<Details> details(Entry e) {
            int errorsBefore = diags.errorCount();
            String title = e.text(Property.SUMMARY).orElse("");
            String competition = e.text(X_COMPETITION).orElse(calendarName);
            Optional<AudienceDistribution> audience = audience(e);
            if (diags.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            return Optional.of(new Details(title, competition, stage(e), EventNames.teamsFromTitle(title),
                    e.text(X_REGION).orElse(""), e.text(X_SHAPE), audience));
        }

        /** X-PRESCALE-STAGE, else the first category that names a stage, else a custom "event". */
        private static Stage stage(Entry e) {
            Optional<String> explicit = e.text(X_STAGE);
            if (explicit.isPresent()) {
                return Stage.parse(explicit.get());
            }
            for (Entry from = e; from != null; from = from.fallback().orElse(null)) {
                for (Property p : from.event().<Property>getProperties(Property.CATEGORIES)) {
                    for (String c : p.getValue().split("(?<!\\\\),")) {
                        String cat = c.replace("\\,", ",").strip();
                        if (!cat.isEmpty() && (StageKind.parse(cat).isPresent() || cat.regionMatches(true, 0, "custom:", 0, 7))) {
                            return Stage.parse(cat);
                        }
                    }
                }
                if (!from.event().getProperties(Property.CATEGORIES).isEmpty()) {
                    break; // the instance's own categories replace the series'
                }
            }
            // real feeds put the stage in the title ("Qatar vs Ecuador (Group A)", "TBD (Round of 16)", "QF1"),
            // else in the description
            for (String p : List.of(Property.SUMMARY, Property.DESCRIPTION)) {
                Optional<String> text = e.text(p);
                Optional<StageKind> k = text.flatMap(StageKind::find);
                if (k.isPresent()) {
                    return new Stage(k.get(), k.get().id());
                }
            }
            // "Swan Districts vs Perth - WAFL Round 10": a league's round (not a cup's, whose rounds are knockouts)
            if (e.text(Property.SUMMARY).filter(StageKind::leagueRoundIn).isPresent()) {
                return Stage.of(StageKind.LEAGUE);
            }
            return DEFAULT_STAGE;
        }

        private Optional<AudienceDistribution> audience(Entry e) {
            Optional<Double> p50 = audience(e, X_P50);
            Optional<Double> p90 = audience(e, X_P90);
            if (e.text(X_P90).isPresent() && e.text(X_P50).isEmpty()) {
                diags.error(at(e.holder(X_P90), X_P90), "P90 without P50",
                        "add X-PRESCALE-P50 too, or give only X-PRESCALE-P50 for a fixed audience");
                return Optional.empty();
            }
            if (p50.isEmpty()) {
                return Optional.empty();
            }
            if (p50.get() <= 0) {
                diags.error(at(e.holder(X_P50), X_P50), "must be greater than zero", "got " + e.text(X_P50).orElse(""));
                return Optional.empty();
            }
            double hi = p90.orElse(p50.get());
            if (hi < p50.get()) {
                diags.error(at(e.holder(X_P90), X_P90), "P90 must not be below P50",
                        "P50 " + Quantities.human(p50.get()) + ", P90 " + Quantities.human(hi));
                return Optional.empty();
            }
            Optional<String> wide = AudienceDistribution.spreadProblem(p50.get(), hi);
            if (wide.isPresent()) {
                diags.error(at(e.holder(X_P90), X_P90), wide.get());
                return Optional.empty();
            }
            return Optional.of(AudienceDistribution.fromP50P90(p50.get(), hi));
        }

        private Optional<Double> audience(Entry e, String property) {
            return e.text(property).flatMap(s -> {
                try {
                    return Optional.of(Quantities.audience(s));
                } catch (IllegalArgumentException ex) {
                    diags.error(at(e.holder(property), property), ex.getMessage());
                    return Optional.empty();
                }
            });
        }

        /** A typo in an X-PRESCALE- name would silently drop planning data, so say so. */
        private void warnUnknownProperties(Entry e) {
            for (Property p : e.event().<Property>getProperties()) {
                String name = p.getName().toUpperCase(Locale.ROOT);
                if (name.startsWith("X-PRESCALE-") && !KNOWN_X.contains(name)) {
                    diags.warning(at(e, name), "unknown property '" + p.getName() + "' ignored",
                            "known: " + String.join(", ", KNOWN_X.stream().sorted().toList()));
                }
            }
        }

        private String duplicateId(Entry e, Start start, Details d) {
            String id = event("", d, start.kickoff(), e).contentId();
            diags.warning(at(e, Property.UID), "duplicate UID '" + e.uid().orElse("") + "' (also on line "
                    + duplicates.get(e) + "): '" + d.title() + "' planned under its content id '" + id + "'",
                    "an instance of a recurring event needs a RECURRENCE-ID; a match of its own, a UID of its own");
            return id;
        }

        private String generatedId(Entry e, Start start, Details d) {
            String id = EventNames.slug(start.kickoff().toLocalDate().toString(), d.title());
            diags.warning(at(e, Property.UID), "missing UID; using generated id '" + id + "'",
                    "add a UID so the event keeps its id when the feed changes");
            return id;
        }

        /** Ids must be unique in the file: a later event with a seen id is an error naming both lines. */
        private List<Event> unique(List<Event> events) {
            List<Event> out = new ArrayList<>();
            for (Event ev : events) {
                Integer first = idLines.putIfAbsent(ev.id(), ev.source().line());
                if (first == null) {
                    out.add(ev);
                } else {
                    diags.error(ev.source().withField(Property.UID), "duplicate id '" + ev.id() + "'",
                            "also on line " + first);
                }
            }
            return out;
        }

        private SourceLocation at(Entry e, String property) {
            return new SourceLocation(file, e.block().lineOf(property), 0, property);
        }

        private static Optional<ZoneId> javaZone(String id) {
            try {
                return Optional.of(ZoneId.of(id.strip()));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
