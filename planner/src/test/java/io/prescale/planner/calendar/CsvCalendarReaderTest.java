package io.prescale.planner.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CsvCalendarReaderTest {
    private static final String FILE = "calendar.csv";
    private static final CalendarContext NO_ZONE = context(Optional.empty());
    private static final CalendarContext LONDON = context(Optional.of(ZoneId.of("Europe/London")));

    private final Diagnostics diags = new Diagnostics();

    // ---- the real 1998 World Cup schedule

    @Test
    void csv_worldcup98Schedule_loads64MatchesInUtc() {
        // when
        List<Event> events = read("worldcup98-schedule.csv", resource("worldcup98-schedule.csv"), NO_ZONE);

        // then
        assertEquals(List.of(), diags.all(), "no errors or warnings for the real schedule");
        assertEquals(64, events.size());
        Event first = events.get(0);
        assertEquals("1998-06-10-brazil-scotland", first.id());
        assertEquals(Instant.parse("1998-06-10T15:30:00Z"), first.kickoff().toInstant());
        assertEquals(List.of("Brazil", "Scotland"), first.teams());
        assertEquals(StageKind.GROUP, first.stage().kind());
        assertEquals("group stage Group A", first.stage().label());
        assertEquals(2, first.source().line());
        assertEquals("worldcup98-schedule.csv", first.source().file());

        Event fin = events.get(63);
        assertEquals(Instant.parse("1998-07-12T19:00:00Z"), fin.kickoff().toInstant());
        assertEquals(StageKind.FINAL, fin.stage().kind());
        assertEquals(List.of("Brazil", "France"), fin.teams());
        assertEquals(65, fin.source().line());
    }

    @Test
    void csv_worldcup98Schedule_stagesCountAsTheTournament() {
        List<Event> events = read("worldcup98-schedule.csv", resource("worldcup98-schedule.csv"), NO_ZONE);

        Map<StageKind, Long> byKind = events.stream().collect(Collectors.groupingBy(e -> e.stage().kind(), Collectors.counting()));
        assertEquals(Map.of(StageKind.GROUP, 48L, StageKind.ROUND_OF_16, 8L, StageKind.QUARTER_FINAL, 4L,
                StageKind.SEMI_FINAL, 2L, StageKind.THIRD_PLACE, 1L, StageKind.FINAL, 1L), byKind);
        assertEquals(16, events.stream().filter(e -> e.stage().knockout()).count());
        assertEquals(64, events.stream().map(Event::id).collect(Collectors.toSet()).size(), "generated ids are unique");
    }

    @Test
    void csv_worldcup98ScheduleWithParisZone_localAndUtcColumnsAgree() {
        // the file's kickoff_local is CEST: with that zone known, the cross-check between the two columns stays quiet
        List<Event> events = read("worldcup98-schedule.csv", resource("worldcup98-schedule.csv"),
                context(Optional.of(ZoneId.of("Europe/Paris"))));

        assertEquals(64, events.size());
        assertEquals(List.of(), diags.all());
    }

    // ---- kickoff forms

    static Stream<Arguments> kickoffForms() {
        return Stream.of(
                Arguments.of("kickoff with offset", "id,kickoff,stage\nM1,2026-07-11T20:00+01:00,final\n", NO_ZONE),
                Arguments.of("kickoff with zone name", "id,kickoff,stage\nM1,2026-07-11 20:00 Europe/London,final\n", NO_ZONE),
                Arguments.of("kickoff ISO zone", "id,kickoff,stage\nM1,2026-07-11T20:00+01:00[Europe/London],final\n", NO_ZONE),
                Arguments.of("local kickoff and zone column", "id,kickoff,zone,stage\nM1,2026-07-11 20:00,Europe/London,final\n", NO_ZONE),
                Arguments.of("local kickoff and calendar zone", "id,kickoff,stage\nM1,2026-07-11 20:00,final\n", LONDON),
                Arguments.of("kickoff_utc with space", "id,kickoff_utc,stage\nM1,2026-07-11 19:00,final\n", NO_ZONE),
                Arguments.of("kickoff_utc ISO Z", "id,kickoff_utc,stage\nM1,2026-07-11T19:00:00Z,final\n", NO_ZONE),
                Arguments.of("date and local time with zone", "id,date,kickoff_local,tz,stage\nM1,2026-07-11,20:00,Europe/London,final\n", NO_ZONE),
                Arguments.of("date and local time in calendar zone", "id,date,time,stage\nM1,2026-07-11,20:00,final\n", LONDON),
                Arguments.of("zone column beats calendar zone", "id,date,time,timezone,stage\nM1,2026-07-11,21:00,Europe/Paris,final\n", LONDON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kickoffForms")
    void csv_kickoffForms_giveTheSameInstant(String name, String csv, CalendarContext ctx) {
        List<Event> events = read(FILE, csv, ctx);

        assertEquals(List.of(), diags.all());
        assertEquals(1, events.size());
        assertEquals(Instant.parse("2026-07-11T19:00:00Z"), events.get(0).kickoff().toInstant());
    }

    @Test
    void csv_localKickoffWithZone_keepsTheZone() {
        List<Event> events = read(FILE, "id,date,kickoff_local,zone,stage\nM1,2026-06-11,13:00,America/Mexico_City,group\n", NO_ZONE);

        assertEquals(ZoneId.of("America/Mexico_City"), events.get(0).kickoff().getZone());
        assertEquals(LocalTime.of(13, 0), events.get(0).kickoff().toLocalTime());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            kickoff wins over kickoff_utc and local  | 2026-07-11T19:00Z | 2026-07-11 18:00 | 2026-07-11 | 17:00 | 2026-07-11T19:00:00Z
            kickoff_utc wins over local              |                   | 2026-07-11 18:00 | 2026-07-11 | 17:00 | 2026-07-11T18:00:00Z
            local when the others are empty          |                   |                  | 2026-07-11 | 17:00 | 2026-07-11T15:00:00Z
            """)
    void csv_kickoffPrecedence_kickoffThenUtcThenLocal(String name, String kickoff, String utc, String date, String local,
            String expected) {
        String csv = "id,kickoff,kickoff_utc,date,kickoff_local,zone,stage\nM1," + blank(kickoff) + "," + blank(utc) + ","
                + date + "," + local + ",Europe/Paris,final\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertFalse(diags.hasErrors(), () -> format(diags.all()));
        assertEquals(Instant.parse(expected), events.get(0).kickoff().toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            kickoff_local 26:00    | 2026-06-13 | 26:00 | kickoff_local | is not a time of day
            kickoff_local xx       | 2026-06-13 | xx    | kickoff_local | is not a time of day
            date November 31       | 2026-11-31 | 19:00 | date          | is not a date
            date February 29, 2026 | 2026-02-29 | 19:00 | date          | is not a date
            """)
    void csv_unreadableLocalTimeBesideUtc_errorNotIgnored(String name, String date, String local, String field,
                                                         String summary) {
        // the row says two things and one of them is wrong: which one is meant cannot be known
        String csv = "date,kickoff_local,kickoff_utc,zone,stage,home,away\n"
                + date + "," + local + ",2026-06-13 19:00,UTC,group,A,B\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 2, field, summary);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            P90 a million times P50 (NaN audiences)  | 1e-320k | 572k | p90 | P90 is more than 100 times P50
            P90 past ten billion viewers             | 1M      | 99999999999999999999 | p90 | too large for an audience
            """)
    void csv_audienceNoEstimateMeans_errorAtItsColumn(String name, String p50, String p90, String field, String summary) {
        String csv = "id,kickoff_utc,stage,home,away,p50,p90\nM1,2026-06-13 19:00,group,A,B," + p50 + "," + p90 + "\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertTrue(events.isEmpty() || events.get(0).audience().isEmpty(), events.toString());
        assertDiagnostic(Severity.ERROR, 2, field, summary);
    }

    @Test
    void csv_utcAndLocalDisagree_warnsAndUsesUtc() {
        String csv = "date,kickoff_local,kickoff_utc,zone,stage,home,away\n"
                + "1998-06-10,17:30,1998-06-10 16:30,Europe/Paris,group,Brazil,Scotland\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(Instant.parse("1998-06-10T16:30:00Z"), events.get(0).kickoff().toInstant());
        assertDiagnostic(Severity.WARNING, 2, "kickoff_local", "is not kickoff_utc");
        assertFalse(diags.hasErrors());
    }

    // ---- errors: each names file, line and column

    @Test
    void csv_localTimeWithoutZone_errorNamesLineAndField() {
        String csv = "id,date,kickoff_local,stage,home,away\n"
                + "M1,2026-07-11,20:00,final,England,Croatia\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), events);
        Diagnostic d = assertDiagnostic(Severity.ERROR, 2, "kickoff_local", "local time with no time zone");
        assertEquals(FILE, d.location().file());
        assertEquals(1, diags.errorCount());
    }

    static Stream<Arguments> badRows() {
        String header = "id,kickoff,kickoff_utc,date,kickoff_local,zone,stage,home,away,p50,p90,delay\n";
        return Stream.of(
                Arguments.of("kickoff not a time", header + "M1,TBD,,,,,final,A,B,,,\n", 2, "kickoff", "is not a date and time"),
                Arguments.of("kickoff without zone", header + "M1,2026-07-11 20:00,,,,,final,A,B,,,\n", 2, "kickoff", "has no time zone"),
                Arguments.of("unknown zone", header + "M1,2026-07-11 20:00,,,,Mars/Olympus,final,A,B,,,\n", 2, "zone", "unknown time zone"),
                Arguments.of("kickoff_utc not a time", header + "M1,,11/07/2026 19:00,,,,final,A,B,,,\n", 2, "kickoff_utc", "is not a UTC date and time"),
                Arguments.of("date not a date", header + "M1,,,11 July 2026,20:00,Europe/London,final,A,B,,,\n", 2, "date", "is not a date"),
                Arguments.of("local time not a time", header + "M1,,,2026-07-11,8pm,Europe/London,final,A,B,,,\n", 2, "kickoff_local", "is not a time of day"),
                Arguments.of("date without local time", header + "M1,,,2026-07-11,,Europe/London,final,A,B,,,\n", 2, "kickoff_local", "missing kickoff_local"),
                Arguments.of("no kickoff at all", header + "M1,,,,,,final,A,B,,,\n", 2, "kickoff", "missing kickoff"),
                Arguments.of("empty stage", header + "M1,2026-07-11T19:00Z,,,,,,A,B,,,\n", 2, "stage", "missing stage"),
                Arguments.of("p90 without p50", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,,3M,\n", 2, "p90", "p90 without p50"),
                Arguments.of("p50 not a count", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,lots,,\n", 2, "p50", "expected a number"),
                Arguments.of("p50 zero", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,0,,\n", 2, "p50", "greater than zero"),
                Arguments.of("p90 below p50", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,3M,2M,\n", 2, "p90", "must not be below"),
                Arguments.of("delay without unit", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,,,10\n", 2, "delay", "expected a duration"),
                Arguments.of("negative delay", header + "M1,2026-07-11T19:00Z,,,,,final,A,B,,,-5m\n", 2, "delay", "must not be negative"),
                Arguments.of("no id, teams or title", "kickoff,stage\n2026-07-11T19:00Z,final\n", 2, "id", "missing id"),
                Arguments.of("too few fields", header + "M1,2026-07-11T19:00Z,,,,,final\n", 2, "", "expected 12 fields"),
                Arguments.of("bad row after a multi-line field",
                        "id,kickoff,stage,title\nM1,2026-07-11T19:00Z,final,\"Final\n(extra time likely)\"\n\nM2,noon,semi-final,Semi\n",
                        5, "kickoff", "is not a date and time"),
                Arguments.of("bad row after blank lines", "id,kickoff,stage\n\n\nM1,2026-07-11T19:00Z,\n", 4, "stage", "missing stage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void csv_badRow_errorNamesLineAndFieldAndSkipsRow(String name, String csv, int line, String field, String summary) {
        List<Event> events = read(FILE, csv, NO_ZONE);

        assertDiagnostic(Severity.ERROR, line, field, summary);
        assertTrue(events.stream().noneMatch(e -> e.source().line() == line), "the bad row is skipped");
    }

    @Test
    void csv_headerFieldNames_areReportedAsWritten() {
        String csv = "Match ID,Kick-Off Time,Round\nM1,soon,final\n";

        read(FILE, csv, NO_ZONE);

        assertDiagnostic(Severity.ERROR, 2, "Kick-Off Time", "is not a date and time");
    }

    @Test
    void csv_severalBadRows_allReportedInOneRun() {
        String csv = """
                id,kickoff,stage,p50
                M1,2026-07-11T19:00Z,final,2M
                M2,yesterday,semi-final,1M
                M3,2026-07-08T19:00Z,,1M
                M4,2026-07-09T19:00Z,semi-final,many
                M5,2026-07-04T19:00Z,quarter-final,800k
                """;

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of("M1", "M5"), events.stream().map(Event::id).toList());
        assertEquals(3, diags.errorCount());
        assertDiagnostic(Severity.ERROR, 3, "kickoff", "is not a date and time");
        assertDiagnostic(Severity.ERROR, 4, "stage", "missing stage");
        assertDiagnostic(Severity.ERROR, 5, "p50", "expected a number");
    }

    @Test
    void csv_duplicateIds_errorNamesBothLines() {
        String csv = """
                id,kickoff,stage
                M1,2026-07-11T19:00Z,final
                M2,2026-07-10T19:00Z,third-place
                M1,2026-07-12T19:00Z,final
                """;

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of("M1", "M2"), events.stream().map(Event::id).toList());
        Diagnostic d = assertDiagnostic(Severity.ERROR, 4, "id", "duplicate id 'M1'");
        assertTrue(d.detail().contains("also on line 2"), d.detail());
    }

    @Test
    void csv_100kRowsWithDuplicateIds_countsEveryErrorShowsFirstHundred() {
        // given: every row after the first repeats its id (took 90 s when counting rescanned every diagnostic)
        int rows = 100_000;
        StringBuilder csv = new StringBuilder("id,kickoff,stage\n");
        for (int i = 0; i < rows; i++) {
            csv.append("M1,2026-07-11T19:00Z,final\n");
        }

        // when
        List<Event> events = read(FILE, csv.toString(), NO_ZONE);

        // then
        assertEquals(1, events.size());
        assertEquals(rows - 1, diags.errorCount());
        List<Diagnostic> all = diags.all();
        assertEquals(Diagnostics.PER_KIND + 1, all.size());
        assertEquals("... and " + (rows - 1 - Diagnostics.PER_KIND) + " more like it", all.get(all.size() - 1).summary());
    }

    @Test
    void csv_generatedIdsCollide_errorSuggestsIdColumn() {
        String csv = """
                date,kickoff_local,zone,stage,home,away
                2026-07-11,15:00,Europe/London,league,Arsenal,Chelsea
                2026-07-11,20:00,Europe/London,league,Arsenal,Chelsea
                """;

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(1, events.size());
        assertEquals("2026-07-11-arsenal-chelsea", events.get(0).id());
        Diagnostic d = assertDiagnostic(Severity.ERROR, 3, "id", "duplicate id '2026-07-11-arsenal-chelsea'");
        assertTrue(d.detail().contains("also on line 2") && d.detail().contains("add an id column"), d.detail());
    }

    @Test
    void csv_unbalancedQuote_errorWithLineNotException() {
        String csv = """
                id,kickoff,stage,title
                M1,2026-07-11T19:00Z,final,Final
                M2,2026-07-08T19:00Z,semi-final,"Semi-final 1
                M3,2026-07-09T19:00Z,semi-final,Semi-final 2
                """;

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of("M1"), events.stream().map(Event::id).toList(), "rows before the bad quote are kept");
        assertDiagnostic(Severity.ERROR, 3, "", "unbalanced quote");
        assertEquals(1, diags.errorCount());
    }

    @Test
    void csv_textAfterClosingQuote_isMalformedError() {
        String csv = "id,kickoff,stage,title\nM1,2026-07-11T19:00Z,final,\"Final\" (live)\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 2, "", "malformed CSV");
    }

    // ---- header

    @Test
    void csv_noStageColumn_warnsOnceAndPlansMatchesOfNoStage() {
        String csv = "id,kickoff\nM1,2026-07-11T19:00Z\nM2,TBD\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of("M1"), events.stream().map(Event::id).toList());
        assertEquals(new Stage(StageKind.CUSTOM, "match"), events.get(0).stage());
        assertDiagnostic(Severity.WARNING, 1, "stage", "no stage, round or group column");
        assertDiagnostic(Severity.ERROR, 3, "kickoff", "is not a date and time"); // rows are still checked
        assertEquals(1, diags.errorCount());
    }

    @Test
    void csv_noKickoffColumns_oneErrorOnHeaderLine() {
        String csv = "id,stage,home,away\nM1,final,A,B\nM2,final,C,D\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 1, "kickoff", "missing column 'kickoff'");
        assertEquals(1, diags.errorCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kickoff in year 999999999    | id,kickoff,stage\\nM1,+999999999-12-31T23:59:59Z,final\\n          | kickoff",
            "kickoff_utc in 1899          | id,kickoff_utc,stage\\nM1,1899-06-10 15:30,final\\n               | kickoff_utc",
            "kickoff_utc in year -999999999 | id,kickoff_utc,stage\\nM1,-999999999-01-01T00:00Z,final\\n     | kickoff_utc",
            "date in 2201                 | id,date,kickoff_local,stage\\nM1,2201-07-11,19:00,final\\n        | date"})
    void csv_timeOutsideTheYears_errorAtItsRowAndColumn(String name, String csv, String column) {
        read(FILE, csv.replace("\\n", "\n"), LONDON);

        assertDiagnostic(Severity.ERROR, 2, column, "outside the years 1900-2200");
    }

    @Test
    void csv_dateWithoutTimeColumn_aDateAloneIsAPlaceholderNamedInAWarning() {
        String csv = "id,date,stage,home,away\nM1,2026-07-11,final,Spain,Argentina\nM2,2026-07-10 20:00,third-place,A,B\n";

        List<Event> events = read(FILE, csv, LONDON);

        assertEquals(List.of("M2"), events.stream().map(Event::id).toList());
        assertEquals(Instant.parse("2026-07-10T19:00:00Z"), events.get(0).start(), "the local time in the date cell");
        assertDiagnostic(Severity.WARNING, 2, "date", "match 'Spain v Argentina' on 2026-07-11 has no kickoff time: "
                + "a placeholder, not planned");
        assertEquals(0, diags.errorCount());
    }

    @Test
    void csv_firstRowIsData_errorNoHeader() {
        String csv = "M1,2026-07-11T19:00Z,final\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 1, "", "no header row");
    }

    @Test
    void csv_unknownColumn_warnsOnceAndLoads() {
        String csv = "id,kickoff,stage,broadcaster,venue\nM1,2026-07-11T19:00Z,final,BBC,Wembley\nM2,2026-07-10T19:00Z,semi,ITV,Wembley\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(2, events.size());
        assertFalse(diags.hasErrors());
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
        assertDiagnostic(Severity.WARNING, 1, "broadcaster", "unknown column 'broadcaster'");
    }

    @Test
    void csv_twoColumnsForOneField_error() {
        String csv = "id,title,name,kickoff,stage\nM1,Final,The final,2026-07-11T19:00Z,final\n";

        read(FILE, csv, NO_ZONE);

        assertDiagnostic(Severity.ERROR, 1, "name", "repeats 'title'");
    }

    @Test
    void csv_emptyFile_error() {
        List<Event> events = read(FILE, "\n\n", NO_ZONE);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 0, "", "the file is empty");
    }

    @Test
    void csv_headerOnly_noEventsNoErrors() {
        assertEquals(List.of(), read(FILE, "id,kickoff,stage\n", NO_ZONE));
        assertEquals(List.of(), diags.all());
    }

    // ---- column spellings and values

    @Test
    void csv_aliasesAndHeaderSpelling_areMatched() {
        String csv = """
                Match_ID,Start,Phase,Summary,Market,P50,P90,Delay,Competition,Shape
                WC26-104,2026-07-19T15:00-04:00,Final,Argentina vs France,UK,2M,3M,10m,World Cup,football
                """;

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), diags.all());
        Event e = events.get(0);
        assertEquals("WC26-104", e.id());
        assertEquals(Instant.parse("2026-07-19T19:00:00Z"), e.kickoff().toInstant());
        assertEquals(StageKind.FINAL, e.stage().kind());
        assertEquals("Argentina vs France", e.title());
        assertEquals(List.of("Argentina", "France"), e.teams(), "teams from the title");
        assertEquals("UK", e.region());
        assertEquals("World Cup", e.competition());
        assertEquals(Optional.of("football"), e.shape());
        assertEquals(Duration.ofMinutes(10), e.delay());
        AudienceDistribution a = e.audience().orElseThrow();
        assertEquals(2e6, a.p50(), 1);
        assertEquals(3e6, a.p90(), 1);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            England; Croatia
            England;Croatia
            England vs Croatia
            England VS. Croatia
            """)
    void csv_teamsColumn_splitsOnSemicolonOrVs(String teams) {
        String csv = "id,kickoff,stage,teams\nM1,2018-07-11T18:00Z,semi-final,\"" + teams + "\"\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of("England", "Croatia"), events.get(0).teams());
    }

    @Test
    void csv_p50Only_isFixedAudience() {
        List<Event> events = read(FILE, "id,kickoff,stage,p50\nM1,2026-07-11T19:00Z,final,2.5M\n", NO_ZONE);

        AudienceDistribution a = events.get(0).audience().orElseThrow();
        assertInstanceOf(AudienceDistribution.Fixed.class, a);
        assertEquals(2.5e6, a.p50(), 1e-6);
    }

    @Test
    void csv_customStage_keepsItsName() {
        List<Event> events = read(FILE, "id,kickoff,stage\nS1,2026-11-27T21:00Z,custom:tv-call-to-action\n", NO_ZONE);

        assertEquals(StageKind.CUSTOM, events.get(0).stage().kind());
        assertEquals("tv-call-to-action", events.get(0).stage().key());
    }

    @Test
    void csv_semicolonDelimitedWithBom_isRead() {
        String csv = "\uFEFFid;kickoff;stage;home;away\r\nM1;2026-07-11T19:00Z;final;Spain;England\r\n";

        List<Event> events = read(FILE, csv, NO_ZONE);

        assertEquals(List.of(), diags.all());
        assertEquals(List.of("Spain", "England"), events.get(0).teams());
    }

    @Test
    void csv_titleWithoutTeams_generatesIdFromDateAndTitle() {
        List<Event> events = read(FILE, "kickoff,stage,title\n2026-11-27 21:00 Europe/Stockholm,custom:show,Fredagsshowen\n", NO_ZONE);

        assertEquals("2026-11-27-fredagsshowen", events.get(0).id());
        assertEquals(List.of(), events.get(0).teams());
    }

    @Test
    void csv_readThroughCalendars_picksCsvReader() {
        List<Event> events = Calendars.read("fixtures/schedule.CSV", "id,kickoff,stage\nM1,2026-07-11T19:00Z,final\n", NO_ZONE, diags);

        assertEquals(1, events.size());
        assertEquals("fixtures/schedule.CSV", events.get(0).source().file());
    }

    // ---- dates written 03/12/2022: day or month first, from the file or the calendar's dateOrder

    @Test
    void csv_slashDates_aDayAbove12InTheFileMakesEveryDateDayFirst() {
        String csv = "Date,Home Team,Away Team,Round\n03/12/2022 15:00,A,B,Round of 16\n18/12/2022 15:00,C,D,Final\n";

        List<Event> events = read("wc-UTC.csv", csv, NO_ZONE);

        assertEquals(List.of(Instant.parse("2022-12-03T15:00:00Z"), Instant.parse("2022-12-18T15:00:00Z")),
                events.stream().map(Event::start).toList(), "3 December, not March 12");
        assertFalse(diags.hasErrors(), () -> format(diags.all()));
    }

    @Test
    void csv_slashDates_aMonthFirstFileIsReadMonthFirst() {
        String csv = "Date,Home Team,Away Team,Round\n12/03/2022 15:00,A,B,Round of 16\n12/18/2022 15:00,C,D,Final\n";

        List<Event> events = read("wc-UTC.csv", csv, NO_ZONE);

        assertEquals(Instant.parse("2022-12-03T15:00:00Z"), events.get(0).start());
    }

    @Test
    void csv_slashDates_nothingTellsDayFromMonth_errorAtEachDateSayingHowToTell() {
        String csv = "Date,Home Team,Away Team,Round\n03/12/2022 15:00,A,B,Round of 16\n04/12/2022 15:00,C,D,Final\n";

        List<Event> events = read("wc-UTC.csv", csv, NO_ZONE);

        assertEquals(List.of(), events);
        Diagnostic d = assertDiagnostic(Severity.ERROR, 2, "Date", "no date in this file has a day above 12");
        assertTrue(d.summary().contains("dateOrder"), d.summary());
        assertDiagnostic(Severity.ERROR, 3, "Date", "no date in this file has a day above 12");
    }

    @Test
    void csv_slashDates_theCalendarsDateOrderDecidesWhenTheFileCannot() {
        String csv = "Date,Home Team,Away Team,Round\n03/12/2022 15:00,A,B,Round of 16\n";
        CalendarContext monthDay = new CalendarContext(Optional.empty(), NO_ZONE.expandFrom(), NO_ZONE.expandTo(),
                List.of(), null, Optional.of(CalendarContext.DateOrder.MONTH_DAY));

        List<Event> events = read("wc-UTC.csv", csv, monthDay);

        assertEquals(Instant.parse("2022-03-12T15:00:00Z"), events.get(0).start());
    }

    @Test
    void csv_slashDates_bothOrdersInOneFile_errorNamingBoth() {
        String csv = "Date,Home Team,Away Team,Round\n18/12/2022 15:00,A,B,Final\n12/18/2022 15:00,C,D,Final\n";

        read("wc-UTC.csv", csv, NO_ZONE);

        assertDiagnostic(Severity.ERROR, 2, "Date", "put the day first (18/12/2022 15:00) and the month first "
                + "(12/18/2022 15:00)");
    }

    @Test
    void csv_dottedDates_areDayFirst() {
        String csv = "Notiz,Date,Time,Home,Away,Stage\nx,03.12.2022,15:00,A,B,final\n";

        List<Event> events = read(FILE, csv, LONDON);

        assertEquals(Instant.parse("2022-12-03T15:00:00Z"), events.get(0).start());
    }

    // ---- stages from a stage, round or group column

    @Test
    void csv_stageRoundAndGroupColumns_theMostSpecificNamesTheStage() {
        // given: a workbook export with a generic stage, a round and a one-letter group
        String csv = "match_id,date,time,stage,round,group,home,away\n"
                + "M001,2026-06-11,19:00,Group Stage,Group Stage,A,Mexico,South Africa\n"
                + "M073,2026-06-28,19:00,Knockout,Round of 32,,,\n"
                + "M103,2026-07-18,19:00,Knockout,Third-place play-off,,,\n";

        // when
        List<Event> events = read(FILE, csv, LONDON);

        // then
        assertEquals(List.of(new Stage(StageKind.GROUP, "Group A"), new Stage(StageKind.ROUND_OF_32, "Round of 32"),
                new Stage(StageKind.THIRD_PLACE, "Third-place play-off")), events.stream().map(Event::stage).toList());
        assertFalse(diags.hasErrors(), () -> format(diags.all()));
    }

    @Test
    void csv_numberedRounds_leagueRoundsUnlessTheFileHasGroups() {
        String league = "Round Number,Date,Home Team,Away Team\n1,16/08/2023 20:00,Burnley,Man City\n";
        String cup = "Round Number,Date,Home Team,Away Team,Group\n1,21/11/2022 16:00,Qatar,Ecuador,Group A\n"
                + "7,14/07/2026 19:00,France,Spain,\n7,15/07/2026 19:00,England,Argentina,\n";

        List<Event> leagueEvents = read("epl-UTC.csv", league, NO_ZONE);
        List<Event> cupEvents = read("cup-UTC.csv", cup, NO_ZONE);

        assertEquals(new Stage(StageKind.LEAGUE, "Round 1"), leagueEvents.get(0).stage());
        assertEquals(new Stage(StageKind.GROUP, "Group A"), cupEvents.get(0).stage());
        assertEquals(new Stage(StageKind.CUSTOM, "Round 7", true), cupEvents.get(1).stage(), "a knockout round");
        assertEquals(1, diags.all().stream().filter(d -> d.summary().contains("round 7 has no group")).count(),
                "said once per round");
    }

    @Test
    void csv_statusColumn_postponedAndCancelledReportedNotPlanned() {
        String csv = "date,time,home,away,status\n2026-09-05,10:30,A,B,scheduled\n2026-09-12,12:00,C,D,Postponed\n"
                + "2026-09-19,12:00,E,F,cancelled\n";

        List<Event> events = read(FILE, csv, LONDON);

        assertEquals(1, events.size());
        assertDiagnostic(Severity.WARNING, 3, "status", "match 'C v D' is postponed: not planned");
        assertDiagnostic(Severity.WARNING, 4, "status", "match 'E v F' is cancelled: not planned");
    }

    @Test
    void csv_zoneInFixtureDownloadsFileName_windowsNameWithSummerTime() {
        assertEquals(Optional.of(ZoneId.of("Europe/London")),
                CsvCalendarReader.zoneOfFileName("data/epl-2024-GMTStandardTime.csv"));
        assertEquals(Optional.of(ZoneId.of("Europe/Budapest")),
                CsvCalendarReader.zoneOfFileName("uefa-euro-2020-CentralEuropeStandardTime.csv"));
        assertEquals(Optional.of(java.time.ZoneOffset.UTC), CsvCalendarReader.zoneOfFileName("ipl-2024-UTC.csv"));
        assertEquals(Optional.empty(), CsvCalendarReader.zoneOfFileName("fixtures-home.csv"), "no zone of that name");
    }

    // ---- helpers

    private List<Event> read(String file, String text, CalendarContext ctx) {
        List<Event> events = new CsvCalendarReader().read(file, text, ctx, diags);
        assertEquals(events.size(), new HashSet<>(events.stream().map(Event::id).toList()).size(), "ids are unique");
        return events;
    }

    private Diagnostic assertDiagnostic(Severity severity, int line, String field, String summaryPart) {
        return diags.all().stream()
                .filter(d -> d.severity() == severity && d.location().line() == line && d.location().field().equals(field)
                        && d.summary().contains(summaryPart))
                .findFirst()
                .orElseGet(() -> fail("expected " + severity.label() + " at line " + line + " field '" + field + "' with '"
                        + summaryPart + "', got:\n" + format(diags.all())));
    }

    private static String format(List<Diagnostic> ds) {
        return ds.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    static CalendarContext context(Optional<ZoneId> zone) {
        return new CalendarContext(zone, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
    }

    static String resource(String name) {
        try (InputStream in = CsvCalendarReaderTest.class.getResourceAsStream("/calendar/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /calendar/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
