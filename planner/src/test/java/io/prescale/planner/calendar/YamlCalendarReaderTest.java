package io.prescale.planner.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.StageKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlCalendarReaderTest {
    private static final CalendarContext CTX = new CalendarContext(Optional.empty(), Instant.EPOCH,
            Instant.parse("2100-01-01T00:00:00Z"));

    private static List<Event> read(String yaml, CalendarContext ctx, Diagnostics d) {
        return Calendars.read("fixtures.yaml", yaml, ctx, d);
    }

    @Test
    void yaml_kickoffInEveryZoneForm_resolvesToTheSameInstant() {
        Diagnostics d = new Diagnostics();
        List<Event> events = read("""
                events:
                  - {id: offset, stage: group, kickoff: 2026-07-11T20:00:00+01:00}
                  - {id: zone-name, stage: group, kickoff: 2026-07-11 20:00 Europe/London}
                  - {id: iso-zone, stage: group, kickoff: "2026-07-11T20:00[Europe/London]"}
                  - {id: utc, stage: group, kickoff: 2026-07-11T19:00:00Z}
                  - {id: local, stage: group, kickoff: 2026-07-11T20:00, zone: Europe/London}
                """, CTX, d);
        assertEquals(List.of(), d.all());
        assertEquals(5, events.size());
        for (Event e : events) {
            assertEquals(Instant.parse("2026-07-11T19:00:00Z"), e.start(), e.id());
        }
        assertEquals(ZoneId.of("Europe/London"), events.get(1).kickoff().getZone());
    }

    @Test
    void yaml_localTimeWithCalendarZone_usesIt() {
        Diagnostics d = new Diagnostics();
        CalendarContext paris = new CalendarContext(Optional.of(ZoneId.of("Europe/Paris")), CTX.expandFrom(), CTX.expandTo());
        List<Event> events = read("- {id: A, stage: final, kickoff: 1998-07-12 21:00}", paris, d);
        assertEquals(Instant.parse("1998-07-12T19:00:00Z"), events.get(0).start());
        assertTrue(events.get(0).stage().knockout());
    }

    @Test
    void yaml_fullEvent_readsEveryField() {
        Diagnostics d = new Diagnostics();
        Event e = read("""
                - id: ENG-CRO
                  title: England v Croatia
                  competition: World Cup 2018
                  stage: Semi-finals
                  home: England
                  away: Croatia
                  kickoff: 2018-07-11T19:00:00+01:00
                  market: UK
                  shape: football
                  delay: 10m
                  audience: {p50: 2M, p90: 3M}
                """, CTX, d).get(0);
        assertEquals(List.of(), d.all());
        assertEquals(StageKind.SEMI_FINAL, e.stage().kind());
        assertEquals(List.of("England", "Croatia"), e.teams());
        assertEquals("UK", e.region());
        assertEquals(Duration.ofMinutes(10), e.delay());
        assertEquals(Instant.parse("2018-07-11T18:10:00Z"), e.start());
        assertEquals(3_000_000, e.audience().orElseThrow().p90(), 1);
        assertEquals("football", e.shape().orElseThrow());
    }

    @Test
    void yaml_knockoutFlag_overridesTheStage() {
        Diagnostics d = new Diagnostics();
        List<Event> events = read("""
                - {id: ELIM, stage: custom:eliminator, knockout: true, kickoff: 2027-05-25T19:30+05:30}
                - {id: F3, stage: third-place, knockout: false, kickoff: 2026-07-18T17:00-04:00}
                - {id: G, stage: group, kickoff: 2026-06-18T17:00-04:00}
                """, CTX, d);
        assertEquals(List.of(), d.all());
        assertTrue(events.get(0).stage().knockout());
        assertEquals("eliminator", events.get(0).stage().key());
        assertTrue(!events.get(1).stage().knockout());
        assertTrue(!events.get(2).stage().knockout());
    }

    @Test
    void yaml_teamsFromTitle_whenNotListed() {
        Diagnostics d = new Diagnostics();
        Event e = read("- {id: X, title: Brazil vs Scotland, stage: group, kickoff: 1998-06-10T17:30+02:00}", CTX, d)
                .get(0);
        assertEquals(List.of("Brazil", "Scotland"), e.teams());
    }

    @Test
    void yaml_badEvents_skippedAndEveryOneReported() {
        Diagnostics d = new Diagnostics();
        List<Event> events = read("""
                events:
                  - {id: ok, stage: group, kickoff: 2026-07-11T19:00Z}
                  - {id: nozone, stage: group, kickoff: 2026-07-11T19:00}
                  - {stage: group, kickoff: 2026-07-11T19:00Z}
                  - {id: nostage, kickoff: 2026-07-11T19:00Z, teem: [A]}
                """, CTX, d);
        assertEquals(List.of("ok"), events.stream().map(Event::id).toList());
        List<String> errors = d.errors().stream().map(Diagnostic::format).toList();
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("fixtures.yaml:3:"), errors.get(0));
        assertTrue(errors.stream().anyMatch(s -> s.contains("events[2].id") && s.contains("missing required field")));
        assertTrue(errors.stream().anyMatch(s -> s.contains("events[3].stage")));
        assertTrue(errors.stream().anyMatch(s -> s.contains("unknown field 'teem'") && s.contains("did you mean 'teams'")));
    }

    @Test
    void calendars_unknownExtension_isADiagnostic() {
        Diagnostics d = new Diagnostics();
        assertEquals(List.of(), Calendars.read("fixtures.xlsx", "", CTX, d));
        assertTrue(d.errors().get(0).summary().contains("unknown calendar format"));
    }
}
