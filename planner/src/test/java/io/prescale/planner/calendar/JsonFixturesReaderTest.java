package io.prescale.planner.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.StageKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON fixture formats football developers use: football-data.org v4 and openfootball's football.json. */
class JsonFixturesReaderTest {
    static final CalendarContext YEAR_2022 = new CalendarContext(Optional.empty(),
            Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2023-01-01T00:00:00Z"));

    private final Diagnostics diags = new Diagnostics();

    @Test
    void footballData_matchesResponse_timedMatchesPlannedPostponedReportedMistypedStageWarned() {
        // when
        List<Event> events = Calendars.read("football-data-matches.json", CsvCalendarReaderTest.resource("football-data-matches.json"),
                YEAR_2022, diags);

        // then: three planned; the postponed one reported with its line and title, not planned
        assertEquals(List.of("fd-391881", "fd-391930", "fd-391950"), events.stream().map(Event::id).toList());
        Event opener = events.get(0);
        assertEquals(Instant.parse("2022-11-20T16:00:00Z"), opener.start());
        assertEquals(List.of("Qatar", "Ecuador"), opener.teams());
        assertEquals(StageKind.GROUP, opener.stage().kind());
        assertEquals("GROUP A", opener.stage().label());
        assertEquals(6, opener.source().line());
        assertEquals(StageKind.ROUND_OF_16, events.get(1).stage().kind());
        assertEquals(List.of(), events.get(1).teams(), "teams not known yet");
        assertEquals(StageKind.FINAL, events.get(2).stage().kind(), "FINALE read as the final");
        List<String> said = diags.all().stream().map(Diagnostic::format).toList();
        assertTrue(said.contains("football-data-matches.json:16: warning: matches: match 'England v Iran' is postponed: "
                + "not planned"), said.toString());
        assertTrue(said.contains("football-data-matches.json:35: warning: stage: stage 'FINALE' is not a football-data.org "
                + "stage: did you mean 'FINAL'? Read as final"), said.toString());
    }

    @Test
    void openfootball_rounds_kickoffsWithTheirOffsetsStagesFromRoundsAndGroupsPlaceholdersNoTeam() {
        // when: the round of 16 match has no offset, so it takes the calendar's zone
        CalendarContext doha = new CalendarContext(Optional.of(ZoneId.of("Asia/Qatar")), YEAR_2022.expandFrom(),
                YEAR_2022.expandTo());
        List<Event> events = Calendars.read("worldcup.json", CsvCalendarReaderTest.resource("openfootball-worldcup.json"), doha, diags);

        // then
        assertEquals(List.of(), diags.all());
        assertEquals(4, events.size());
        assertEquals(Instant.parse("2022-11-20T16:00:00Z"), events.get(0).start(), "19:00 UTC+3");
        assertEquals(StageKind.GROUP, events.get(0).stage().kind());
        assertEquals(List.of("England", "Iran"), events.get(1).teams(), "team objects with a name");
        assertEquals(StageKind.ROUND_OF_16, events.get(2).stage().kind());
        assertEquals(List.of(), events.get(2).teams(), "1A and 2B are not known yet");
        assertEquals(Instant.parse("2022-12-03T15:00:00Z"), events.get(2).start(), "18:00 in the calendar's zone");
        assertEquals(StageKind.FINAL, events.get(3).stage().kind());
        assertEquals("World Cup 2022", events.get(3).competition());
        assertEquals(List.of("2022-11-20-1", "2022-11-21-2", "2022-12-03-49", "2022-12-18-64"),
                events.stream().map(Event::id).toList());
    }

    @Test
    void json_withoutMatches_isAnErrorNamingTheFile() {
        Calendars.read("other.json", "{\"teams\": []}", YEAR_2022, diags);

        assertEquals("other.json: error: no matches in this JSON file (expected a football-data.org v4 matches "
                + "response, an openfootball football.json, an API-Football fixtures response or fixturedownload.com's "
                + "list of matches)", diags.all().get(0).format());
    }

}
