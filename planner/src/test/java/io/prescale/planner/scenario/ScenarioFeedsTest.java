package io.prescale.planner.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.StageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeds the daemon fetched, read as the scenario's own calendar files are: zone, all-day kickoffs, rules. */
class ScenarioFeedsTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** Floating times with no X-WR-TIMEZONE, an all-day round, a title only a rule reads, one event it cannot size. */
    static final String FEED = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//club//x//EN",
            "BEGIN:VEVENT", "UID:k1@club", "DTSTART:20260612T200000", "SUMMARY:M7 Lions hosts Eagles", "END:VEVENT",
            "BEGIN:VEVENT", "UID:r16@club", "DTSTART;VALUE=DATE:20260628", "DTEND;VALUE=DATE:20260629",
            "SUMMARY:Round of 16", "END:VEVENT",
            "END:VCALENDAR", "");

    @TempDir
    Path dir;

    void scenario(String calendar) throws Exception {
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: club
                plan: {from: 2026-06-01T00:00:00Z, horizon: 60d}
                calendarZone: Europe/Paris
                calendarAllDay: ["18:00", "21:00"]
                calendarRules:
                  - {summary: "^M\\\\d+ (.+) hosts (.+)$", teams: ["$1", "$2"]}
                """ + calendar + """
                audience: {base: {p50: 100k, p90: 120k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """);
    }

    @Test
    void load_feedAlone_readWithTheCalendarZoneAllDayKickoffsAndRules() throws Exception {
        // given: no calendar of the scenario's own
        scenario("");

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW,
                List.of(new ScenarioLoader.Feed("https://club.example/fixtures#.ics", FEED)));

        // then
        List<Event> e = s.events();
        assertEquals(3, e.size(), e.toString());
        assertEquals(Instant.parse("2026-06-12T18:00:00Z"), e.get(0).kickoff().toInstant(), "20:00 in Europe/Paris");
        assertEquals(List.of("Lions", "Eagles"), e.get(0).teams());
        assertEquals(Instant.parse("2026-06-28T16:00:00Z"), e.get(1).kickoff().toInstant(), "18:00 in Europe/Paris");
        assertEquals(Instant.parse("2026-06-28T19:00:00Z"), e.get(2).kickoff().toInstant());
        assertEquals(StageKind.ROUND_OF_16, e.get(2).stage().kind());
        List<String> w = s.warnings().stream().map(Diagnostic::format).toList();
        assertTrue(w.stream().anyMatch(x -> x.startsWith("https://club.example/fixtures#.ics:11: warning: DTSTART: "
                + "all-day entry 'Round of 16' planned as 2 match(es) at 18:00, 21:00")), w.toString());
    }

    @Test
    void load_calendarItemOwnAllDay_overridesTheScenarios() throws Exception {
        // given
        Files.writeString(dir.resolve("club.ics"), FEED);
        scenario("calendar: {file: club.ics, allDay: \"20:00\"}\n");

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW);

        // then
        assertEquals(List.of(Instant.parse("2026-06-12T18:00:00Z"), Instant.parse("2026-06-28T18:00:00Z")),
                s.events().stream().map(x -> x.kickoff().toInstant()).toList());
    }

    @Test
    void load_noCalendarAndNoFeed_anErrorSayingWhatWouldDo() throws Exception {
        // given
        scenario("");

        // when
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), NOW));

        // then
        assertTrue(x.diagnostics().stream().anyMatch(d -> d.summary().equals("a scenario needs a calendar (calendar: "
                + "fixtures.yaml) or inline events") && d.detail().contains("--calendar-url")),
                x.diagnostics().toString());
    }

    @Test
    void load_calendarItemDateOrder_readsDatesNothingInTheFileTells() throws Exception {
        // given: 03/07/2026 is 3 July or March 7, and no date of the file has a part above 12
        Files.writeString(dir.resolve("fixtures.csv"), "Date,Home Team,Away Team,Round\n07/03/2026 20:00,A,B,Final\n");
        scenario("calendar: {file: fixtures.csv, dateOrder: month-day}\n");

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW);

        // then
        assertEquals(Instant.parse("2026-07-03T18:00:00Z"), s.events().get(0).kickoff().toInstant(), "July 3, 20:00 CEST");
    }

    @Test
    void load_calendarItemDateOrderMisspelt_errorAtItsLine() throws Exception {
        Files.writeString(dir.resolve("fixtures.csv"), "Date,Home Team,Away Team,Round\n07/03/2026 20:00,A,B,Final\n");
        scenario("calendar: {file: fixtures.csv, dateOrder: american}\n");

        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), NOW));

        assertTrue(x.diagnostics().stream().anyMatch(d -> d.location().field().equals("calendar.dateOrder")
                && d.summary().contains("day-month (03/12/2022 is 3 December) or month-day")), x.diagnostics().toString());
    }

    @Test
    void load_calendarDateOrder_appliesToTheDaemonsFeeds() throws Exception {
        // given: a feed fetched from a URL has no calendar item to carry a dateOrder of its own
        scenario("calendarDateOrder: day-month\n");

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW, List.of(new ScenarioLoader.Feed(
                "https://club.example/fixtures.csv", "Date,Home Team,Away Team,Round\n07/03/2026 20:00,A,B,Final\n")));

        // then
        assertEquals(Instant.parse("2026-03-07T19:00:00Z"), s.events().get(0).kickoff().toInstant(), "7 March, 20:00 CET");
    }

    @Test
    void load_fixtureDownloadFeedUrl_itsNameGivesTheZoneOfItsTimes() throws Exception {
        // given: the daemon fetched fixturedownload.com's download; the scenario's zone is Paris
        scenario("");
        String csv = "Match Number,Round Number,Date,Location,Home Team,Away Team,Result\n"
                + "1,1,11/08/2023 20:00,Turf Moor,Burnley,Man City,0 - 3\n"
                + "162,17,13/03/2024 19:30,Vitality Stadium,Bournemouth,Luton,\n";

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), Instant.parse("2023-08-01T00:00:00Z"), List.of(
                new ScenarioLoader.Feed("https://fixturedownload.com/download/epl-2023-GMTStandardTime.csv", csv)));

        // then: UK times, summer time included, not Paris
        assertEquals(Instant.parse("2023-08-11T19:00:00Z"), s.events().get(0).kickoff().toInstant(), "20:00 BST");
        assertTrue(s.warnings().stream().anyMatch(w -> w.summary().contains("the file's name says its times are in "
                + "Europe/London, not the calendar's zone Europe/Paris")), s.warnings().toString());
    }
}
