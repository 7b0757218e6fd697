package io.prescale.planner.calendar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON fixture formats football developers use, told apart by their fields:
 * <ul>
 *   <li>the football-data.org v4 {@code matches} response: {@code utcDate}, {@code status}, {@code stage}
 *       ({@code GROUP_STAGE}, {@code LAST_16}, {@code FINAL}), {@code group}, {@code homeTeam.name},
 *       {@code awayTeam.name}; a postponed, suspended or cancelled match is reported and not planned;</li>
 *   <li>openfootball's football.json: {@code matches} or {@code rounds[].matches} with {@code date}, {@code time}
 *       (with its {@code UTC+3} offset, else the calendar's zone), {@code team1}, {@code team2} (a name or an object
 *       with one), {@code round}, {@code group}, and its {@code status} ({@code postponed}, {@code cancelled});</li>
 *   <li>fixturedownload.com's JSON feed: a list of matches with {@code MatchNumber}, {@code RoundNumber},
 *       {@code DateUtc} ({@code 2024-06-14 19:00:00Z}), {@code Location}, {@code HomeTeam}, {@code AwayTeam},
 *       {@code Group}.</li>
 *   <li>API-Football v3's fixtures response: {@code response[]} of {@code fixture}, {@code league}, {@code teams}.</li>
 * </ul>
 * Each match is located by its line in the file; a team not known yet (null, {@code TBD}, {@code W49}) is no team.
 */
