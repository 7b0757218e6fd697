package io.prescale.planner.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fixture feeds as they are published (src/test/resources/calendar/real/, sources and licences in its SOURCES.md),
 * read as a scenario's calendar is: each match at its kickoff in the right zone, with its stage and its teams, a
 * postponed or not yet timed one reported and not planned, or the file refused at its line and field.
 */
class RealPublishedFeedsTest {
    private final Diagnostics diags = new Diagnostics();

    // ---- fixturedownload.com: CSV named by the zone of its times, and the JSON feed

    @Test
    void fixtureDownloadCsv_worldCup2022Utc_kickoffsInUtcStagesFromGroupAndRoundPlaceholdersNoTeam() {
        // when: no zone in the scenario; the file's name says UTC
        Map<String, Event> byId = byId(read("fixturedownload-fifa-world-cup-2022-UTC.csv", Optional.empty()));

        // then
        assertEquals(64, byId.size());
        assertEquals(List.of(), diags.all());
        Event opener = byId.get("1");
        assertEquals(Instant.parse("2022-11-21T16:00:00Z"), opener.start(), "the file's UTC, as first published");
        assertEquals(new Stage(StageKind.GROUP, "Group A"), opener.stage());
        assertEquals(List.of("Qatar", "Ecuador"), opener.teams());
        assertEquals("Al Bayt Stadium", opener.location());
        assertEquals(StageKind.ROUND_OF_16, byId.get("49").stage().kind());
        assertEquals(List.of(), byId.get("49").teams(), "1A and 2B are not known yet");
        assertEquals(StageKind.QUARTER_FINAL, byId.get("58").stage().kind());
        assertEquals(List.of(), byId.get("58").teams(), "To be announced");
        assertEquals(StageKind.SEMI_FINAL, byId.get("61").stage().kind());
        assertEquals(StageKind.FINAL, byId.get("64").stage().kind());
        assertEquals(Instant.parse("2022-12-18T15:00:00Z"), byId.get("64").start());
    }

    @Test
    void fixtureDownloadCsv_eplGmtStandardTime_ukLocalTimesWithSummerTimeAndLeagueRounds() {
        Map<String, Event> byId = byId(read("fixturedownload-epl-2023-GMTStandardTime.csv", Optional.empty()));

        assertEquals(60, byId.size());
        assertEquals(List.of(), diags.all());
        assertEquals(Instant.parse("2023-08-11T19:00:00Z"), byId.get("1").start(), "20:00 BST");
        assertEquals(Instant.parse("2024-03-13T19:30:00Z"), byId.get("162").start(), "19:30 GMT, a rearranged match");
        assertEquals(new Stage(StageKind.LEAGUE, "Round 17"), byId.get("162").stage());
        assertEquals(List.of("Bournemouth", "Luton"), byId.get("162").teams());
    }

    @Test
    void fixtureDownloadCsv_calendarZoneDiffers_theFileNamesZoneAppliesAndAWarningSaysSo() {
        List<Event> events = read("fixturedownload-fifa-world-cup-2022-UTC.csv", Optional.of(ZoneId.of("Europe/Berlin")));

        assertEquals(Instant.parse("2022-11-21T16:00:00Z"), byId(events).get("1").start());
        assertEquals(List.of("fixturedownload-fifa-world-cup-2022-UTC.csv: warning: the file's name says its times are "
                + "in Z, not the calendar's zone Europe/Berlin: local times follow Z (fixturedownload.com names each "
                + "download by the zone of its times)"), said());
    }

