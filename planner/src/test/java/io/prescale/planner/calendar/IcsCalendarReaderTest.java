package io.prescale.planner.calendar;

import static io.prescale.planner.calendar.CsvCalendarReaderTest.resource;
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
import io.prescale.planner.model.StageKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IcsCalendarReaderTest {
    private static final Instant OCT_1 = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant NOV_14 = Instant.parse("2026-11-14T00:00:00Z");
    private static final CalendarContext YEAR_2026 = new CalendarContext(Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
    private static final CalendarContext AUTUMN = new CalendarContext(Optional.empty(), OCT_1, NOV_14);

    private final Diagnostics diags = new Diagnostics();

    // ---- a Google Calendar export: zones from VTIMEZONE, UTC, all-day, cancelled

    @Test
    void ics_googleExport_readsMatchesInTheirZones() {
        // when
        Map<String, Event> byId = byId(read("google-worldcup2026.ics", YEAR_2026));

        // then
        assertEquals(3, byId.size(), () -> byId.keySet().toString());
        Event opener = byId.get("4h2k8m1q6r0s3t5u7v9w2x4y6z@google.com");
        assertEquals(Instant.parse("2026-06-11T19:00:00Z"), opener.kickoff().toInstant());
        assertEquals(ZoneId.of("America/Mexico_City"), opener.kickoff().getZone());
        assertEquals(LocalDateTime.parse("2026-06-11T13:00"), opener.kickoff().toLocalDateTime());
        assertEquals("Mexico vs South Africa", opener.title());
        assertEquals(List.of("Mexico", "South Africa"), opener.teams());
        assertEquals("FIFA World Cup 2026", opener.competition(), "X-WR-CALNAME");
        assertEquals(StageKind.GROUP, opener.stage().kind());
        assertEquals("group stage Group A", opener.stage().label());
        assertEquals("", opener.region(), "LOCATION is not a region");
        assertEquals(37, opener.source().line());
        assertEquals("google-worldcup2026.ics", opener.source().file());

        Event toronto = byId.get("9a8b7c6d5e4f3g2h1i0j@google.com");
        assertEquals(Instant.parse("2026-06-12T19:00:00Z"), toronto.kickoff().toInstant(), "15:00 EDT");
        assertEquals(ZoneId.of("America/Toronto"), toronto.kickoff().getZone());
        assertEquals(List.of("Canada", "Qatar"), toronto.teams());
        assertEquals(StageKind.GROUP, toronto.stage().kind());
        assertEquals("Group B", toronto.stage().label(), "second CATEGORIES line");
        assertEquals("CA", toronto.region());
        assertEquals(Optional.of("football"), toronto.shape());
        AudienceDistribution a = toronto.audience().orElseThrow();
        assertEquals(1.5e6, a.p50(), 1);
        assertEquals(2.4e6, a.p90(), 1);

        Event fin = byId.get("7f6e5d4c3b2a1z0y9x8w@google.com");
        assertEquals(Instant.parse("2026-07-19T19:00:00Z"), fin.kickoff().toInstant());
        assertEquals(ZoneOffset.UTC, fin.kickoff().getZone());
        assertEquals(StageKind.FINAL, fin.stage().kind());
        assertEquals("World Cup", fin.competition(), "X-PRESCALE-COMPETITION beats X-WR-CALNAME");
        assertEquals(List.of(), fin.teams());
        assertInstanceOf(AudienceDistribution.Fixed.class, fin.audience().orElseThrow());
    }

    @Test
    void ics_allDayEntry_warnsAndSkips() {
        List<Event> events = read("google-worldcup2026.ics", YEAR_2026);

        assertTrue(events.stream().noneMatch(e -> e.id().startsWith("1q2w3e4r")));
        Diagnostic d = assertDiagnostic(Severity.WARNING, 79, "DTSTART",
                "all-day entry 'Rest day' has no kickoff time: a placeholder, not planned");
        assertEquals("google-worldcup2026.ics", d.location().file());
    }

    @Test
    void ics_allDayRoundOfSixteenWithSetKickoffs_plannedAsItsMatchesOnEachDayAndSaidSo() {
        // given: one entry for the round of 16 over four days, planned at 17:00 and 21:00 on each
        String ics = calendar("""
                X-WR-TIMEZONE:Europe/Paris
                BEGIN:VEVENT
                UID:r16@feed
                DTSTART;VALUE=DATE:20260628
                DTEND;VALUE=DATE:20260702
                SUMMARY:TBD (Round of 16)
                END:VEVENT
                """);
        CalendarContext ctx = new CalendarContext(Optional.empty(), YEAR_2026.expandFrom(), YEAR_2026.expandTo(),
                List.of(java.time.LocalTime.of(17, 0), java.time.LocalTime.of(21, 0)));

        // when
        List<Event> events = new IcsCalendarReader().read("feed.ics", ics, ctx, diags);

        // then
        assertEquals(8, events.size());
        assertEquals(Instant.parse("2026-06-28T15:00:00Z"), events.get(0).start(), "17:00 CEST");
        assertEquals(Instant.parse("2026-07-01T19:00:00Z"), events.get(7).start(), "21:00 CEST on the last day");
        assertTrue(events.stream().allMatch(e -> e.stage().kind() == StageKind.ROUND_OF_16 && e.teams().isEmpty()));
        assertEquals(8, events.stream().map(Event::id).distinct().count());
        assertDiagnostic(Severity.WARNING, 7, "DTSTART", "all-day entry 'TBD (Round of 16)' planned as 8 match(es)");
    }

    @Test
    void ics_cancelledEvent_skippedSilently() {
        List<Event> events = read("google-worldcup2026.ics", YEAR_2026);

        assertTrue(events.stream().noneMatch(e -> e.id().startsWith("5z4x3c2v")));
        assertEquals(1, diags.all().size(), "only the all-day warning: " + format(diags.all()));
        assertFalse(diags.hasErrors());
    }

    // ---- recurrence: RRULE, RDATE, EXDATE, RECURRENCE-ID, DST

    @Test
    void ics_weeklySeries_expandsIntoWindowWithOverrides() {
        List<Event> events = read("weekly-show.ics", AUTUMN);

        assertEquals(List.of(), diags.all(), () -> format(diags.all()));
        assertEquals(List.of(
                "weekly-show@20261002T2200",
                "derby-replays@20261003T1800",
                "weekly-show@20261009T2200",
                "derby-replays@20261010T1800",
                "derby-replays@20261017T1800",
                "weekly-show@20261023T2200",
                "weekly-show@20261030T2200",   // moved to Saturday 20:00 by RECURRENCE-ID
                "weekly-show@20261113T2200"), events.stream().map(Event::id).toList());
    }

    @Test
    void ics_weeklyRecurrenceAcrossDst_keepsLocalTime() {
        Map<String, Event> byId = byId(read("weekly-show.ics", AUTUMN));

        // Sweden leaves summer time on 2026-10-25: 22:00 local is 20:00Z before and 21:00Z after
        Event before = byId.get("weekly-show@20261023T2200");
        Event after = byId.get("weekly-show@20261113T2200");
        assertEquals(Instant.parse("2026-10-23T20:00:00Z"), before.kickoff().toInstant());
        assertEquals(Instant.parse("2026-11-13T21:00:00Z"), after.kickoff().toInstant());
        assertEquals(ZoneId.of("Europe/Stockholm"), after.kickoff().getZone());
        assertEquals(22, before.kickoff().getHour());
        assertEquals(22, after.kickoff().getHour());
    }

    @Test
    void ics_exdate_removesOccurrence() {
        Map<String, Event> byId = byId(read("weekly-show.ics", AUTUMN));

        assertFalse(byId.containsKey("weekly-show@20261016T2200"));
    }

    @Test
    void ics_recurrenceIdOverride_replacesOccurrenceAndInheritsHints() {
        Map<String, Event> byId = byId(read("weekly-show.ics", AUTUMN));

        Event moved = byId.get("weekly-show@20261030T2200");
        assertEquals(LocalDateTime.parse("2026-10-31T20:00"), moved.kickoff().toLocalDateTime());
        assertEquals(Instant.parse("2026-10-31T19:00:00Z"), moved.kickoff().toInstant());
        assertEquals("Fredagsshowen: Halloween special", moved.title(), "the instance's own SUMMARY");
        assertEquals(StageKind.CUSTOM, moved.stage().kind());
        assertEquals("tv-call-to-action", moved.stage().key(), "X-PRESCALE-STAGE of the series");
        assertEquals("SE", moved.region());
        assertEquals(3e5, moved.audience().orElseThrow().p50(), 1);
        assertEquals(46, moved.source().line(), "the override's VEVENT");
        long onFriday30 = byId.values().stream()
                .filter(e -> e.kickoff().toLocalDate().toString().equals("2026-10-30")).count();
        assertEquals(0, onFriday30, "the original slot is gone");
    }

    @Test
    void ics_cancelledInstance_removesOccurrence() {
        Map<String, Event> byId = byId(read("weekly-show.ics", AUTUMN));

        assertFalse(byId.containsKey("weekly-show@20261106T2200"));
    }

    @Test
    void ics_seriesOccurrences_shareTheSeriesDetails() {
        Map<String, Event> byId = byId(read("weekly-show.ics", AUTUMN));

        Event show = byId.get("weekly-show@20261002T2200");
        assertEquals("Fredagsshowen", show.title());
        assertEquals("SVT prime time", show.competition());
        assertEquals(26, show.source().line());
        Event replay = byId.get("derby-replays@20261017T1800");
        assertEquals(Instant.parse("2026-10-17T18:00:00Z"), replay.kickoff().toInstant(), "from RDATE");
        assertEquals(List.of("AIK", "Djurgården"), replay.teams());
        assertEquals(StageKind.LEAGUE, replay.stage().kind());
    }

    @ParameterizedTest(name = "window {0} .. {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-10-09T20:00:00Z | 2026-10-23T20:00:00Z | weekly-show@20261009T2200 derby-replays@20261010T1800 derby-replays@20261017T1800
            2026-10-09T20:00:01Z | 2026-10-23T20:00:01Z | derby-replays@20261010T1800 derby-replays@20261017T1800 weekly-show@20261023T2200
            2026-10-31T00:00:00Z | 2026-11-01T00:00:00Z | weekly-show@20261030T2200
            2027-03-01T00:00:00Z | 2027-04-01T00:00:00Z | ''
            """)
    void ics_expansionWindow_startInclusiveEndExclusive(Instant from, Instant to, String expectedIds) {
        List<Event> events = read("weekly-show.ics", new CalendarContext(Optional.empty(), from, to));

        List<String> expected = expectedIds.isBlank() ? List.of() : List.of(expectedIds.split(" "));
        assertEquals(expected, events.stream().map(Event::id).toList());
    }

    @Test
    void ics_floatingRecurrence_expandsInCalendarZone() {
        String ics = calendar("""
                BEGIN:VEVENT
                UID:daily-quiz
                DTSTART:20261024T193000
                RRULE:FREQ=DAILY;COUNT=3
                SUMMARY:Daily quiz
                END:VEVENT
                """);

        List<Event> events = new IcsCalendarReader().read("quiz.ics", ics,
                new CalendarContext(Optional.of(ZoneId.of("Europe/Stockholm")), OCT_1, NOV_14), diags);

        assertEquals(List.of("daily-quiz@20261024T1930", "daily-quiz@20261025T1930", "daily-quiz@20261026T1930"),
                events.stream().map(Event::id).toList());
        assertEquals(Instant.parse("2026-10-24T17:30:00Z"), events.get(0).kickoff().toInstant(), "CEST");
        assertEquals(Instant.parse("2026-10-25T18:30:00Z"), events.get(1).kickoff().toInstant(), "CET");
    }

    // ---- zones: IANA TZID without VTIMEZONE, Windows TZID with VTIMEZONE, floating

    @Test
    void classPath_hasNoIcal4jZoneProvider_andTzidsStillResolve() {
        // ical4j's own jar registers a java.time zone provider, which the JDK builds the first time any zone is
        // named (ical4j's zone database, SLF4J: 60-100 ms of every prescale start): module ical4j/ ships the jar
        // without that registration
        List<String> providers = java.util.ServiceLoader.load(java.time.zone.ZoneRulesProvider.class,
                ClassLoader.getSystemClassLoader()).stream().map(p -> p.type().getName()).toList();
        assertEquals(List.of(), providers);

        Event e = byId(read("league-feed.ics", YEAR_2026)).get("pl-2026-arsenal-chelsea");
        assertEquals(ZoneId.of("Europe/London"), e.kickoff().getZone(), "the JDK's zone, by the TZID");
        assertEquals(Instant.parse("2026-08-22T16:30:00Z"), e.kickoff().toInstant(), "17:30 BST");
    }

    @Test
    void ics_ianaTzidWithoutVtimezone_usesTheNamedZone() {
        Map<String, Event> byId = byId(read("league-feed.ics", CsvCalendarReaderTest.context(Optional.of(ZoneId.of("Europe/London")))));

        Event e = byId.get("pl-2026-arsenal-chelsea");
        assertEquals(Instant.parse("2026-08-22T16:30:00Z"), e.kickoff().toInstant(), "17:30 BST");
        assertEquals(ZoneId.of("Europe/London"), e.kickoff().getZone());
        assertEquals(List.of("Arsenal", "Chelsea"), e.teams());
        assertEquals(StageKind.LEAGUE, e.stage().kind());
        assertEquals("Matchday 2", e.stage().label());
        assertEquals("", e.competition(), "no X-WR-CALNAME");
    }

    @Test
    void ics_floatingTime_usesDefaultZone() {
        Map<String, Event> byId = byId(read("league-feed.ics", CsvCalendarReaderTest.context(Optional.of(ZoneId.of("Europe/London")))));

        Event e = byId.get("pl-2026-liverpool-everton");
        assertEquals(Instant.parse("2026-08-29T14:00:00Z"), e.kickoff().toInstant());
        assertEquals(ZoneId.of("Europe/London"), e.kickoff().getZone());
        assertFalse(diags.hasErrors(), () -> format(diags.all()));
    }

    @Test
    void ics_floatingTimeWithoutZone_errorNamesLineAndField() {
        List<Event> events = read("league-feed.ics", YEAR_2026);

        assertTrue(events.stream().noneMatch(e -> e.id().equals("pl-2026-liverpool-everton")));
        Diagnostic d = assertDiagnostic(Severity.ERROR, 17, "DTSTART", "floating time with no calendar zone");
        assertEquals("league-feed.ics", d.location().file());
        assertEquals(1, diags.errorCount());
        assertEquals(2, events.size(), "the other events still load");
    }

    @Test
    void ics_floatingTime_usesCalendarsXWrTimezone() {
        String ics = calendar("X-WR-TIMEZONE:Europe/Stockholm\n", """
                BEGIN:VEVENT
                UID:derby
                DTSTART:20260920T150000
                SUMMARY:AIK vs Hammarby
                END:VEVENT
                """);

        List<Event> events = new IcsCalendarReader().read("derby.ics", ics, YEAR_2026, diags);

        assertEquals(ZoneId.of("Europe/Stockholm"), events.get(0).kickoff().getZone());
        assertEquals(Instant.parse("2026-09-20T13:00:00Z"), events.get(0).kickoff().toInstant());
    }

    @Test
    void ics_missingUid_generatesIdAndWarns() {
        Map<String, Event> byId = byId(read("league-feed.ics", CsvCalendarReaderTest.context(Optional.of(ZoneId.of("Europe/London")))));

        assertTrue(byId.containsKey("2026-08-29-tottenham-vs-fulham"), byId.keySet()::toString);
        assertDiagnostic(Severity.WARNING, 23, "UID", "missing UID; using generated id '2026-08-29-tottenham-vs-fulham'");
    }

    @Test
    void ics_windowsTzidWithVtimezone_keepsTheInstantAtItsOffset() {
        List<Event> events = read("outlook-export.ics", YEAR_2026);

        assertEquals(List.of(), diags.all(), () -> format(diags.all()));
        Event e = events.get(0);
        assertEquals(Instant.parse("2026-07-11T19:00:00Z"), e.kickoff().toInstant(), "21:00 CEST");
        assertEquals(ZoneOffset.ofHours(2), e.kickoff().getZone(), "no IANA name to show it in");
        assertEquals(StageKind.QUARTER_FINAL, e.stage().kind());
        assertEquals(List.of("Deutschland", "Frankreich"), e.teams());
        assertEquals("DE", e.region());
    }

    // ---- errors: every bad entry reported with its line and property, the rest still read

    static Stream<Arguments> brokenEntries() {
        return Stream.of(
                Arguments.of("no DTSTART", Severity.ERROR, 5, "DTSTART", "missing DTSTART"),
                Arguments.of("unknown TZID", Severity.ERROR, 11, "DTSTART", "unknown time zone 'Mars/Olympus_Mons'"),
                Arguments.of("malformed DTSTART", Severity.ERROR, 16, "DTSTART", "DTSTART cannot be read; entry skipped"),
                Arguments.of("P90 alone", Severity.ERROR, 23, "X-PRESCALE-P90", "P90 without P50"),
                Arguments.of("P50 not a count", Severity.ERROR, 29, "X-PRESCALE-P50", "expected a number"),
                Arguments.of("P90 below P50", Severity.ERROR, 36, "X-PRESCALE-P90", "P90 must not be below P50"),
                Arguments.of("misspelt X-PRESCALE property", Severity.WARNING, 42, "X-PRESCALE-STAEG", "unknown property"),
                Arguments.of("duplicate UID", Severity.WARNING, 45, "UID", "duplicate UID 'typo' (also on line 39): "
                        + "'Morocco vs Senegal (again)' planned under its content id '2026-07-17-morocco-senegal'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEntries")
    void ics_brokenEntry_reportedWithLineAndProperty(String name, Severity severity, int line, String field, String summary) {
        read("broken-entries.ics", YEAR_2026);

        Diagnostic d = assertDiagnostic(severity, line, field, summary);
        assertEquals("broken-entries.ics", d.location().file());
    }

    @Test
    void ics_brokenEntries_allReportedInOneRunAndGoodOnesKept() {
        List<Event> events = read("broken-entries.ics", YEAR_2026);

        assertEquals(List.of("typo", "2026-07-17-morocco-senegal", "good"), events.stream().map(Event::id).toList());
        assertEquals(6, diags.errorCount(), () -> format(diags.all()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // a TZID parameter broken by a stray brace: DTEND is read as a local time beside a zoned DTSTART
            "weekly-show.ics, 28, 'DTEND;TZID=', 'DTEND;{TZID=', 29, cannot expand the recurrence",
            // a VTIMEZONE's RRULE swapped with an event's DTEND: the observance's start has no zone
            "outlook-export.ics, 16, '', '', 20, not a valid iCalendar file"})
    void ics_dateTimeWithoutItsZone_errorInWordsNotJavaTimes(String fixture, int line, String from, String to,
                                                              int errorLine, String summary) {
        // given: the mutations the CLI's input fuzzing found (InputFuzzTest, 5,000 cases)
        List<String> lines = new ArrayList<>(List.of(resource(fixture).split("\n", -1)));
        if (from.isEmpty()) {
            java.util.Collections.swap(lines, line - 1, line + 7);
        } else {
            lines.set(line - 1, lines.get(line - 1).replace(from, to));
        }

        // when
        new IcsCalendarReader().read(fixture, String.join("\n", lines), YEAR_2026, diags);

        // then: one error at its line, in the feed's words
        assertEquals(1, diags.errorCount(), () -> format(diags.all()));
        Diagnostic d = diags.all().stream().filter(x -> x.severity() == Severity.ERROR).findFirst().orElseThrow();
        assertEquals(errorLine, d.location().line());
        assertTrue(d.summary().contains(summary), d.summary());
        assertTrue(d.format().contains("has no zone where one is needed"), d.format());
        assertFalse(d.format().contains("java.") || d.format().contains("TemporalAccessor"), d.format());
    }

    @Test
    void ics_unparseableFile_oneErrorWithParserLine() {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260711T190000Z\r\n"
                + "SUMMARY:Cut off\r\n";

        List<Event> events = new IcsCalendarReader().read("cut.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
        Diagnostic d = diags.all().get(0);
        assertEquals(Severity.ERROR, d.severity());
        assertTrue(d.summary().contains("not a valid iCalendar file"), d.summary());
        assertEquals(8, d.location().line(), "end of file, after line 7");
    }

    @Test
    void ics_invalidRrule_skipsThatEntryOnly() {
        String ics = calendar("""
                BEGIN:VEVENT
                UID:weekly
                DTSTART:20261002T200000Z
                RRULE:FREQ=FORTNIGHTLY
                SUMMARY:Show
                END:VEVENT
                BEGIN:VEVENT
                UID:final
                DTSTART:20260719T190000Z
                SUMMARY:Final
                END:VEVENT
                """);

        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        assertEquals(List.of("final"), events.stream().map(Event::id).toList());
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "RRULE cannot be read; entry skipped");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    // ---- recurrence blow-ups: bounded, one error per series

    @ParameterizedTest(name = "FREQ={0}")
    @ValueSource(strings = {"SECONDLY", "MINUTELY", "HOURLY"})
    void ics_subDailyRruleWithoutEnd_oneErrorAtRruleLine(String freq) {
        // given: SECONDLY with no end reached 5.3 GB, then printed millions of duplicate-id lines
        String ics = calendar(series("ticker", "RRULE:FREQ=" + freq), single("final", "20260719T190000Z"));

        // when
        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        // then
        assertEquals(List.of("final"), events.stream().map(Event::id).toList());
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "FREQ=" + freq + " is not supported for events");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    @Test
    void ics_countTwoBillion_oneErrorAtRruleLine() {
        String ics = calendar(series("daily", "RRULE:FREQ=DAILY;COUNT=2000000000"));

        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "COUNT=2000000000 is too large");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    @Test
    void ics_byHourAndByMinuteEveryHalfHour_refusedAsTooManyStartsADay() {
        String ics = calendar(series("half-hourly", "RRULE:FREQ=DAILY;BYHOUR=" + hours() + ";BYMINUTE=0,30"));

        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "the recurrence starts 48 times a day");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    @Test
    void ics_hourlyStartsForTwoYears_refusedOverTheSeriesCap() {
        // given: 24 starts a day for two years is 17,520 occurrences
        String ics = calendar(series("hourly", "RRULE:FREQ=DAILY;BYHOUR=" + hours()));
        CalendarContext twoYears = new CalendarContext(Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2028-01-01T00:00:00Z"));

        // when
        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, twoYears, diags);

        // then
        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "more than " + IcsCalendarReader.MAX_SERIES_EVENTS + " occurrences");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    @Test
    void ics_twoStartsInOneMinute_reportedOncePerSeries() {
        String ics = calendar(series("twice", "RRULE:FREQ=DAILY;BYSECOND=0,30;COUNT=10"));

        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        assertEquals(5, events.size(), "one event per minute");
        assertDiagnostic(Severity.ERROR, 7, "RRULE", "the recurrence starts twice in one minute");
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
    }

    @Test
    void ics_threeHourlySeriesForAYear_refusedOverTheCalendarCap() {
        // given: 3 x 8,760 occurrences, each series under its own cap
        String ics = calendar(series("a", "RRULE:FREQ=DAILY;BYHOUR=" + hours()),
                series("b", "RRULE:FREQ=DAILY;BYHOUR=" + hours()), series("c", "RRULE:FREQ=DAILY;BYHOUR=" + hours()));

        // when
        List<Event> events = new IcsCalendarReader().read("rrule.ics", ics, YEAR_2026, diags);

        // then
        assertEquals(List.of(), events);
        assertEquals(1, diags.errorCount(), () -> format(diags.all()));
        assertTrue(diags.all().get(0).summary().contains("more than " + IcsCalendarReader.MAX_CALENDAR_EVENTS + " events"),
                () -> format(diags.all()));
    }

    @Test
    void ics_1500UnreadableEntries_stopsAfterTheFirstFew() {
        // given: every entry has an RRULE ical4j cannot read (took 53 s and 1.2 GB: one parse per bad entry)
        String[] entries = new String[1500];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = series("bad-" + i, "RRULE:FREQ=FORTNIGHTLY");
        }

        // when
        List<Event> events = new IcsCalendarReader().read("rrule.ics", calendar(entries), YEAR_2026, diags);

        // then
        assertEquals(List.of(), events);
        assertEquals(IcsCalendarReader.MAX_SKIPPED_ENTRIES + 2, diags.errorCount(), () -> format(diags.all()));
        assertDiagnostic(Severity.ERROR, 0, "", "more than " + IcsCalendarReader.MAX_SKIPPED_ENTRIES
                + " entries cannot be read; reading stopped");
    }

    @Test
    void ics_feedLargerThanTheCalendarLimit_refusedBeforeParsing() {
        // given: a feed's text, not a file whose size was checked before reading
        String ics = calendar("X-PAD:" + "x".repeat((int) io.prescale.planner.config.InputFiles.MAX_CALENDAR_BYTES) + "\n");

        // when
        List<Event> events = Calendars.read("feed.ics", ics, YEAR_2026, diags);

        // then
        assertEquals(List.of(), events);
        assertEquals(1, diags.all().size(), () -> format(diags.all()));
        assertTrue(diags.all().get(0).summary().startsWith("cannot read feed.ics: is 5.0 MB, more than the 5 MB limit"),
                () -> format(diags.all()));
    }

    // ---- what ical4j reads without complaint but would plan wrong: one error each, at its line

    static Stream<Arguments> silentlyWrongEntries() {
        // the entry's lines start on line 4: BEGIN:VEVENT, UID, DTSTART (6), the property under test (7)
        return Stream.of(
                Arguments.of("COUNT=-1 (was an endless daily series)", "RRULE:FREQ=DAILY;COUNT=-1", 7, "RRULE",
                        "COUNT=-1 is not a whole number of at least 1"),
                Arguments.of("INTERVAL=0 (was an endless daily series)", "RRULE:FREQ=DAILY;INTERVAL=0", 7, "RRULE",
                        "INTERVAL=0 is not a whole number of at least 1"),
                Arguments.of("a negative INTERVAL", "RRULE:FREQ=WEEKLY;INTERVAL=-2;COUNT=3", 7, "RRULE",
                        "INTERVAL=-2 is not"),
                Arguments.of("an UNTIL on November 31", "RRULE:FREQ=DAILY;UNTIL=20261131T000000Z", 7, "RRULE",
                        "UNTIL=20261131T000000Z: no such day"),
                Arguments.of("an empty EXDATE", "RRULE:FREQ=DAILY;COUNT=3\nEXDATE:", 8, "EXDATE", "EXDATE has no date"),
                Arguments.of("an EXDATE on February 29 of a common year", "RRULE:FREQ=DAILY;COUNT=3\nEXDATE:20260229T190000Z",
                        8, "EXDATE", "not a leap year"),
                Arguments.of("two DTSTARTs (the first won)", "DTSTART:20260614T190000Z", 7, "DTSTART",
                        "DTSTART given twice in one entry"),
                Arguments.of("an RRULE with an unknown BYDAY", "RRULE:FREQ=WEEKLY;BYDAY=XX;COUNT=3", 7, "RRULE",
                        "RRULE cannot be read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("silentlyWrongEntries")
    void ics_entryIcal4jReadsButWouldPlanWrong_oneErrorAtItsLine(String name, String lines, int line, String field,
                                                                  String summary) {
        String ics = calendar(series("show", lines), single("final", "20260719T190000Z"));

        List<Event> events = new IcsCalendarReader().read("odd.ics", ics, YEAR_2026, diags);

        assertEquals(List.of("final"), events.stream().map(Event::id).toList(), () -> format(diags.all()));
        assertDiagnostic(Severity.ERROR, line, field, summary);
        assertFalse(format(diags.all()).contains("fortuna"), () -> format(diags.all()));
        assertEquals(1, diags.errors().size(), () -> format(diags.all()));
    }

    @Test
    void ics_daylightOutsideItsTimezone_oneErrorWithoutIcal4jsClassNames() {
        // found by ReaderPropertiesTest: a broken BEGIN:VTIMEZONE line left DAYLIGHT at the top, a ClassCastException
        String ics = resource("weekly-show.ics").replaceFirst("BEGIN:VTIMEZONE", "N:VTIMEZONE");

        List<Event> events = new IcsCalendarReader().read("weekly-show.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertEquals(1, diags.errors().size(), () -> format(diags.all()));
        String shown = diags.errors().get(0).format();
        assertTrue(shown.contains("a component is outside the one it belongs in") && !shown.contains("fortuna"), shown);
    }

    @ParameterizedTest(name = "DTSTART:{0}")
    @ValueSource(strings = {"20261131T190000Z", "20260229T190000Z", "20260431T190000"})
    void ics_startOnADayThatDoesNotExist_errorInsteadOfTheNextDay(String start) {
        // ical4j moved 20261131 to December 1 without a word
        String ics = calendar(single("odd", start), single("final", "20260719T190000Z"));

        List<Event> events = new IcsCalendarReader().read("odd.ics", ics, YEAR_2026, diags);

        assertEquals(List.of("final"), events.stream().map(Event::id).toList(), () -> format(diags.all()));
        assertDiagnostic(Severity.ERROR, 6, "DTSTART", "no such day");
    }

    private static String series(String uid, String rrule) {
        return "BEGIN:VEVENT\nUID:" + uid + "\nDTSTART:20260102T190000Z\n" + rrule + "\nSUMMARY:Show\nEND:VEVENT\n";
    }

    private static String single(String uid, String start) {
        return "BEGIN:VEVENT\nUID:" + uid + "\nDTSTART:" + start + "\nSUMMARY:Final\nEND:VEVENT\n";
    }

    private static String hours() {
        return String.join(",", java.util.stream.IntStream.range(0, 24).mapToObj(Integer::toString).toList());
    }

    @Test
    void ics_brokenTimeZoneDefinition_oneFileError() {
        String ics = calendar("""
                BEGIN:VTIMEZONE
                TZID:Custom/Zone
                BEGIN:STANDARD
                DTSTART:not-a-date
                TZOFFSETFROM:+0100
                TZOFFSETTO:+0100
                END:STANDARD
                END:VTIMEZONE
                BEGIN:VEVENT
                UID:final
                DTSTART:20260719T190000Z
                END:VEVENT
                """);

        List<Event> events = new IcsCalendarReader().read("tz.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 7, "", "not a valid iCalendar file");
    }

    @Test
    void ics_emptyFile_error() {
        List<Event> events = new IcsCalendarReader().read("empty.ics", "  \n", YEAR_2026, diags);

        assertEquals(List.of(), events);
        assertDiagnostic(Severity.ERROR, 0, "", "the file is empty");
    }

    // ---- stages and teams from the entry's text

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            category naming a stage         | CATEGORIES:Football,Semi-finals            | SEMI_FINAL    | semi-final
            first category that is a stage  | CATEGORIES:Football,Round of 16,Final      | ROUND_OF_16   | round-of-16
            no category is a stage          | CATEGORIES:Football,Highlights             | CUSTOM        | event
            custom category                 | CATEGORIES:custom:premiere                 | CUSTOM        | premiere
            X-PRESCALE-STAGE wins           | X-PRESCALE-STAGE:quarter-final             | QUARTER_FINAL | quarter-final
            X-PRESCALE-STAGE custom         | X-PRESCALE-STAGE:custom:season-premiere    | CUSTOM        | season-premiere
            nothing given                   | DESCRIPTION:no stage here                  | CUSTOM        | event
            """)
    void ics_stage_fromXPropertyOrCategories(String name, String line, StageKind kind, String key) {
        String ics = calendar("BEGIN:VEVENT\nUID:e1\nDTSTART:20260711T190000Z\nSUMMARY:Event\n"
                + (line.startsWith("X-") ? "CATEGORIES:Final\n" : "") + line + "\nEND:VEVENT\n");

        List<Event> events = new IcsCalendarReader().read("stage.ics", ics, YEAR_2026, diags);

        assertEquals(List.of(), diags.all(), () -> format(diags.all()));
        assertEquals(kind, events.get(0).stage().kind());
        assertEquals(key, events.get(0).stage().key());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            England vs Croatia         | England;Croatia
            Brazil - Scotland          | Brazil;Scotland
            Deutschland vs. Frankreich | Deutschland;Frankreich
            Arsenal v Chelsea          | Arsenal;Chelsea
            World Cup Final            | ''
            Quiz night                 | ''
            """)
    void ics_teamsFromTitle(String summary, String teams) {
        String ics = calendar("BEGIN:VEVENT\nUID:e1\nDTSTART:20260711T190000Z\nSUMMARY:" + summary + "\nEND:VEVENT\n");

        List<Event> events = new IcsCalendarReader().read("teams.ics", ics, YEAR_2026, diags);

        assertEquals(teams.isBlank() ? List.of() : List.of(teams.split(";")), events.get(0).teams());
        assertEquals(summary, events.get(0).title());
    }

    @Test
    void ics_readThroughCalendars_picksIcsReader() {
        List<Event> events = Calendars.read("feeds/show.ics", resource("weekly-show.ics"), AUTUMN, diags);

        assertEquals(8, events.size());
    }

    // ---- helpers

    private List<Event> read(String fixture, CalendarContext ctx) {
        return new IcsCalendarReader().read(fixture, resource(fixture), ctx, diags);
    }

    private static Map<String, Event> byId(List<Event> events) {
        return events.stream().collect(Collectors.toMap(Event::id, Function.identity()));
    }

    /** A minimal calendar around the given lines, which start on line 4. */
    private static String calendar(String... parts) {
        return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//prescale//tests//EN\n" + String.join("", parts) + "END:VCALENDAR\n";
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
}