final class JsonFixturesReader implements CalendarReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** football-data.org v4's stage values. */
    private static final Set<String> FOOTBALL_DATA_STAGES = Set.of("FINAL", "THIRD_PLACE", "SEMI_FINALS",
            "QUARTER_FINALS", "LAST_16", "LAST_32", "LAST_64", "ROUND_4", "ROUND_3", "ROUND_2", "ROUND_1", "GROUP_STAGE",
            "PRELIMINARY_ROUND", "QUALIFICATION", "QUALIFICATION_ROUND_1", "QUALIFICATION_ROUND_2",
            "QUALIFICATION_ROUND_3", "PLAYOFF_ROUND_1", "PLAYOFF_ROUND_2", "PLAYOFFS", "REGULAR_SEASON", "CLAUSURA",
            "APERTURA", "CHAMPIONSHIP", "RELEGATION", "RELEGATION_ROUND", "LEAGUE_STAGE", "PLAYOFF");
    private static final Set<String> NOT_PLAYED = Set.of("POSTPONED", "SUSPENDED", "CANCELLED", "CANCELED", "AWARDED",
            "ABANDONED");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}:\\d{2})(?:\\s*(?:UTC|GMT)\\s*([+-]\\d{1,2})(?::?(\\d{2}))?)?",
            Pattern.CASE_INSENSITIVE);

    @Override
    public List<Event> read(String file, String text, CalendarContext ctx, Diagnostics diags) {
        List<Event> out = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        try (JsonParser p = MAPPER.createParser(text)) {
            // the name of the enclosing object of each matches array (openfootball's round name)
            Deque<String> names = new ArrayDeque<>();
            int matchesArrays = 0;
            String lastName = "";
            String competition = "";
            // a stage prescale does not know is said once per file, not for each of its matches
            Set<String> stagesSaid = new java.util.HashSet<>();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                fixtureDownload(file, p, ctx, diags, out, idLines);
                return out;
            }
            for (; t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("competition")
                        && p.getParsingContext().getParent() != null && p.getParsingContext().getParent().inRoot()) {
                    // football-data.org's /competitions/{code}/matches names its competition at the top
                    p.nextToken();
                    JsonNode c = p.readValueAsTree();
                    if (c != null && c.path("name").isTextual()) {
                        competition = c.path("name").asText();
                    }
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("name") && p.getParsingContext().getParent() != null) {
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING) {
                        lastName = p.getText();
                        if (p.getParsingContext().getParent().inRoot()) {
                            competition = lastName;
                        }
                    }
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("response")
                        && p.getParsingContext().getParent() != null && p.getParsingContext().getParent().inRoot()) {
                    // API-Football v3: {"get": "fixtures", "response": [{"fixture": ..., "league": ..., "teams": ...}]}
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        diags.error(at(file, p, "response"), "response is not a list", "");
                        continue;
                    }
                    matchesArrays++;
                    Set<String> said = new java.util.HashSet<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int line = p.currentLocation().getLineNr();
                        JsonNode m = p.readValueAsTree();
                        apiFootball(file, line, m, ctx, diags, said).ifPresent(e -> add(e, file, line, out, idLines, diags));
                    }
                    continue;
                }
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("matches")) {
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        diags.error(at(file, p, "matches"), "matches is not a list", "");
                        continue;
                    }
                    matchesArrays++;
                    String round = lastName;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int line = p.currentLocation().getLineNr();
                        JsonNode m = p.readValueAsTree();
                        match(file, line, m, round, competition, ctx, diags, stagesSaid)
                                .ifPresent(e -> add(e, file, line, out, idLines, diags));
                    }
                }
            }
            if (matchesArrays == 0) {
                diags.error(SourceLocation.of(file), "no matches in this JSON file",
                        "expected a football-data.org v4 matches response, an openfootball football.json, an "
                                + "API-Football fixtures response or fixturedownload.com's list of matches");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            diags.error(new SourceLocation(file, line, 0, ""), "not valid JSON: " + e.getOriginalMessage(), "");
        } catch (IOException e) {
            diags.error(SourceLocation.of(file), "cannot read the JSON: " + e.getMessage(), "");
        }
        return out;
    }

    private static void add(Event e, String file, int line, List<Event> out, Map<String, Integer> idLines,
                            Diagnostics diags) {
        Integer first = idLines.putIfAbsent(e.id(), line);
        if (first != null) {
            diags.error(new SourceLocation(file, line, 0, "matches"), "duplicate match '" + e.id() + "'",
                    "also on line " + first);
        } else {
            out.add(e);
        }
    }

    /**
     * fixturedownload.com's feed: a list of matches. Its {@code RoundNumber} is a number for league rounds, group
     * matchdays and, in some tournaments, knockout rounds too; a numbered round without a group in a file whose other
     * matches have groups is a knockout round the feed does not name (said once per round).
     */
    private static void fixtureDownload(String file, JsonParser p, CalendarContext ctx, Diagnostics diags,
                                        List<Event> out, Map<String, Integer> idLines) throws IOException {
        List<Map.Entry<Integer, JsonNode>> rows = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            int line = p.currentLocation().getLineNr();
            rows.add(Map.entry(line, p.readValueAsTree()));
        }
        if (t != JsonToken.END_ARRAY) {
            diags.error(at(file, p, ""), "expected a list of matches (objects)", "");
            return;
        }
        if (rows.isEmpty() || rows.stream().noneMatch(r -> r.getValue().has("DateUtc"))) {
            diags.error(SourceLocation.of(file), "no matches in this JSON file", "a list of matches is read as "
                    + "fixturedownload.com's feed, with DateUtc, HomeTeam, AwayTeam and RoundNumber");
            return;
        }
        boolean groups = rows.stream().anyMatch(r -> r.getValue().path("Group").isTextual()
                && !r.getValue().path("Group").asText().isBlank());
        Set<String> roundsSaid = new java.util.HashSet<>();
        for (Map.Entry<Integer, JsonNode> r : rows) {
            int line = r.getKey();
            JsonNode m = r.getValue();
            SourceLocation loc = new SourceLocation(file, line, 0, "DateUtc");
            List<String> teams = new ArrayList<>();
            for (String side : List.of("HomeTeam", "AwayTeam")) {
                String name = m.path(side).isTextual() ? m.path(side).asText().strip() : "";
                if (!name.isEmpty() && !EventNames.isPlaceholder(name)) {
                    teams.add(name);
                }
            }
            String group = m.path("Group").isTextual() ? m.path("Group").asText().strip() : "";
            String round = m.path("RoundNumber").isValueNode() && !m.path("RoundNumber").isNull()
                    ? m.path("RoundNumber").asText().strip() : "";
            String title = teams.size() == 2 ? teams.get(0) + " v " + teams.get(1)
                    : ((group.isEmpty() ? round : group) + " match").strip();
            String status = m.path("Status").asText("").toUpperCase(Locale.ROOT);
            if (NOT_PLAYED.contains(status)) {
                diags.warning(loc.withField("Status"), "match '" + title + "' is " + status.toLowerCase(Locale.ROOT)
                        + ": not planned");
                continue;
            }
            String utc = m.path("DateUtc").asText("").strip();
            Optional<Instant> kickoff = instant(utc, loc, diags, "DateUtc", "2024-06-14 19:00:00Z");
            if (kickoff.isEmpty()) {
                continue;
            }
            Stage stage;
            if (!group.isEmpty()) {
                stage = new Stage(StageKind.GROUP, group);
            } else if (round.matches("\\d+")) {
                if (groups) {
                    stage = new Stage(StageKind.CUSTOM, "Round " + round, true);
                    if (roundsSaid.add(round)) {
                        diags.warning(loc.withField("RoundNumber"), "round " + round + " has no group and no stage "
                                + "name: planned as a knockout round of its own ('Round " + round + "', extra time and "
                                + "penalties held)", "name its stage with calendarRules: "
                                + "{categories: \"^Round " + round + "$\", stage: final}");
                    }
                } else {
                    stage = new Stage(StageKind.LEAGUE, "Round " + round);
                }
            } else {
                stage = stage(round, "", loc.withField("RoundNumber"), diags);
            }
            String id = EventNames.slug(kickoff.get().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                    m.path("MatchNumber").isMissingNode() ? title : m.path("MatchNumber").asText());
            String venue = m.path("Location").isTextual() ? m.path("Location").asText() : "";
            List<String> categories = new ArrayList<>();
            if (!round.isEmpty()) {
                categories.add(round.matches("\\d+") ? "Round " + round : round);
            }
            if (!group.isEmpty()) {
                categories.add(group);
            }
            Event e = new Event(id, title, "", stage, teams, kickoff.get().atZone(ZoneOffset.UTC), "", Optional.empty(),
                    Optional.empty(), Duration.ZERO, new SourceLocation(file, line, 0, ""), venue);
            add(ctx.rules().apply(e, new MappingRules.Fields(title, "", venue, categories)), file, line, out, idLines,
                    diags);
        }
    }

    private static final Pattern COUNTRY_CODE = Pattern.compile("\\s+\\([A-Z]{2,3}\\)$");

    /** API-Football's {@code status.short} of a match that will not be played as scheduled. */
    private static final Set<String> API_FOOTBALL_NOT_PLAYED = Set.of("PST", "CANC", "ABD", "AWD", "WO", "SUSP");
    /** A round's number after its name: {@code Regular Season - 34}, {@code Central - 8}. */
    private static final Pattern ROUND_NUMBER = Pattern.compile("\\s+-\\s+\\d+$");

    /**
     * One fixture of an API-Football v3 response: {@code fixture.date} with its offset, {@code fixture.status.short}
     * ({@code NS}; {@code TBD} a day without a kickoff time yet; {@code PST}, {@code CANC}, {@code ABD}, {@code AWD},
     * {@code WO}, {@code SUSP} not played as scheduled), {@code league.name}, {@code league.round}
     * ({@code Regular Season - 34}, {@code Group Stage - 1}, {@code 8th Finals}), {@code teams.home.name},
     * {@code teams.away.name}, {@code fixture.venue.name}; ids {@code af-<fixture.id>}.
     */
    private static Optional<Event> apiFootball(String file, int line, JsonNode m, CalendarContext ctx, Diagnostics diags,
                                               Set<String> stagesSaid) {
        SourceLocation loc = new SourceLocation(file, line, 0, "fixture");
        if (!m.has("fixture")) {
            diags.error(loc, "expected an API-Football fixture (fixture, league, teams)", "");
            return Optional.empty();
        }
        JsonNode f = m.path("fixture");
        List<String> teams = new ArrayList<>();
        for (String side : List.of("home", "away")) {
            JsonNode n = m.path("teams").path(side).path("name");
            if (n.isTextual() && !n.asText().isBlank() && !EventNames.isPlaceholder(n.asText())) {
                teams.add(n.asText().strip());
            }
        }
        String round = m.path("league").path("round").asText("").strip();
        String title = teams.size() == 2 ? teams.get(0) + " v " + teams.get(1) : (round + " match").strip();
        String status = f.path("status").path("short").asText("").toUpperCase(Locale.ROOT);
        if (API_FOOTBALL_NOT_PLAYED.contains(status)) {
            diags.warning(loc.withField("status"), "match '" + title + "' is not played as scheduled (" + status
                    + (f.path("status").path("long").isTextual() ? ": " + f.path("status").path("long").asText() : "")
                    + "): not planned");
            return Optional.empty();
        }
        java.time.OffsetDateTime at;
        try {
            at = java.time.OffsetDateTime.parse(f.path("date").asText("").strip());
        } catch (DateTimeException e) {
            diags.error(loc.withField("date"), "fixture.date is not a time with its offset such as "
                    + "2025-06-12T19:00:00+00:00 (got \"" + f.path("date").asText("") + "\")");
            return Optional.empty();
        }
        if (status.equals("TBD")) {
            diags.warning(loc.withField("status"), "match '" + title + "' on " + at.toLocalDate() + " has its kickoff "
                    + "time to be defined (TBD): " + Calendars.PLACEHOLDER);
            return Optional.empty();
        }
        ZoneId shown = at.getOffset();
        try {
            shown = f.path("timezone").isTextual() ? ZoneId.of(f.path("timezone").asText()) : shown;
        } catch (DateTimeException e) {
            // a zone name Java does not know: the offset of the date says when, which is all a plan needs
        }
        String stageText = ROUND_NUMBER.matcher(round).replaceFirst("");
        Diagnostics stageDiags = stagesSaid.add(stageText) ? diags : new Diagnostics();
        Stage stage = stage(stageText, "", loc.withField("round"), stageDiags);
        String venue = f.path("venue").path("name").isTextual() ? f.path("venue").path("name").asText() : "";
        String id = f.has("id") ? "af-" + f.path("id").asText() : EventNames.slug(at.toLocalDate().toString(), title);
        Event e = new Event(id, title, m.path("league").path("name").asText(""), stage, teams,
                at.atZoneSameInstant(shown), "", Optional.empty(), Optional.empty(), Duration.ZERO, loc.withField(""),
                venue);
        return Optional.of(ctx.rules().apply(e, new MappingRules.Fields(title, "", venue,
                round.isEmpty() ? List.of() : List.of(round))));
    }

    private static SourceLocation at(String file, JsonParser p, String field) {
        return new SourceLocation(file, p.currentLocation().getLineNr(), 0, field);
    }

    private static Optional<Event> match(String file, int line, JsonNode m, String round, String competition,
                                         CalendarContext ctx, Diagnostics diags, Set<String> stagesSaid) {
        SourceLocation loc = new SourceLocation(file, line, 0, "matches");
        boolean footballData = m.has("utcDate");
        List<String> teams = new ArrayList<>();
        for (String side : footballData ? List.of("homeTeam", "awayTeam") : List.of("team1", "team2")) {
            JsonNode n = m.get(side);
            String name = n == null || n.isNull() ? null : n.isTextual() ? n.asText()
                    : n.path("name").isTextual() ? n.path("name").asText() : null;
            if (name != null && !name.isBlank() && !EventNames.isPlaceholder(name)) {
                // openfootball's clubs in international competitions carry their country: "Manchester United (ENG)"
                teams.add(footballData ? name.strip() : COUNTRY_CODE.matcher(name.strip()).replaceFirst(""));
            }
        }
        String title = teams.size() == 2 ? teams.get(0) + " v " + teams.get(1)
                : (m.path("group").asText(round) + " match").strip();
        Optional<ZonedDateTime> kickoff;
        String id;
        Stage stage;
        // football-data.org's POSTPONED; openfootball's postponed, cancelled, abandoned
        String status = m.path("status").asText("").toUpperCase(Locale.ROOT);
        if (NOT_PLAYED.contains(status)) {
            diags.warning(loc, "match '" + title + "' is " + status.toLowerCase(Locale.ROOT) + ": not planned");
            return Optional.empty();
        }
        if (footballData) {
            kickoff = instant(m.path("utcDate").asText(""), loc.withField("utcDate"), diags, "utcDate",
                    "2022-11-20T16:00:00Z").map(i -> i.atZone(ZoneOffset.UTC));
            // SCHEDULED is a match whose day is set but not its kickoff: football-data.org gives it midnight UTC
            if (status.equals("SCHEDULED") && kickoff.filter(k -> k.toLocalTime().equals(LocalTime.MIDNIGHT)).isPresent()) {
                diags.warning(loc.withField("utcDate"), "match '" + title + "' on " + kickoff.get().toLocalDate()
                        + " is SCHEDULED, its kickoff time not set yet (utcDate " + m.path("utcDate").asText()
                        + "): " + Calendars.PLACEHOLDER);
                return Optional.empty();
            }
            if (m.path("competition").path("name").isTextual()) {
                competition = m.path("competition").path("name").asText();
            }
            id = m.has("id") ? "fd-" + m.get("id").asText() : EventNames.slug(m.path("utcDate").asText(""), title);
            String raw = m.path("stage").asText("");
            boolean first = stagesSaid.add(raw);
            stage = stage(raw, m.path("group").asText(""), loc, first ? diags : new Diagnostics());
            if (first && !raw.isEmpty() && !FOOTBALL_DATA_STAGES.contains(raw)) {
                String near = io.prescale.planner.config.YNode.nearest(raw, FOOTBALL_DATA_STAGES);
                diags.warning(loc.withField("stage"), "stage '" + raw + "' is not a football-data.org stage"
                        + (near == null ? "" : ": did you mean '" + near + "'?") + " Read as " + stage.key());
            }
        } else {
            kickoff = local(m.path("date").asText(""), m.path("time").asText(""), ctx, loc, diags);
            id = EventNames.slug(m.path("date").asText(""), m.path("num").isMissingNode() ? title : m.path("num").asText());
            String r = m.path("round").asText(round);
            stage = m.path("group").isTextual() && !m.path("group").asText().isBlank()
                    ? new Stage(StageKind.GROUP, m.path("group").asText())
                    : stage(r, "", loc, stagesSaid.add(r) ? diags : new Diagnostics());
        }
        if (kickoff.isEmpty()) {
            return Optional.empty();
        }
        String venue = m.path(footballData ? "venue" : "ground").isTextual()
                ? m.path(footballData ? "venue" : "ground").asText() : "";
        List<String> categories = new ArrayList<>();
        for (String f : footballData ? List.of("stage", "group") : List.of("round", "group")) {
            if (m.path(f).isTextual() && !m.path(f).asText().isBlank()) {
                categories.add(m.path(f).asText());
            } else if (f.equals("round") && !round.isBlank()) {
                categories.add(round);
            }
        }
        Event e = new Event(id, title, competition, stage, teams, kickoff.get(), "", Optional.empty(),
                Optional.empty(), Duration.ZERO, loc, venue);
        return Optional.of(ctx.rules().apply(e, new MappingRules.Fields(title, "", venue, categories)));
    }

    private static Optional<Instant> instant(String s, SourceLocation loc, Diagnostics diags, String field,
                                             String example) {
        try {
            return Optional.of(Instant.parse(s.strip().replace(' ', 'T')));
        } catch (DateTimeException e) {
            diags.error(loc.withField(field), field + " is not an instant such as " + example + " (got \"" + s + "\")");
            return Optional.empty();
        }
    }

    /** openfootball's {@code date} and {@code time} ({@code 19:00 UTC+3}, else the calendar's zone). */
    private static Optional<ZonedDateTime> local(String date, String time, CalendarContext ctx, SourceLocation loc,
                                                 Diagnostics diags) {
        LocalDate d;
        try {
            d = LocalDate.parse(date);
        } catch (DateTimeException e) {
            diags.error(loc.withField("date"), "date is not a date such as 2022-11-20 (got \"" + date + "\")");
            return Optional.empty();
        }
        if (time.isBlank()) {
            diags.warning(loc.withField("time"), "match on " + date + " has no kickoff time: " + Calendars.PLACEHOLDER);
            return Optional.empty();
        }
        Matcher tm = TIME.matcher(time.strip());
        if (!tm.matches()) {
            diags.error(loc.withField("time"), "time is not a kickoff time such as 19:00 or 19:00 UTC+3 (got \""
                    + time + "\")");
            return Optional.empty();
        }
        LocalTime t;
        try {
            t = LocalTime.parse(tm.group(1).length() == 4 ? "0" + tm.group(1) : tm.group(1));
        } catch (DateTimeException e) {
            diags.error(loc.withField("time"), "time is not a kickoff time (got \"" + time + "\")");
            return Optional.empty();
        }
        ZoneId zone;
        if (tm.group(2) != null) {
            int h = Integer.parseInt(tm.group(2));
            int min = tm.group(3) == null ? 0 : Integer.parseInt(tm.group(3));
            if (Math.abs(h) > 14 || min > 59) {
                diags.error(loc.withField("time"), "UTC offset out of range in \"" + time + "\"");
                return Optional.empty();
            }
            zone = ZoneOffset.ofHoursMinutes(h, h < 0 ? -min : min);
        } else if (ctx.defaultZone().isPresent()) {
            zone = ctx.defaultZone().get();
        } else {
            diags.error(loc.withField("time"), "time " + time + " has no UTC offset and the calendar has no zone",
                    "write 19:00 UTC+3, or set the calendar's zone: calendar: {file: ..., zone: Asia/Qatar}");
            return Optional.empty();
        }
        return Optional.of(ZonedDateTime.of(d, t, zone));
    }

    /** football-data's {@code GROUP_STAGE} / {@code LAST_16} / {@code FINAL}, openfootball's round names. */
    private static Stage stage(String raw, String group, SourceLocation loc, Diagnostics diags) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return group.isBlank() ? new Stage(StageKind.CUSTOM, "match") : new Stage(StageKind.GROUP, group);
        }
        Optional<StageKind> k = StageKind.parse(s).or(() -> StageKind.find(s.replace('_', ' ')));
        if (k.isPresent()) {
            return new Stage(k.get(), k.get() == StageKind.GROUP && !group.isBlank() ? group.replace('_', ' ') : s);
        }
        TreeSet<String> known = new TreeSet<>(Arrays.stream(StageKind.values()).map(StageKind::id).toList());
        String near = io.prescale.planner.config.YNode.nearest(s.toLowerCase(Locale.ROOT).replace('_', '-'), known);
        diags.warning(loc.withField("stage"), "stage '" + s + "' is not one prescale knows: planned as a custom stage"
                + (near == null ? "" : "; did you mean '" + near + "'?"));
        return new Stage(StageKind.CUSTOM, s);
    }
}