    @Test
    void fixtureDownloadCsv_calendarRulesOnTheRoundCell_nameAStageTheFileDoesNot() {
        // given: the file's "Finals" holds the third-place match and the final; a rule on the round cell (a category)
        // makes its matches what the user knows them to be
        MappingRules rules = MappingRules.read(io.prescale.planner.config.YamlDoc.parse("rules.yaml",
                "- {categories: \"^Finals$\", kind: last-day}\n", diags).orElseThrow());
        CalendarContext ctx = new CalendarContext(Optional.empty(), Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"), List.of(), rules);

        // when
        Map<String, Event> byId = byId(Calendars.read("fixturedownload-fifa-world-cup-2022-UTC.csv",
                CsvCalendarReaderTest.resource("real/fixturedownload-fifa-world-cup-2022-UTC.csv"), ctx, diags));

        // then
        assertEquals("last-day", byId.get("63").stage().key());
        assertEquals("last-day", byId.get("64").stage().key());
        assertEquals(StageKind.SEMI_FINAL, byId.get("61").stage().kind(), "other rounds keep theirs");
    }

    @Test
    void fixtureDownloadJson_euro2024_dateUtcGroupsAndVenues() {
        List<Event> events = read("fixturedownload-euro-2024.json", Optional.empty());

        assertEquals(List.of(), diags.all());
        assertEquals(List.of("2024-06-14-1", "2024-06-15-2", "2024-06-18-11", "2024-06-23-25", "2024-06-23-26"),
                events.stream().map(Event::id).toList());
        assertEquals(Instant.parse("2024-06-14T19:00:00Z"), events.get(0).start());
        assertEquals(new Stage(StageKind.GROUP, "Group A"), events.get(0).stage());
        assertEquals(List.of("Türkiye", "Georgia"), events.get(2).teams());
        assertEquals("Fußball Arena München", events.get(0).location());
    }

    // ---- football-data.org v4

    @Test
    void footballDataV4_teamMatches_scheduledAtMidnightIsAPlaceholderPostponedNotPlannedCompetitionPerMatch() {
        // when: a team's matches over two competitions; SCHEDULED has a day but no kickoff yet (utcDate 00:00Z)
        Map<String, Event> byId = byId(read("football-data-v4-team-matches-mancity-2023-24.json", Optional.empty()));

        // then
        assertEquals(List.of("fd-435943", "fd-436138", "fd-436321", "fd-451640", "fd-451663", "fd-451671"),
                byId.keySet().stream().sorted().toList());
        assertEquals("UEFA Champions League", byId.get("fd-451663").competition());
        assertEquals(StageKind.ROUND_OF_16, byId.get("fd-451663").stage().kind());
        assertEquals(Instant.parse("2024-02-13T20:00:00Z"), byId.get("fd-451663").start());
        assertEquals(new Stage(StageKind.GROUP, "GROUP G"), byId.get("fd-451640").stage());
        assertEquals("Premier League", byId.get("fd-436138").competition());
        assertEquals(StageKind.LEAGUE, byId.get("fd-436138").stage().kind());
        assertEquals(2, diags.all().size(), () -> String.join("\n", said()));
        assertTrue(said().get(0).endsWith("match 'Manchester City FC v Brentford FC' is postponed: not planned"), said().get(0));
        assertTrue(said().get(1).contains("match 'Manchester City FC v Manchester United FC' on 2024-03-02 is SCHEDULED, "
                + "its kickoff time not set yet (utcDate 2024-03-02T00:00:00Z): a placeholder, not planned"), said().get(1));
        assertEquals(Severity.WARNING, diags.all().get(1).severity());
    }

    @Test
    void footballDataV4_competitionMatches_competitionNamedOnceAtTheTop() {
        List<Event> events = read("football-data-v4-competition-matches-pl-2025-26.json", Optional.empty());

        assertEquals(List.of(), diags.all());
        assertEquals(4, events.size());
        assertTrue(events.stream().allMatch(e -> e.competition().equals("Premier League")));
        assertEquals(Instant.parse("2026-02-23T20:00:00Z"), events.get(0).start());
        assertEquals(List.of("Everton FC", "Manchester United FC"), events.get(0).teams());
    }

    // ---- API-Football v3

    @Test
    void apiFootballV3_fixturesOfADay_postponedNotPlannedRoundsReadNthFinalsNotFinals() {
        // when: one day's fixtures over many competitions, as the API answers GET /fixtures?date=2025-06-12
        Map<String, Event> byId = byId(read("api-football-v3-fixtures-2025-06-12.json", Optional.empty()));

        // then
        assertEquals(12, byId.size(), () -> String.join("\n", said()));
        Event u21 = byId.get("af-1320046");
        assertEquals(Instant.parse("2025-06-12T19:00:00Z"), u21.start());
        assertEquals(List.of("Czech Republic U21", "England U21"), u21.teams());
        assertEquals("UEFA U21 Championship", u21.competition());
        assertEquals(StageKind.GROUP, u21.stage().kind());
        assertEquals("MOL Aréna", u21.location());
        assertEquals(StageKind.LEAGUE, byId.get("af-1351157").stage().kind(), "Regular Season - 12");
        assertEquals(StageKind.ROUND_OF_16, byId.get("af-1377501").stage().kind(), "1st Phase - 8th Finals");
        assertEquals(StageKind.SEMI_FINAL, byId.get("af-1377431").stage().kind(), "Promotion Play-offs - Semi-finals");
        assertEquals(new Stage(StageKind.CUSTOM, "64th Finals"), byId.get("af-1376759").stage(), "a round of 128, no final");
        assertEquals(new Stage(StageKind.CUSTOM, "Central"), byId.get("af-1369865").stage());
        assertEquals(Instant.parse("2025-06-12T00:00:00Z"), byId.get("af-1369865").start(), "a real midnight kickoff: NS");
        assertFalse(diags.hasErrors());
        List<String> w = said();
        assertTrue(w.contains("api-football-v3-fixtures-2025-06-12.json:153: warning: status: match 'Al Hilal Omdurman v "
                + "Alamal Atbara' is not played as scheduled (PST: Match Postponed): not planned"), () -> String.join("\n", w));
        assertEquals(1, w.stream().filter(x -> x.contains("stage 'Central' is not one prescale knows")).count(),
                () -> String.join("\n", w));
    }

    // ---- openfootball (public domain)

    @Test
    void openfootball_worldCup2026MidTournament_offsetsPerMatchStagesAndPlaceholderSides() {
        Map<String, Event> byId = byId(read("openfootball-worldcup-2026-midtournament.json", Optional.empty()));

        assertEquals(104, byId.size());
        assertEquals(List.of(), diags.all());
        Event opener = byId.get("2026-06-11-mexico-v-south-africa");
        assertEquals(Instant.parse("2026-06-11T19:00:00Z"), opener.start(), "13:00 UTC-6");
        assertEquals(new Stage(StageKind.GROUP, "Group A"), opener.stage(), "its group, not its round 'Matchday 1'");
        Event r32 = byId.get("2026-06-29-74");
        assertEquals(StageKind.ROUND_OF_32, r32.stage().kind());
        assertEquals(List.of("Germany"), r32.teams(), "3A/B/C/D/F is a team not known yet");
        assertEquals(Instant.parse("2026-06-29T20:30:00Z"), r32.start(), "16:30 UTC-4");
        assertEquals(StageKind.THIRD_PLACE, byId.get("2026-07-18-103").stage().kind(), "Match for third place");
        assertEquals(List.of(), byId.get("2026-07-18-103").teams(), "L101 and L102");
        assertEquals(StageKind.FINAL, byId.get("2026-07-19-104").stage().kind());
    }

    @Test
    void openfootball_worldCup2022_localTimesWithoutAZone_refusedAtEachMatchsLineAndField() {
        List<Event> events = read("openfootball-worldcup-2022.json", Optional.empty());

        assertEquals(List.of(), events);
        assertEquals(64, diags.errorCount());
        assertEquals("openfootball-worldcup-2022.json:3: error: time: time 19:00 has no UTC offset and the calendar has "
                + "no zone (write 19:00 UTC+3, or set the calendar's zone: calendar: {file: ..., zone: Asia/Qatar})",
                said().get(0));
    }

    @Test
    void openfootball_worldCup2022_withTheCalendarsZone_localTimesInDoha() {
        Map<String, Event> byId = byId(read("openfootball-worldcup-2022.json", Optional.of(ZoneId.of("Asia/Qatar"))));

        assertEquals(64, byId.size());
        assertEquals(List.of(), diags.all());
        assertEquals(Instant.parse("2022-11-20T16:00:00Z"), byId.get("2022-11-20-qatar-v-ecuador").start());
    }

    @Test
    void openfootball_euro2024Rounds_teamObjectsRoundNamesAndSummerTimeInGermany() {
        Map<String, Event> byId = byId(read("openfootball-euro-2024.json", Optional.of(ZoneId.of("Europe/Berlin"))));

        assertEquals(51, byId.size());
        assertEquals(List.of(), diags.all());
        assertEquals(Instant.parse("2024-06-14T19:00:00Z"), byId.get("2024-06-14-1").start(), "21:00 CEST");
        assertEquals(List.of("Germany", "Scotland"), byId.get("2024-06-14-1").teams());
        assertEquals(StageKind.ROUND_OF_16, byId.get("2024-06-29-38").stage().kind());
        assertEquals(StageKind.QUARTER_FINAL, byId.get("2024-07-05-45").stage().kind());
        assertEquals(StageKind.SEMI_FINAL, byId.get("2024-07-09-49").stage().kind());
        assertEquals(StageKind.FINAL, byId.get("2024-07-14-51").stage().kind());
        assertEquals("Euro 2024", byId.get("2024-07-14-51").competition());
    }

    @Test
    void openfootball_clubSeasons_cancelledMatchWithATimeNotPlannedNumberedRoundsAreLeagueRounds() {
        // when: the Championship's cancelled match still has its 15:00 kickoff; 2. Bundesliga names rounds "1. Round"
        List<Event> championship = read("openfootball-en.2-2025-26.json", Optional.of(ZoneId.of("Europe/London")));
        List<Event> premier = read("openfootball-en.1-2025-26.json", Optional.of(ZoneId.of("Europe/London")));
        List<Event> zweite = read("openfootball-de.2-2025-26.json", Optional.of(ZoneId.of("Europe/Berlin")));

        // then
        assertEquals(11, championship.size());
        assertTrue(championship.stream().noneMatch(e -> e.teams().equals(List.of("Blackburn Rovers FC", "Ipswich Town FC"))));
        assertEquals(19, premier.size());
        assertEquals(Instant.parse("2025-08-15T19:00:00Z"), premier.get(0).start(), "20:00 BST");
        assertEquals(18, zweite.size());
        assertTrue(zweite.stream().allMatch(e -> e.stage().kind() == StageKind.LEAGUE), "1. Round and 34. Round");
        assertEquals(List.of("openfootball-en.2-2025-26.json:68: warning: matches: match 'Blackburn Rovers FC v Ipswich "
                        + "Town FC' is cancelled: not planned",
                "openfootball-en.1-2025-26.json:191: warning: matches: match 'Manchester City FC v Crystal Palace FC' is "
                        + "postponed: not planned"), said());
    }

    @Test
    void openfootball_copaLibertadores_finalsRoundsAreKnockoutsQualifyingRoundsACustomStageSaidSo() {
        Map<String, Event> byId = byId(read("openfootball-copa.l-2025.json", Optional.of(ZoneId.of("America/Sao_Paulo"))));

        assertEquals(13, byId.size());
        assertEquals(List.of("SE Palmeiras", "CR Flamengo"), byId.get("2025-11-29-se-palmeiras-v-cr-flamengo").teams(),
                "the country code after a club's name is not part of it");
        assertEquals(StageKind.FINAL, byId.get("2025-11-29-se-palmeiras-v-cr-flamengo").stage().kind());
        assertEquals(StageKind.QUARTER_FINAL, byId.get("2025-09-17-ca-river-plate-v-se-palmeiras").stage().kind());
        assertEquals(StageKind.GROUP, byId.get("2025-04-01-fortaleza-ec-v-racing-club").stage().kind());
        Event qualifying = byId.get("2025-02-04-monagas-sc-v-defensor-sc");
        assertEquals(new Stage(StageKind.CUSTOM, "Qualifying, Round 1"), qualifying.stage(), "not a league round");
        assertTrue(said().contains("openfootball-copa.l-2025.json:4: warning: stage: stage 'Qualifying, Round 1' is not "
                + "one prescale knows: planned as a custom stage"), () -> String.join("\n", said()));
        assertEquals(1, said().stream().filter(w -> w.contains("'Qualifying, Round 1'")).count(), "once per file, not per match");
        assertTrue(said().stream().anyMatch(s -> s.endsWith("match 'CSD Colo-Colo v Fortaleza EC' is "
                + "postponed: not planned")), () -> String.join("\n", said()));
    }

    @Test
    void openfootball_colombiaApertura_abandonedNotPlannedNoTimeAPlaceholderHalfSeasonRoundsLeague() {
        List<Event> events = read("openfootball-co.1-2025.json", Optional.of(ZoneId.of("America/Bogota")));

        assertEquals(4, events.size());
        assertEquals(new Stage(StageKind.LEAGUE, "Apertura, Matchday 1"), events.get(0).stage());
        assertEquals(Instant.parse("2025-01-24T23:00:00Z"), events.get(0).start(), "18:00 in Bogotá");
        assertEquals(List.of("openfootball-co.1-2025.json:38: warning: matches: match 'Unión Magdalena v Once Caldas' is "
                        + "abandoned: not planned",
                "openfootball-co.1-2025.json:72: warning: time: match on 2025-05-18 has no kickoff time: a placeholder, "
                        + "not planned"), said());
    }

    // ---- other CSV exports

    @Test
    void footballDataCoUk_fixtures_withoutAZone_refusedAtEachRowsTimeField() {
        List<Event> events = read("football-data-co-uk-fixtures.csv", Optional.empty());

        assertEquals(List.of(), events);
        assertEquals(7, diags.errorCount());
        assertTrue(said().contains("football-data-co-uk-fixtures.csv:2: error: Time: local time with no time zone (add a "
                + "zone column (e.g. Europe/Paris), a kickoff_utc column, or set the calendar's zone)"),
                () -> String.join("\n", said()));
    }

    @Test
    void footballDataCoUk_fixtures_dayFirstDatesUkTimesOddsColumnsSaidOnce() {
        List<Event> events = read("football-data-co-uk-fixtures.csv", Optional.of(ZoneId.of("Europe/London")));

        assertEquals(7, events.size());
        Event first = events.get(0);
        assertEquals(Instant.parse("2026-09-15T18:45:00Z"), first.start(), "15/09/2026 19:45 BST");
        assertEquals(List.of("Bristol City", "Lincoln"), first.teams());
        assertEquals("E1", first.competition());
        assertFalse(diags.hasErrors());
        assertEquals(2, diags.all().size(), () -> String.join("\n", said()));
        assertTrue(said().get(0).startsWith("football-data-co-uk-fixtures.csv:1: warning: B365H: unknown columns 'B365H', "
                + "'B365D'"), said().get(0));
        assertTrue(said().get(0).contains("and 76 more ignored"), said().get(0));
        assertTrue(said().get(1).contains("no stage, round or group column"), said().get(1));
    }

    @Test
    void fussballDe_export_localTimesInBerlinNoStageColumnSaidOnce() {
        List<Event> events = read("fussball-de-fixtures.csv", Optional.of(ZoneId.of("Europe/Berlin")));

        assertEquals(11, events.size());
        assertEquals(Instant.parse("2026-07-05T11:00:00Z"), events.get(0).start(), "13:00 CEST");
        assertEquals(Instant.parse("2026-11-08T13:20:00Z"), events.get(9).start(), "14:20 CET");
        assertEquals(new Stage(StageKind.CUSTOM, "match"), events.get(0).stage());
        assertEquals(List.of("fussball-de-fixtures.csv:1: warning: stage: no stage, round or group column: each match is "
                + "planned with no stage (not a knockout, no stage rule), unless calendarRules or its title name one (add "
                + "a stage column (group, round-of-16, final) to say which)"), said());
    }

    @Test
    void worldCup2026DatesOnly_everyMatchAPlaceholderNamedInAWarningNoneGuessed() {
        List<Event> events = read("worldcup-2026-dates-only.csv", Optional.of(ZoneId.of("America/New_York")));

        assertEquals(List.of(), events);
        assertFalse(diags.hasErrors());
        assertEquals(104, Calendars.placeholders(diags.all()));
        assertTrue(said().contains("worldcup-2026-dates-only.csv:2: warning: date: match 'Mexico v South Africa' on "
                + "2026-06-11 has no kickoff time: a placeholder, not planned"), () -> String.join("\n", said()));
    }

    @Test
    void faFullTimeExport_dateTimeColumnTwoDigitYearsDayFirstPostponedInStatusNotes() {
        // when: pandas' export of an FA Full-Time fixtures page: "Date / Time" 02/12/23 11:30, "Status / Notes"
        List<Event> events = read("fa-fulltime-down-grange-u12.csv", Optional.of(ZoneId.of("Europe/London")));

        // then
        assertEquals(10, events.size(), () -> String.join("\n", said()));
        assertEquals(Instant.parse("2024-01-13T09:00:00Z"), events.get(0).start(), "13/01/24 09:00 GMT");
        assertEquals("U12 Division 8 - No Heading Trial", events.get(0).competition());
        assertFalse(diags.hasErrors(), () -> String.join("\n", said()));
        assertTrue(said().contains("fa-fulltime-down-grange-u12.csv:2: warning: Status / Notes: match 'Down Grange U12 "
                + "Pumas' is postponed: not planned"), () -> String.join("\n", said()));
    }

    @Test
    void clubCsv_dateAndStartTimeColumns_localTimesAndATrailingEmptyColumn() {
        List<Event> events = read("runcorn-town-friendlies.csv", Optional.of(ZoneId.of("Europe/London")));

        assertEquals(6, events.size(), () -> String.join("\n", said()));
        assertEquals(Instant.parse("2026-07-04T13:00:00Z"), events.get(0).start(), "14:00 BST");
        assertEquals("Helsby Sports Club", events.get(0).location());
        assertFalse(diags.hasErrors(), () -> String.join("\n", said()));
    }

    @Test
    void germanSemicolonCsv_bundesligaHeadersSpieltagDatumUhrzeitHeimGast() {
        List<Event> events = read("openfootball-bundesliga-semicolon.csv", Optional.of(ZoneId.of("Europe/Berlin")));

        assertEquals(2, events.size(), () -> String.join("\n", said()));
        assertEquals(Instant.parse("1963-08-24T16:00:00Z"), events.get(0).start(), "17:00 CET (no summer time in 1963)");
        assertEquals(List.of("Werder Bremen", "Borussia Dortmund"), events.get(0).teams());
        assertEquals(new Stage(StageKind.LEAGUE, "Round 1"), events.get(0).stage(), "Spieltag 1");
        assertEquals(List.of("openfootball-bundesliga-semicolon.csv:1: warning: Spielzeit: unknown columns 'Spielzeit', "
                + "'Saison' ignored (known columns: id, kickoff, kickoff_utc, date, kickoff_local, zone, stage, round, group, "
                + "competition, title, home, away, teams, status, region, shape, delay, knockout, p50, p90, venue)"), said());
    }

    // ---- iCalendar

    @Test
    void icsWithVtimezone_clubFriendliesTeamsFromTitlesHomeAwayQualifierDropped() {
        List<Event> events = read("runcorn-town-friendlies.ics", Optional.empty());

        assertEquals(List.of(), diags.all());
        assertEquals(6, events.size());
        assertEquals(Instant.parse("2026-07-04T13:00:00Z"), events.get(0).start(), "14:00 Europe/London");
        assertEquals(List.of("Runcorn Town", "Helsby"), events.get(0).teams(), "(Away) is no part of a team");
    }

    @Test
    void icsClubLeague_perthTimesFoldedDescriptionsTeamsWithoutTheTrailingRoundLeagueRounds() {
        // when: a hand-kept club calendar: TZID=Australia/West with its own VTIMEZONE, folded descriptions, titles
        // "Swan Districts vs Claremont - WAFL Preseason Round 2"
        List<Event> events = read("wafl-swan-districts-league.ics", Optional.empty());

        // then
        assertFalse(diags.hasErrors(), () -> String.join("\n", said()));
        assertEquals(42, events.size());
        Event first = events.stream().filter(e -> e.start().equals(Instant.parse("2025-03-15T06:30:00Z"))).findFirst()
                .orElseThrow(() -> new AssertionError("14:30 AWST on 15 March 2025 not read"));
        assertEquals(List.of("Swan Districts", "Claremont"), first.teams(), "the trailing round is no side");
        assertEquals(StageKind.LEAGUE, first.stage().kind(), "WAFL Preseason Round 2");
        assertEquals("Steel Blue Oval, Bassendean", first.location());
    }

    @Test
    void icsWithFloatingTimes_followTheCalendarsZone() {
        List<Event> events = read("fa-fulltime-down-grange-u12.ics", Optional.of(ZoneId.of("Europe/London")));

        assertEquals(List.of(), diags.all());
        assertEquals(13, events.size());
        assertEquals(Instant.parse("2023-12-02T11:30:00Z"), events.get(0).start());
        assertEquals(List.of("Down Grange U12 Pumas", "Curley Park Rangers U12 Mambas"), events.get(0).teams());
    }

    @Test
    void icsWithFloatingTimes_noZoneAnywhere_refusedAtTheirLine() {
        List<Event> events = read("fa-fulltime-down-grange-u12.ics", Optional.empty());

        assertEquals(List.of(), events);
        assertTrue(diags.hasErrors());
        assertTrue(said().get(0).startsWith("fa-fulltime-down-grange-u12.ics:6: error: DTSTART"), said().get(0));
    }


    @Test
    void icsFromFullTimeApi_utcTimesCrlfTeamsFromTitles() {
        List<Event> events = read("poole-town-u18-fullTimeAPI.ics", Optional.of(ZoneId.of("Europe/London")));

        assertEquals(List.of(), diags.all());
        assertEquals(3, events.size());
        assertEquals(Instant.parse("2025-09-07T13:00:00Z"), events.get(0).start());
        assertEquals(List.of("Blandford United Youth", "Poole Town FC Wessex U18 Colts"), events.get(1).teams());
    }

    // ---- helpers

    private List<Event> read(String name, Optional<ZoneId> zone) {
        CalendarContext ctx = new CalendarContext(zone, Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));
        return Calendars.read(name, CsvCalendarReaderTest.resource("real/" + name), ctx, diags);
    }

    private List<String> said() {
        return diags.all().stream().map(Diagnostic::format).toList();
    }

    private static Map<String, Event> byId(List<Event> events) {
        return events.stream().collect(Collectors.toMap(Event::id, Function.identity(), (a, b) -> {
            throw new AssertionError("two events " + a.id());
        }, java.util.LinkedHashMap::new));
    }
}
