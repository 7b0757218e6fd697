package io.prescale.planner.calendar;

import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads events from a CSV fixture list with a header row, such as a tournament schedule exported from a
 * spreadsheet:
 * <pre>
 * date,kickoff_local,kickoff_utc,stage,home,away,venue
 * 1998-06-10,17:30,1998-06-10 15:30,group stage Group A,Brazil,Scotland,"Stade de France, Saint-Denis"
 * </pre>
 * Header names are matched without regard to case, spaces, {@code _} or {@code -}, and may use the aliases listed
 * in {@link Column}. The kickoff comes from the first filled of {@code kickoff} (a time with its zone, or local with
 * {@code zone} or the calendar's zone), {@code kickoff_utc}, or {@code date} plus {@code kickoff_local} (needs a
 * zone). Every bad row is reported with its file line and column name and skipped; the rest are still read.
 */
final class CsvCalendarReader implements CalendarReader {
    private static final Pattern TEAM_SEPARATOR = Pattern.compile("\\s*;\\s*|\\s+vs\\.?\\s+", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);
    private static final java.util.Set<String> NOT_PLAYED = java.util.Set.of("POSTPONED", "CANCELLED", "CANCELED",
            "SUSPENDED", "ABANDONED");
    /** A date, then maybe a local time, in one cell: {@code 20/11/2022 16:00}, {@code 20.11.2022}, {@code 2022-11-20}. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{1,2}[./]\\d{1,2}[./]\\d{2}(?:\\d{2})?|\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{1,2}:\\d{2}(?::\\d{2})?))?");
    /** A local date and time as spreadsheets and FA Full-Time write them: {@code 02/12/23 11:30}, {@code 20.11.2022 16:00}. */
    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{1,2}[./]\\d{1,2}[./]\\d{2}(?:\\d{2})? \\d{1,2}:\\d{2}(?::\\d{2})?");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2}(?:\\d{2})?)");
    private static final Pattern SLASHED = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2}(?:\\d{2})?)");

    /** The columns we read, each with the header spellings accepted for it (already normalised). */
    enum Column {
        ID("id", "matchid", "uid", "matchnumber", "matchno"),
        KICKOFF("kickoff", "start", "datetime", "kickofftime"),
        KICKOFF_UTC("kickoffutc", "dateutc", "utcdate"),
        /** A date, or a date and local time in one cell ({@code 20/11/2022 16:00}, as fixturedownload.com writes). */
        DATE("date", "datum"),
        KICKOFF_LOCAL("kickofflocal", "time", "localtime", "starttime", "uhrzeit", "anstoss", "anstoß"),
        ZONE("zone", "tz", "timezone"),
        STAGE("stage", "phase"),
        /** A round's name ({@code Round of 16}) or number ({@code 5}: a league round, or a group's matchday). */
        ROUND("round", "roundnumber", "roundname", "matchday", "gameweek", "spieltag"),
        GROUP("group", "groupname", "pool"),
        COMPETITION("competition", "div", "division", "league", "tournament"),
        TITLE("title", "summary", "name"),
        HOME("home", "hometeam", "team1", "heim", "heimmannschaft"),
        AWAY("away", "awayteam", "team2", "gast", "gastmannschaft"),
        TEAMS("teams"),
        /** {@code postponed}, {@code cancelled}, {@code suspended}, {@code abandoned}: reported and not planned. */
        STATUS("status", "matchstatus", "statusnotes"),
        REGION("region", "market", "country"),
        SHAPE("shape"),
        DELAY("delay"),
        KNOCKOUT("knockout"),
        P50("p50"),
        P90("p90"),
        /** Where the match is played: the location calendarRules match on, and the content id of a match with no teams. */
        VENUE("venue", "location", "ground", "stadium"),
        /** Read past without a warning: a result or the day's name says nothing about when a match is or its load. */
        IGNORED("result", "score", "weekday", "day", "referee", "ergebnis", "halbzeit");

        private final List<String> spellings;

        Column(String... spellings) {
            this.spellings = List.of(spellings);
        }

        /** The name used in messages when the column is absent, e.g. {@code kickoff_local}. */
        String canonical() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Column> of(String header) {
            String n = normalise(header);
            return Arrays.stream(values()).filter(c -> c.spellings.contains(n)).findFirst();
        }
    }

    @Override
    public List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text; // Excel writes a byte-order mark
        if (body.isBlank()) {
            diags.error(SourceLocation.of(file), "the file is empty", "a CSV calendar needs a header row and one row per event");
            return List.of();
        }
        String[] lines = body.split("\r\n|\r|\n", -1);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter(lines))
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        List<Event> out = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(body, format)) {
            Reading reading = new Reading(file, lines, ctx, diags, parser);
            reading.slashDates = SlashDates.of(body, format, ctx.dateOrder());
            reading.fileZone = zoneOfFileName(file);
            reading.fileZone.filter(z -> ctx.defaultZone().filter(c -> !c.equals(z)).isPresent()).ifPresent(z ->
                    diags.warning(SourceLocation.of(file), "the file's name says its times are in " + z + ", not the "
                            + "calendar's zone " + ctx.defaultZone().get() + ": local times follow " + z,
                            "fixturedownload.com names each download by the zone of its times"));
            reading.readAll(out);
        } catch (IOException e) {
            throw new UncheckedIOException("read CSV calendar " + file, e); // parsing a String does no I/O
        }
        return out;
    }

    private static final Pattern FILE_ZONE = Pattern.compile("-([A-Za-z][A-Za-z().+\\-]*?)\\.csv$", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> WINDOWS_ZONES = windowsZones();

    /**
     * The zone fixturedownload.com names its downloads by, after the last dash: {@code fifa-world-cup-2022-UTC.csv},
     * {@code epl-2024-GMTStandardTime.csv} (a Windows zone name without its spaces: Europe/London, summer time
     * included). The file says nothing else of its zone; a name that is no such zone gives none.
     */
    static Optional<ZoneId> zoneOfFileName(String file) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        java.util.regex.Matcher m = FILE_ZONE.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (key.equals("utc") || key.equals("gmt")) {
            return Optional.of(ZoneOffset.UTC);
        }
        return Optional.ofNullable(WINDOWS_ZONES.get(key)).map(ZoneId::of);
    }

    /** CLDR's Windows zone names, keyed without spaces and in lower case ({@code gmtstandardtime}). */
    private static Map<String, String> windowsZones() {
        java.util.Properties p = new java.util.Properties();
        try (var in = CsvCalendarReader.class.getResourceAsStream("windows-zones.properties")) {
            p.load(java.util.Objects.requireNonNull(in, "windows-zones.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("read windows-zones.properties", e);
        }
        Map<String, String> out = new HashMap<>();
        p.forEach((k, v) -> out.put(k.toString().replace(" ", "").toLowerCase(Locale.ROOT), v.toString()));
        return Map.copyOf(out);
    }

    /**
     * Dates written {@code 03/12/2022}: whether the day or the month comes first, decided from every such date in
     * the file (a first part above 12 is a day, a second part above 12 is a day too), else from the calendar's
     * {@code dateOrder}; when neither tells, or the file says both, each such date is an error that says so.
     */
    record SlashDates(Optional<CalendarContext.DateOrder> order, String problem) {
        private static final Pattern SLASH = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2}(?:\\d{2})?)(?:[ T].*)?");

        static SlashDates of(String body, CSVFormat format, Optional<CalendarContext.DateOrder> configured) {
            boolean dayFirst = false;
            boolean monthFirst = false;
            String dayExample = "";
            String monthExample = "";
            try (CSVParser p = CSVParser.parse(body, format)) {
                int dateColumn = -1;
                for (CSVRecord r : p) {
                    if (dateColumn < 0) {
                        // the date column, else a kickoff column holding local dates and times (Date / Time)
                        for (int i = r.size() - 1; i >= 0; i--) {
                            if (Column.of(r.get(i)).filter(c -> c == Column.KICKOFF).isPresent()) {
                                dateColumn = i;
                            }
                        }
                        for (int i = 0; i < r.size(); i++) {
                            if (Column.of(r.get(i)).filter(c -> c == Column.DATE).isPresent()) {
                                dateColumn = i;
                            }
                        }
                        if (dateColumn < 0) {
                            return new SlashDates(configured, "");
                        }
                        continue;
                    }
                    java.util.regex.Matcher m = dateColumn < r.size() ? SLASH.matcher(r.get(dateColumn).strip()) : null;
                    if (m != null && m.matches()) {
                        if (Integer.parseInt(m.group(1)) > 12 && !dayFirst) {
                            dayFirst = true;
                            dayExample = r.get(dateColumn).strip();
                        }
                        if (Integer.parseInt(m.group(2)) > 12 && !monthFirst) {
                            monthFirst = true;
                            monthExample = r.get(dateColumn).strip();
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                return new SlashDates(configured, ""); // the reading proper reports the malformed row
            }
            if (dayFirst && monthFirst) {
                return new SlashDates(Optional.empty(), "dates in this file put the day first (" + dayExample
                        + ") and the month first (" + monthExample + "): write them as 2022-12-03");
            }
            if (dayFirst || monthFirst) {
                CalendarContext.DateOrder found = dayFirst ? CalendarContext.DateOrder.DAY_MONTH
                        : CalendarContext.DateOrder.MONTH_DAY;
                if (configured.isPresent() && configured.get() != found) {
                    return new SlashDates(Optional.empty(), "the calendar's dateOrder is "
                            + (configured.get() == CalendarContext.DateOrder.DAY_MONTH ? "day-month" : "month-day")
                            + " but " + (dayFirst ? dayExample : monthExample) + " in this file can only be "
                            + (dayFirst ? "day-month" : "month-day"));
                }
                return new SlashDates(Optional.of(found), "");
            }
            return new SlashDates(configured, "no date in this file has a day above 12 to tell whether the day or "
                    + "the month comes first: set the calendar's dateOrder (calendar: {file: ..., dateOrder: "
                    + "day-month} or month-day), or write the dates as 2022-12-03");
        }
    }

    /** Comma unless the header has none but has semicolons or tabs, as spreadsheets write in some locales. */
    private static char delimiter(String[] lines) {
        String header = Arrays.stream(lines).filter(l -> !l.isBlank()).findFirst().orElse("");
        if (header.indexOf(',') >= 0) {
            return ',';
        }
        if (header.indexOf(';') >= 0) {
            return ';';
        }
        return header.indexOf('\t') >= 0 ? '\t' : ',';
    }

    static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-/.]+", "");
    }

    /** The state of reading one file: its header, the ids seen so far and where diagnostics go. */
    private static final class Reading {
        private final String file;
        private final String[] lines;
        private final CalendarContext ctx;
        private final Diagnostics diags;
        private final CSVParser parser;
        private final Map<Column, Integer> index = new EnumMap<>(Column.class);
        private final Map<Column, String> names = new EnumMap<>(Column.class);
        private final Map<String, Integer> idLines = new HashMap<>();
        private int headerSize;
        private boolean timeColumns;
        private boolean usable = true;
        /** Whether a group column names groups in some row: a numbered round without one is then a knockout round. */
        private boolean groups;
        private final java.util.Set<String> roundsSaid = new java.util.HashSet<>();
        SlashDates slashDates = new SlashDates(Optional.empty(), "");
        Optional<ZoneId> fileZone = Optional.empty();

        Reading(String file, String[] lines, CalendarContext ctx, Diagnostics diags, CSVParser parser) {
            this.file = file;
            this.lines = lines;
            this.ctx = ctx;
            this.diags = diags;
            this.parser = parser;
        }

        void readAll(List<Event> out) {
            Iterator<CSVRecord> it = parser.iterator();
            boolean header = true;
            while (true) {
                // The parser has consumed whole lines up to here; the next record starts on the next non-empty one.
                // (CSVRecord.getRecordNumber() counts records, not lines, and is wrong once a field holds a newline.)
                int line = nextNonEmptyLine(parser.getCurrentLineNumber());
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (UncheckedIOException e) {
                    malformed(line, e);
                    return;
                }
                if (rec.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (header) {
                    header = false;
                    if (!readHeader(rec, line)) {
                        return;
                    }
                    continue;
                }
                readRow(new Row(rec, line)).ifPresent(out::add);
            }
        }

        private int nextNonEmptyLine(long consumed) {
            for (int i = (int) consumed; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    return i + 1;
                }
            }
            return (int) consumed + 1;
        }

        private void malformed(int line, UncheckedIOException e) {
            String msg = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            msg = msg == null ? "" : msg.replaceFirst("^\\(startline \\d+\\)\\s*", "");
            SourceLocation at = new SourceLocation(file, line, 0, "");
            if (msg.contains("EOF reached before encapsulated token finished")) {
                diags.error(at, "unbalanced quote: a quoted field starting on this row is never closed",
                        "close the quote, or double a quote that is part of the text (\"\"); rows after it were not read");
            } else {
                diags.error(at, "malformed CSV", msg + "; rows after it were not read");
            }
        }

        // ---- header

        /** Maps header names to columns; false when no column is recognised (the first row is not a header). */
        private boolean readHeader(CSVRecord rec, int line) {
            headerSize = rec.size();
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < rec.size(); i++) {
                String name = rec.get(i);
                if (name.isBlank()) {
                    diags.warning(new SourceLocation(file, line, 0, ""), "column " + (i + 1) + " has no name; ignored");
                    continue;
                }
                Optional<Column> col = Column.of(name);
                if (col.isEmpty()) {
                    unknown.add(name);
                } else if (col.get() == Column.IGNORED) {
                    continue;
                } else if (index.containsKey(col.get())) {
                    diags.error(new SourceLocation(file, line, 0, name), "column '" + name + "' repeats '"
                            + names.get(col.get()) + "'", "both mean " + col.get().canonical() + "; keep one");
                } else {
                    index.put(col.get(), i);
                    names.put(col.get(), name);
                }
            }
            if (index.isEmpty()) {
                diags.error(new SourceLocation(file, line, 0, ""), "no header row",
                        "the first row must name the columns, e.g. id,kickoff,stage,home,away");
                return false;
            }
            String known = Arrays.stream(Column.values()).filter(c -> c != Column.IGNORED).map(Column::canonical)
                    .collect(Collectors.joining(", "));
            if (!unknown.isEmpty()) {
                // one warning for them all: a betting export has a hundred columns of odds
                String names = unknown.stream().limit(12).map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                        + (unknown.size() > 12 ? " and " + (unknown.size() - 12) + " more" : "");
                diags.warning(new SourceLocation(file, line, 0, unknown.get(0)), (unknown.size() == 1 ? "unknown column "
                        : "unknown columns ") + names + " ignored", "known columns: " + known);
            }
            if (!index.containsKey(Column.STAGE) && !index.containsKey(Column.ROUND) && !index.containsKey(Column.GROUP)) {
                diags.warning(new SourceLocation(file, line, 0, "stage"), "no stage, round or group column: each "
                        + "match is planned with no stage (not a knockout, no stage rule), unless calendarRules or its "
                        + "title name one", "add a stage column (group, round-of-16, final) to say which");
            }
            timeColumns = index.containsKey(Column.KICKOFF) || index.containsKey(Column.KICKOFF_UTC)
                    || index.containsKey(Column.DATE);
            if (!timeColumns) {
                if (index.containsKey(Column.KICKOFF_LOCAL)) {
                    missingColumn(line, Column.DATE, "a local kickoff needs both date and kickoff_local");
                } else {
                    diags.error(new SourceLocation(file, line, 0, "kickoff"), "missing column 'kickoff'",
                            "add kickoff (2026-06-11 19:00 Europe/London), kickoff_utc, or date and kickoff_local");
                }
            }
            return true;
        }

        private void missingColumn(int line, Column c, String detail) {
            diags.error(new SourceLocation(file, line, 0, c.canonical()), "missing column '" + c.canonical() + "'", detail);
            usable = false;
        }

        // ---- rows

        /** One data row: cells by column, and where to report problems. */
        private final class Row {
            private final CSVRecord rec;
            private final int line;

            Row(CSVRecord rec, int line) {
                this.rec = rec;
                this.line = line;
            }

            /** The cell, or empty when the column is absent or the cell is blank. */
            Optional<String> text(Column c) {
                Integer i = index.get(c);
                if (i == null || i >= rec.size() || rec.get(i).isBlank()) {
                    return Optional.empty();
                }
                return Optional.of(rec.get(i).strip());
            }

            boolean has(Column c) {
                return text(c).isPresent();
            }

            /** The cell parsed by {@code parser}; an {@link IllegalArgumentException} becomes an error here. */
            <T> Optional<T> parse(Column c, Function<String, T> parser) {
                return text(c).flatMap(s -> {
                    try {
                        return Optional.of(parser.apply(s));
                    } catch (IllegalArgumentException | DateTimeException e) {
                        error(c, e.getMessage(), "");
                        return Optional.empty();
                    }
                });
            }

            Optional<String> require(Column c) {
                Optional<String> s = text(c);
                if (s.isEmpty()) {
                    error(c, "missing " + c.canonical(), "");
                }
                return s;
            }

            SourceLocation at(Column c) {
                return new SourceLocation(file, line, 0, names.getOrDefault(c, c.canonical()));
            }

            void error(Column c, String summary, String detail) {
                diags.error(at(c), summary, detail);
            }
        }

        private Optional<Event> readRow(Row r) {
            int errorsBefore = diags.errorCount();
            if (r.rec.size() != headerSize) {
                diags.error(new SourceLocation(file, r.line, 0, ""), "expected " + headerSize + " fields as in the header, found "
                        + r.rec.size(), "quote a field that contains the delimiter");
                return Optional.empty();
            }
            String title = r.text(Column.TITLE).orElse("");
            List<String> teams = teams(r, title);
            Optional<String> status = r.text(Column.STATUS).map(v -> v.toUpperCase(Locale.ROOT));
            if (status.filter(NOT_PLAYED::contains).isPresent()) {
                diags.warning(r.at(Column.STATUS), "match" + (name(title, teams).isEmpty() ? "" : " '"
                        + name(title, teams) + "'") + " is " + status.get().toLowerCase(Locale.ROOT) + ": not planned");
                return Optional.empty();
            }
            Optional<ZoneId> zone = r.parse(Column.ZONE, Kickoffs::zone).or(() -> fileZone).or(ctx::defaultZone);
            Optional<ZonedDateTime> kickoff = timeColumns ? kickoff(r, zone, title, teams) : Optional.empty();
            Optional<Stage> stage = stage(r);
            Duration delay = r.parse(Column.DELAY, Quantities::duration).orElse(Duration.ZERO);
            if (delay.isNegative()) {
                r.error(Column.DELAY, "a delay must not be negative", "got " + Quantities.format(delay));
            }
            Optional<Boolean> knockout = r.parse(Column.KNOCKOUT, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false (got \"" + v + "\")");
            });
            Optional<AudienceDistribution> audience = audience(r);
            Optional<String> id = r.text(Column.ID).or(() -> kickoff.flatMap(k -> generatedId(r, k, title, teams)));
            if (diags.errorCount() > errorsBefore || !usable || id.isEmpty() || kickoff.isEmpty() || stage.isEmpty()) {
                return Optional.empty();
            }
            Integer first = idLines.putIfAbsent(id.get(), r.line);
            if (first != null) {
                r.error(Column.ID, "duplicate id '" + id.get() + "'", "also on line " + first
                        + (r.has(Column.ID) ? "" : "; the id was made from date and teams: add an id column to tell them apart"));
                return Optional.empty();
            }
            Stage played = knockout.map(stage.get()::withKnockout).orElse(stage.get());
            String venue = r.text(Column.VENUE).orElse("");
            Event e = new Event(id.get(), title, r.text(Column.COMPETITION).orElse(""), played, teams,
                    kickoff.get(), r.text(Column.REGION).orElse(""), r.text(Column.SHAPE), audience, delay,
                    new SourceLocation(file, r.line, 0, ""), venue);
            // calendarRules see the stage, round ("Round 7" for a numbered one) and group cells as categories
            List<String> categories = new ArrayList<>();
            r.text(Column.STAGE).ifPresent(categories::add);
            r.text(Column.ROUND).map(t -> t.matches("\\d+") ? "Round " + t : t).ifPresent(categories::add);
            r.text(Column.GROUP).ifPresent(categories::add);
            return Optional.of(ctx.rules().apply(e, new MappingRules.Fields(title, "", venue, categories)));
        }

        /**
         * The stage from the first that names one: the stage column, the round's name, a numbered round (a league's
         * round, a group's matchday when the row has a group, else in a file with a group column a knockout round the
         * file does not name), the group. No stage column at all is said once in the header, and the match has none.
         */
        private Optional<Stage> stage(Row r) {
            Optional<String> stageText = r.text(Column.STAGE);
            Optional<String> round = r.text(Column.ROUND);
            Optional<String> group = r.text(Column.GROUP).map(g -> g.length() <= 2 ? "Group " + g : g);
            Optional<Stage> named = stageText.flatMap(t -> StageKind.parse(t).map(k -> new Stage(k, t)));
            if (named.isEmpty()) {
                named = round.filter(t -> !t.matches("\\d+")).flatMap(t -> StageKind.parse(t).map(k -> new Stage(k, t)));
            }
            if (named.isPresent()) {
                // "Group Stage" with its group "A": the group is the label rules and plans show
                return Optional.of(named.get().kind() == StageKind.GROUP && group.isPresent()
                        ? new Stage(StageKind.GROUP, group.get()) : named.get());
            }
            if (group.isPresent()) {
                return Optional.of(new Stage(StageKind.GROUP, group.get()));
            }
            if (round.filter(t -> t.matches("\\d+")).isPresent()) {
                String label = "Round " + round.get();
                if (!index.containsKey(Column.GROUP)) {
                    return Optional.of(new Stage(StageKind.LEAGUE, label));
                }
                if (roundsSaid.add(label)) {
                    diags.warning(r.at(Column.ROUND), "round " + round.get() + " has no group and no stage name: "
                            + "planned as a knockout round of its own ('" + label + "', extra time and penalties held)",
                            "name its stage with calendarRules: {categories: \"^" + label + "$\", stage: final}");
                }
                return Optional.of(new Stage(StageKind.CUSTOM, label, true));
            }
            Optional<String> text = stageText.or(() -> round);
            if (text.isPresent()) {
                Column c = stageText.isPresent() ? Column.STAGE : Column.ROUND;
                return Optional.of(EventNames.stage(text.get(), r.at(c), diags));
            }
            if (index.containsKey(Column.STAGE)) {
                r.error(Column.STAGE, "missing stage", "e.g. group, round-of-16, final or custom:NAME");
                return Optional.empty();
            }
            return Optional.of(new Stage(StageKind.CUSTOM, "match"));
        }

        private static String name(String title, List<String> teams) {
            return !title.isEmpty() ? title : String.join(" v ", teams);
        }

        /** The first filled of kickoff, kickoff_utc, date + kickoff_local; reports why when none gives a time. */
        private Optional<ZonedDateTime> kickoff(Row r, Optional<ZoneId> zone, String title, List<String> teams) {
            if (r.has(Column.KICKOFF)) {
                if (LOCAL_DATE_TIME.matcher(r.text(Column.KICKOFF).orElseThrow()).matches()) {
                    return dateAndTime(r, Column.KICKOFF, zone, title, teams);
                }
                return r.parse(Column.KICKOFF, s -> Kickoffs.parse(s, zone));
            }
            if (r.has(Column.KICKOFF_UTC)) {
                Optional<ZonedDateTime> utc = r.parse(Column.KICKOFF_UTC, Reading::utc);
                utc.ifPresent(u -> checkLocalAgrees(r, u, zone));
                return utc;
            }
            boolean localColumns = index.containsKey(Column.DATE) && index.containsKey(Column.KICKOFF_LOCAL);
            if (localColumns && (r.has(Column.DATE) || r.has(Column.KICKOFF_LOCAL))) {
                return local(r, zone);
            }
            if (!localColumns && r.has(Column.DATE)) {
                return dateAndTime(r, Column.DATE, zone, title, teams);
            }
            Column shown = Stream.of(Column.KICKOFF, Column.KICKOFF_UTC, Column.KICKOFF_LOCAL)
                    .filter(index::containsKey).findFirst().orElse(Column.KICKOFF);
            r.error(shown, "missing kickoff", "fill kickoff, kickoff_utc, or date and kickoff_local");
            return Optional.empty();
        }

        /**
         * A date column and no time column: the cell holds the local kickoff ({@code 20/11/2022 16:00}), or a date
         * alone, which is a match whose kickoff time is not known: a placeholder, as an all-day calendar entry.
         */
        private Optional<ZonedDateTime> dateAndTime(Row r, Column c, Optional<ZoneId> zone, String title, List<String> teams) {
            String cell = r.text(c).orElseThrow();
            java.util.regex.Matcher m = DATE_TIME.matcher(cell);
            if (!m.matches()) {
                if (cell.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d.*")) {
                    return r.parse(c, s -> Kickoffs.parse(s, zone)); // ISO, with its offset if it has one
                }
                r.error(c, "date \"" + cell + "\" is not a date: write 2022-11-20 or 2022-11-20 16:00", "");
                return Optional.empty();
            }
            Optional<LocalDate> date = r.parse(c, s -> date(m.group(1)));
            if (date.isEmpty()) {
                return Optional.empty();
            }
            if (m.group(2) == null) {
                diags.warning(r.at(c), "match" + (name(title, teams).isEmpty() ? "" : " '" + name(title, teams)
                        + "'") + " on " + date.get() + " has no kickoff time: " + Calendars.PLACEHOLDER);
                return Optional.empty();
            }
            Optional<LocalTime> time = r.parse(c, s -> time(m.group(2)));
            if (time.isEmpty()) {
                return Optional.empty();
            }
            if (zone.isEmpty()) {
                r.error(c, "local time with no time zone", "add a zone column (e.g. Europe/Paris), set the "
                        + "calendar's zone, or keep fixturedownload.com's file name, which names it "
                        + "(fifa-world-cup-2022-UTC.csv)");
                return Optional.empty();
            }
            return Optional.of(ZonedDateTime.of(date.get(), time.get(), zone.get()));
        }

        private Optional<ZonedDateTime> local(Row r, Optional<ZoneId> zone) {
            Optional<LocalDate> date = r.require(Column.DATE).flatMap(s -> r.parse(Column.DATE, this::date));
            Optional<LocalTime> time = r.require(Column.KICKOFF_LOCAL).flatMap(s -> r.parse(Column.KICKOFF_LOCAL, Reading::time));
            if (date.isEmpty() || time.isEmpty()) {
                return Optional.empty();
            }
            if (zone.isEmpty()) {
                r.error(Column.KICKOFF_LOCAL, "local time with no time zone",
                        "add a zone column (e.g. Europe/Paris), a kickoff_utc column, or set the calendar's zone");
                return Optional.empty();
            }
            return Optional.of(ZonedDateTime.of(date.get(), time.get(), zone.get()));
        }

        /**
         * Both a UTC and a local time were given: say so when they are not the same moment. A date or local time
         * beside kickoff_utc that cannot be read (26:00, 2026-11-31) is an error: the row says two things and one
         * of them is wrong, so which is meant cannot be known.
         */
        private void checkLocalAgrees(Row r, ZonedDateTime utc, Optional<ZoneId> zone) {
            Optional<LocalDate> date = r.parse(Column.DATE, this::date);
            Optional<LocalTime> time = r.parse(Column.KICKOFF_LOCAL, Reading::time);
            if (zone.isEmpty() || date.isEmpty() || time.isEmpty()) {
                return;
            }
            ZonedDateTime local = ZonedDateTime.of(date.get(), time.get(), zone.get());
            if (!local.toInstant().equals(utc.toInstant())) {
                diags.warning(r.at(Column.KICKOFF_LOCAL), "kickoff_local " + local.toLocalDateTime() + " " + zone.get()
                        + " is not kickoff_utc " + utc.toLocalDateTime() + "Z; using kickoff_utc");
            }
        }

        private List<String> teams(Row r, String title) {
            List<String> teams = new ArrayList<>();
            r.text(Column.TEAMS).ifPresent(t -> Arrays.stream(TEAM_SEPARATOR.split(t))
                    .map(String::strip).filter(s -> !s.isEmpty()).forEach(teams::add));
            r.text(Column.HOME).ifPresent(teams::add);
            r.text(Column.AWAY).ifPresent(teams::add);
            // a side not known yet (TBD, Winner Group A, W49) is no team: no team rule may match it
            teams.removeIf(EventNames::isPlaceholder);
            if (teams.isEmpty() && !title.isEmpty() && !r.has(Column.HOME) && !r.has(Column.AWAY) && !r.has(Column.TEAMS)) {
                teams.addAll(EventNames.teamsFromTitle(title));
            }
            return teams;
        }

        private Optional<AudienceDistribution> audience(Row r) {
            Optional<Double> p50 = r.parse(Column.P50, Quantities::audience);
            Optional<Double> p90 = r.parse(Column.P90, Quantities::audience);
            if (p90.isPresent() && !r.has(Column.P50)) {
                r.error(Column.P90, "p90 without p50", "give both, e.g. p50 2M and p90 3M, or only p50 for a fixed audience");
                return Optional.empty();
            }
            if (p50.isEmpty()) {
                return Optional.empty();
            }
            if (p50.get() <= 0) {
                r.error(Column.P50, "must be greater than zero", "got " + r.text(Column.P50).orElse(""));
                return Optional.empty();
            }
            double hi = p90.orElse(p50.get());
            if (hi < p50.get()) {
                r.error(Column.P90, "P90 must not be below P50", "P50 " + Quantities.human(p50.get()) + ", P90 "
                        + Quantities.human(hi));
                return Optional.empty();
            }
            Optional<String> wide = AudienceDistribution.spreadProblem(p50.get(), hi);
            if (wide.isPresent()) {
                r.error(Column.P90, wide.get(), "");
                return Optional.empty();
            }
            return Optional.of(AudienceDistribution.fromP50P90(p50.get(), hi));
        }

        /** An id from the date and teams (or title), e.g. {@code 1998-06-10-brazil-scotland}. */
        private Optional<String> generatedId(Row r, ZonedDateTime kickoff, String title, List<String> teams) {
            String date = r.text(Column.DATE).filter(s -> s.matches("\\d{4}-\\d{2}-\\d{2}"))
                    .orElse(kickoff.toLocalDate().toString());
            if (teams.isEmpty() && title.isEmpty()) {
                r.error(Column.ID, "missing id", "add an id column, or teams or a title to name the event by");
                return Optional.empty();
            }
            List<String> parts = new ArrayList<>();
            parts.add(date);
            parts.addAll(teams.isEmpty() ? List.of(title) : teams);
            return Optional.of(EventNames.slug(parts.toArray(String[]::new)));
        }

        private static ZonedDateTime utc(String s) {
            String t = s.strip().replace(' ', 'T');
            try {
                return Kickoffs.inYears(LocalDateTime.parse(t).atZone(ZoneOffset.UTC), "kickoff_utc", s);
            } catch (DateTimeParseException ignored) {
                // an explicit offset or Z is fine too
            }
            try {
                return Kickoffs.inYears(OffsetDateTime.parse(t), "kickoff_utc", s).atZoneSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("kickoff_utc \"" + s + "\" is not a UTC date and time: write "
                        + "1998-06-10 15:30 or 1998-06-10T15:30Z");
            }
        }

        /** A year as written: {@code 2023}, or {@code 23} for 2023 (fixture lists with two-digit years are of this century). */
        private static int year(String y) {
            return y.length() == 2 ? 2000 + Integer.parseInt(y) : Integer.parseInt(y);
        }

        /**
         * {@code 1998-06-10}; {@code 10.06.1998} (day first, as German and other European lists write it);
         * {@code 10/06/1998}, day or month first as the file's other dates tell ({@link SlashDates}).
         */
        private LocalDate date(String s) {
            String t = s.strip();
            java.util.regex.Matcher dotted = DOTTED.matcher(t);
            java.util.regex.Matcher slashed = SLASHED.matcher(t);
            try {
                if (dotted.matches()) {
                    return Kickoffs.inYears(LocalDate.of(year(dotted.group(3)),
                            Integer.parseInt(dotted.group(2)), Integer.parseInt(dotted.group(1))), "date", s);
                }
                if (slashed.matches()) {
                    if (slashDates.order().isEmpty()) {
                        throw new IllegalArgumentException("date \"" + s + "\": " + slashDates.problem());
                    }
                    int a = Integer.parseInt(slashed.group(1));
                    int b = Integer.parseInt(slashed.group(2));
                    boolean dayFirst = slashDates.order().get() == CalendarContext.DateOrder.DAY_MONTH;
                    return Kickoffs.inYears(LocalDate.of(year(slashed.group(3)), dayFirst ? b : a,
                            dayFirst ? a : b), "date", s);
                }
                return Kickoffs.inYears(LocalDate.parse(t), "date", s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("date \"" + s + "\" is not a date: write 1998-06-10");
            } catch (DateTimeException e) {
                if (e.getMessage() != null && e.getMessage().contains("outside the years")) {
                    throw e;
                }
                throw new IllegalArgumentException("date \"" + s + "\" is not a date: " + e.getMessage());
            }
        }

        private static LocalTime time(String s) {
            try {
                return LocalTime.parse(s.strip(), LOCAL_TIME);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("kickoff_local \"" + s + "\" is not a time of day: write 17:30");
            }
        }
    }
}
