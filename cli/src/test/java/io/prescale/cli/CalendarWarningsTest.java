package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that reads the calendar says which entries it left out, with the file, line and title. */
class CalendarWarningsTest {
    @TempDir
    Path dir;

    void scenario() throws Exception {
        Files.writeString(dir.resolve("feed.ics"), """
                BEGIN:VCALENDAR
                VERSION:2.0
                PRODID:-//feed//x//EN
                X-WR-TIMEZONE:Europe/Paris
                BEGIN:VEVENT
                UID:m1@feed
                DTSTART:20260627T210000
                SUMMARY:France vs Brazil (Group C)
                END:VEVENT
                BEGIN:VEVENT
                UID:r16@feed
                DTSTART;VALUE=DATE:20260628
                DTEND;VALUE=DATE:20260702
                SUMMARY:Round of 16
                END:VEVENT
                END:VCALENDAR
                """);
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: feed
                zone: Europe/Paris
                plan: {from: 2026-06-27T00:00:00Z, horizon: 7d}
                calendar: feed.ics
                audience: {base: {p50: 100k, p90: 120k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plan", "forecast", "simulate"})
    void command_feedWithAnAllDayRound_namesThePlaceholderWithItsFileLineAndTitle(String command) throws Exception {
        // given
        scenario();

        // when
        CliRun r = command.equals("plan") ? CliTest.run("plan", dir.toString(), "--no-save")
                : command.equals("simulate") ? CliTest.run("simulate", dir.toString(), "--runs", "200")
                : CliTest.run(command, dir.toString());

        // then
        assertEquals(0, r.code(), r.err());
        String said = r.out() + r.err();
        assertTrue(said.contains("feed.ics:12: warning: DTSTART: all-day entry 'Round of 16' has no kickoff time: a "
                + "placeholder, not planned"), said);
    }

    @Test
    void plan_feedWithUids_reasonsNameTheMatchByItsTitleNotItsUid() throws Exception {
        // given
        scenario();

        // when
        CliRun r = CliTest.run("plan", dir.toString(), "--no-save");

        // then
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("      France vs Brazil (Group C) kickoff Jun 27 21:00 CEST: "), r.out());
        assertTrue(r.out().contains("      France vs Brazil (Group C) over: latest end "), r.out());
        assertTrue(!r.out().contains("m1@feed kickoff"), r.out());
        assertTrue(r.out().contains("calendar: 1 event(s) planned, 1 placeholder(s) without a kickoff time not planned"),
                r.out());
    }

    @Test
    void forecast_eventByItsTitleOrAMisspellingOfIt_foundOrANearMatchSuggested() throws Exception {
        // given: a feed whose ids are UIDs
        scenario();

        // when
        CliRun byTitle = CliTest.run("forecast", dir.toString(), "--event", "France vs Brazil (Group C)");
        CliRun misspelt = CliTest.run("forecast", dir.toString(), "--event", "France vs Brasil (Group C)");

        // then
        assertEquals(0, byTitle.code(), byTitle.err());
        assertEquals(1, misspelt.code());
        assertTrue(misspelt.err().contains("no event 'France vs Brasil (Group C)' in scenario feed: did you mean "
                + "'France vs Brazil (Group C)'?"), misspelt.err());
    }
}
