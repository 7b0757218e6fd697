package io.prescale.planner.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.StageKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Fixture feeds as published: the stage only in the title (in several languages) or in the description, teams
 * with bracketed and trailing qualifiers, placeholders for teams not known yet, CRLF and folded lines, floating
 * times that follow X-WR-TIMEZONE.
 */
class RealFeedPatternsTest {
    static final CalendarContext YEAR_2023 = new CalendarContext(Optional.empty(),
            Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Qatar vs Ecuador (Group A)        | GROUP",
            "TBD (Round of 16)                 | ROUND_OF_16",
            "Final Women's WC                  | FINAL",
            "1/8 final                         | ROUND_OF_16",
            "QF1                               | QUARTER_FINAL",
            "Quarter-final: Spain v Netherlands | QUARTER_FINAL",
            "Semi-finals                       | SEMI_FINAL",
            "Halbfinale                        | SEMI_FINAL",
            "Huitièmes de finale               | ROUND_OF_16",
            "Cuartos de final                  | QUARTER_FINAL",
            "Petite finale                     | THIRD_PLACE",
            "Spiel um Platz 3                  | THIRD_PLACE",
            "Gruppe C: Japan - Spanien         | GROUP",
            "Finale                            | FINAL",
    })
    void stageKind_phraseAsFeedsWriteIt_isFound(String text, StageKind kind) {
        assertEquals(Optional.of(kind), StageKind.find(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "England v Croatia                       | England,Croatia",
            "England vs. Croatia                     | England,Croatia",
            "Brazil - Scotland                       | Brazil,Scotland",
            "Denmark x France                        | Denmark,France",
            "Spain – Sweden                          | Spain,Sweden",
            "Qatar vs Ecuador (Group A)              | Qatar,Ecuador",
            "Australia W v Republic of Ireland W     | Australia,Republic of Ireland",
            "England (Women) vs Haiti (Women)        | England,Haiti",
            "Round of 16: Brazil - Korea Republic    | Brazil,Korea Republic",
            "Qatar vs Ecuador - Group A              | Qatar,Ecuador",
            "England vs Winner Group B               | England",
            "TBD vs TBD                              | ''",
            "1A v 2B                                 | ''",
            "W49 v W50                               | ''",
            "Season premiere                         | ''",
    })
    void teams_titleAsFeedsWriteIt_splitAndStripped(String title, String teams) {
        List<String> expected = teams.isEmpty() ? List.of() : List.of(teams.split(","));
        assertEquals(expected, EventNames.teamsFromTitle(title));
    }

    @Test
    void ics_publishedFeed_stagesFromTitlesAndDescriptionsTeamsWithoutQualifiersFloatingTimesInTheFeedsZone() {
        // given
        Diagnostics diags = new Diagnostics();

        // when
        List<Event> events = new IcsCalendarReader().read("real-feed-patterns.ics", CsvCalendarReaderTest.resource("real-feed-patterns.ics"),
                YEAR_2023, diags);

        // then
        assertEquals(List.of(), diags.all());
        assertEquals(6, events.size());
        Event opener = events.get(0);
        assertEquals(StageKind.GROUP, opener.stage().kind());
        assertEquals(List.of("Australia", "Republic of Ireland"), opener.teams());
        assertEquals(Instant.parse("2023-07-20T10:00:00Z"), opener.start(), "20:00 floating, in X-WR-TIMEZONE Sydney");
        assertEquals(StageKind.ROUND_OF_16, events.get(1).stage().kind());
        assertEquals(List.of("Australia", "Denmark"), events.get(1).teams());
        assertEquals(StageKind.QUARTER_FINAL, events.get(2).stage().kind());
        assertEquals(List.of(), events.get(2).teams(), "both sides are placeholders");
        assertEquals(StageKind.SEMI_FINAL, events.get(3).stage().kind(), "from DESCRIPTION, in German");
        assertEquals(StageKind.THIRD_PLACE, events.get(4).stage().kind());
        assertEquals(List.of("Sweden", "Australia"), events.get(4).teams());
        assertEquals(StageKind.FINAL, events.get(5).stage().kind());
        assertEquals(List.of("Spain", "England"), events.get(5).teams(), "a folded line, unfolded");
        assertEquals(true, events.get(5).stage().knockout());
    }

    @Test
    void ics_feedZoneAndCalendarZoneDisagree_floatingTimesFollowTheFeedAndItIsSaid() {
        // given: the scenario says the calendar is in London, the feed says Sydney
        Diagnostics diags = new Diagnostics();
        CalendarContext london = new CalendarContext(Optional.of(java.time.ZoneId.of("Europe/London")),
                YEAR_2023.expandFrom(), YEAR_2023.expandTo());

        // when
        List<Event> events = new IcsCalendarReader().read("real-feed-patterns.ics", CsvCalendarReaderTest.resource("real-feed-patterns.ics"),
                london, diags);

        // then
        assertEquals(Instant.parse("2023-07-20T10:00:00Z"), events.get(0).start(), "20:00 in Sydney");
        assertEquals(1, diags.all().size(), diags.all().toString());
        assertEquals("real-feed-patterns.ics:5: warning: X-WR-TIMEZONE: the feed's zone Australia/Sydney and the "
                + "calendar's zone Europe/London differ: floating times follow the feed's Australia/Sydney (times with "
                + "a TZID or Z are not affected)", diags.all().get(0).format());
    }

    @Test
    void csv_mistypedStage_plannedAsCustomWithADidYouMeanAndAStageOfItsOwnIsQuiet() {
        // given
        Diagnostics diags = new Diagnostics();
        String csv = "id,kickoff,stage,home,away\n"
                + "F,2026-07-19T19:00:00Z,finale,Spain,England\n"
                + "P,2026-09-28T20:00:00Z,season-premiere,,\n";

        // when
        List<Event> events = Calendars.read("fixtures.csv", csv, new CalendarContext(Optional.empty(),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")), diags);

        // then
        assertEquals(2, events.size());
        assertEquals(List.of("fixtures.csv:2: warning: stage: stage 'finale' is no stage prescale knows: planned as a "
                + "custom stage (no extra time, no stage rule); did you mean 'final'? (write custom:finale to mean a "
                + "stage of your own)"), diags.all().stream().map(io.prescale.planner.diag.Diagnostic::format).toList());
    }

}
