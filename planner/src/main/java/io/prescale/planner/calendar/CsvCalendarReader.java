package io.prescale.planner.calendar;

import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Stage;
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

    /** The columns we read, each with the header spellings accepted for it (already normalised). */
    enum Column {
        ID("id", "matchid", "uid"),
        KICKOFF("kickoff", "start", "datetime", "kickofftime"),
        KICKOFF_UTC("kickoffutc"),
        DATE("date"),
        KICKOFF_LOCAL("kickofflocal", "time", "localtime"),
        ZONE("zone", "tz", "timezone"),
        STAGE("stage", "round", "phase"),
        COMPETITION("competition"),
        TITLE("title", "summary", "name"),
        HOME("home"),
        AWAY("away"),
        TEAMS("teams"),
        REGION("region", "market", "country"),
        SHAPE("shape"),
        DELAY("delay"),
        KNOCKOUT("knockout"),
        P50("p50"),
        P90("p90"),
        /** Allowed so real schedules load, but not used: where a match is played does not change its load. */
        VENUE("venue");

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
            new Reading(file, lines, ctx, diags, parser).readAll(out);
        } catch (IOException e) {
            throw new UncheckedIOException("read CSV calendar " + file, e); // parsing a String does no I/O
        }
        return out;
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
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
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
            String known = Arrays.stream(Column.values()).map(Column::canonical).collect(Collectors.joining(", "));
            for (String name : unknown) {
                diags.warning(new SourceLocation(file, line, 0, name), "unknown column '" + name + "' ignored",
                        "known columns: " + known);
            }
            if (!index.containsKey(Column.STAGE)) {
                missingColumn(line, Column.STAGE, "e.g. group, round-of-16, final or custom:NAME");
            }
            timeColumns = index.containsKey(Column.KICKOFF) || index.containsKey(Column.KICKOFF_UTC)
                    || index.containsKey(Column.DATE) && index.containsKey(Column.KICKOFF_LOCAL);
            if (!timeColumns) {
                if (index.containsKey(Column.DATE) || index.containsKey(Column.KICKOFF_LOCAL)) {
                    Column missing = index.containsKey(Column.DATE) ? Column.KICKOFF_LOCAL : Column.DATE;
                    missingColumn(line, missing, "a local kickoff needs both date and kickoff_local");
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
            Optional<ZoneId> zone = r.parse(Column.ZONE, Kickoffs::zone).or(ctx::defaultZone);
            Optional<ZonedDateTime> kickoff = timeColumns ? kickoff(r, zone) : Optional.empty();
            Optional<Stage> stage = r.text(Column.STAGE).map(t -> EventNames.stage(t, r.at(Column.STAGE), diags));
            if (stage.isEmpty() && index.containsKey(Column.STAGE)) {
                r.error(Column.STAGE, "missing stage", "e.g. group, round-of-16, final or custom:NAME");
            }
            String title = r.text(Column.TITLE).orElse("");
            List<String> teams = teams(r, title);
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
            return Optional.of(new Event(id.get(), title, r.text(Column.COMPETITION).orElse(""), played, teams,
                    kickoff.get(), r.text(Column.REGION).orElse(""), r.text(Column.SHAPE), audience, delay,
                    new SourceLocation(file, r.line, 0, "")));
        }

        /** The first filled of kickoff, kickoff_utc, date + kickoff_local; reports why when none gives a time. */
        private Optional<ZonedDateTime> kickoff(Row r, Optional<ZoneId> zone) {
            if (r.has(Column.KICKOFF)) {
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
            Column shown = Stream.of(Column.KICKOFF, Column.KICKOFF_UTC, Column.KICKOFF_LOCAL)
                    .filter(index::containsKey).findFirst().orElse(Column.KICKOFF);
            r.error(shown, "missing kickoff", "fill kickoff, kickoff_utc, or date and kickoff_local");
            return Optional.empty();
        }

        private Optional<ZonedDateTime> local(Row r, Optional<ZoneId> zone) {
            Optional<LocalDate> date = r.require(Column.DATE).flatMap(s -> r.parse(Column.DATE, Reading::date));
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
            Optional<LocalDate> date = r.parse(Column.DATE, Reading::date);
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

        private static LocalDate date(String s) {
            try {
                return Kickoffs.inYears(LocalDate.parse(s.strip()), "date", s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("date \"" + s + "\" is not a date: write 1998-06-10");
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
