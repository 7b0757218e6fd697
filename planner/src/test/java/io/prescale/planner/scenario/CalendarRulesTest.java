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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calendarRules: what feed entries mean, stated by the user where the feed does not say it as prescale reads it. */
class CalendarRulesTest {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A club feed that says nothing prescale reads by default: codes in the title, venue and categories apart. */
    static final String FEED = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//club//x//EN",
            "BEGIN:VEVENT", "UID:a1@club", "DTSTART:20260612T190000Z", "SUMMARY:M12 Lions hosts Eagles",
            "LOCATION:Wembley Stadium\\, London", "CATEGORIES:Cup,KO", "END:VEVENT",
            "BEGIN:VEVENT", "UID:a2@club", "DTSTART:20260614T180000Z", "SUMMARY:Fan evening",
            "DESCRIPTION:Watch party in the park", "END:VEVENT",
            "BEGIN:VEVENT", "UID:a3@club", "DTSTART:20260620T190000Z", "SUMMARY:M13 Bears hosts Wolves",
            "LOCATION:Old Trafford", "CATEGORIES:Cup", "END:VEVENT",
            "END:VCALENDAR", "");

    void scenario(String rules) throws Exception {
        Files.writeString(dir.resolve("club.ics"), FEED);
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: club
                plan: {from: 2026-06-01T00:00:00Z, horizon: 60d}
                calendar: club.ics
                calendarRules:
                """ + rules + """
                audience: {base: {p50: 100k, p90: 120k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """);
    }

    String relative(String message) {
        return message.replace(dir.toAbsolutePath() + "/", "");
    }

    static Map<String, Event> byId(Scenario s) {
        return s.events().stream().collect(Collectors.toMap(Event::id, e -> e));
    }

    @Test
    void rules_onSummaryDescriptionLocationAndCategories_setStageKindTeamsAndRegion_firstRuleWins() throws Exception {
        // given
        scenario("""
                  - {summary: "^M\\\\d+ ", categories: "^KO$", stage: round-of-16}
                  - {summary: "^M\\\\d+ (?<home>.+) hosts (?<away>.+)$", teams: ["${home}", "$2"]}
                  - {location: "wembley|old trafford", region: UK}
                  - {location: "Wembley", region: London}
                  - {description: "watch party", kind: watch-party}
                """);

        // when
        Scenario s;
        try {
            s = ScenarioLoader.load(dir, Optional.empty(), NOW);
        } catch (InvalidInputException x) {
            throw new AssertionError(x.diagnostics().stream().map(Diagnostic::format).toList().toString(), x);
        }

        // then
        Map<String, Event> e = byId(s);
        assertEquals(StageKind.ROUND_OF_16, e.get("a1@club").stage().kind());
        assertTrue(e.get("a1@club").stage().knockout());
        assertEquals(List.of("Lions", "Eagles"), e.get("a1@club").teams());
        assertEquals("UK", e.get("a1@club").region(), "the first matching rule sets the region");
        assertEquals("Wembley Stadium, London", e.get("a1@club").location());
        assertEquals(StageKind.CUSTOM, e.get("a2@club").stage().kind());
        assertEquals("watch-party", e.get("a2@club").stage().key());
        assertEquals("", e.get("a2@club").region());
        assertEquals(StageKind.CUSTOM, e.get("a3@club").stage().kind(), "its categories lack KO: no stage rule");
        assertEquals(List.of("Bears", "Wolves"), e.get("a3@club").teams());
        assertEquals("UK", e.get("a3@club").region());
        assertEquals(List.of(), s.warnings().stream().map(Diagnostic::format).toList());
    }

    @Test
    void audienceOverrides_keyedOnTitleOrContentId_surviveNewUids_aKeyNamingNoEventIsWarned() throws Exception {
        // given: overrides keyed on what a feed that regenerates its UIDs keeps
        Files.writeString(dir.resolve("club.ics"), FEED);
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: club
                plan: {from: 2026-06-01T00:00:00Z, horizon: 60d}
                calendar: club.ics
                calendarRules:
                  - {summary: "^M\\\\d+ (.+) hosts (.+)$", teams: ["$1", "$2"]}
                audience:
                  base: {p50: 100k, p90: 120k}
                  events:
                    Fan evening: 7M
                    2026-06-20-bears-wolves: 3M
                    20260614t1800z-fan-evening: 9M
                    Fan evenin: 1M
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """);

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW);

        // then
        Map<String, Event> e = byId(s);
        assertEquals("2026-06-20-bears-wolves", e.get("a3@club").contentId());
        assertEquals("20260614t1800z-fan-evening", e.get("a2@club").contentId(), "no teams: start and title");
        assertEquals("20260612t1900z-wembley-stadium-london", e.get("a1@club").withTeams(List.of()).contentId(),
                "no teams: start and venue");
        assertEquals(3e6, s.audience().resolve(e.get("a3@club")).orElseThrow().distribution().p50(), 1);
        assertEquals("override for 20260614t1800z-fan-evening",
                s.audience().resolve(e.get("a2@club")).orElseThrow().explanation(), "content id and title: one, the same each run");
        assertEquals(100e3, s.audience().resolve(e.get("a1@club")).orElseThrow().distribution().p50(), 1);
        List<String> w = s.warnings().stream().map(Diagnostic::format).map(this::relative).toList();
        assertEquals(List.of("prescale.yaml:12:17: warning: audience.events.Fan evenin: audience.events 'Fan evenin' "
                + "names no event of the calendar (by id, content id or title): did you mean 'Fan evening'?"), w);
    }

    @Test
    void rules_onAFootballDataFeed_stageAndGroupAreCategoriesTheTitleTheSummary() throws Exception {
        // given
        Files.copy(Path.of("src/test/resources/calendar/football-data-matches.json"), dir.resolve("matches.json"));
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: wc
                plan: {from: 2022-11-19T00:00:00Z, horizon: 60d}
                calendar: matches.json
                calendarRules:
                  - {categories: "^GROUP_A$", region: QA}
                  - {summary: "^Argentina v", categories: "^FINALE$", stage: final}
                audience: {base: {p50: 100k, p90: 120k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """);

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW);

        // then
        Map<String, Event> e = byId(s);
        assertEquals("QA", e.get("fd-391881").region());
        assertEquals("", e.get("fd-391930").region());
        assertEquals(StageKind.FINAL, e.get("fd-391950").stage().kind(), "FINALE, a typo the feed made, mapped");
        assertTrue(e.get("fd-391950").stage().knockout());
    }

    @Test
    void rule_matchingNoEntry_isAWarningAtItsLine() throws Exception {
        // given
        scenario("""
                  - {summary: "hosts", region: UK}
                  - {summary: "Semi", stage: semi-final}
                """);

        // when
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), NOW);

        // then
        List<String> w = s.warnings().stream().map(Diagnostic::format).map(this::relative).toList();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("prescale.yaml:6:5: warning: calendarRules[1]: calendar rule matches no entry "
                + "of the calendar (it matches on summary /Semi/)"), w.get(0));
    }

    @Test
    void rules_badRegexMissingGroupNothingToMatchOrSet_errorsAtFileLineField() throws Exception {
        // given
        scenario("""
                  - {summary: "(Group [A-L]", stage: group}
                  - {summary: "(.+) v (.+)", teams: ["$1", "$3"]}
                  - {stage: final}
                  - {location: "Wembley"}
                  - {summary: "x", stage: finale, kind: other}
                """);

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ScenarioLoader.load(dir, Optional.empty(), NOW));

        // then
        List<String> errors = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format)
                .map(this::relative).toList();
        assertEquals(5, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("prescale.yaml:5:15: error: calendarRules[0].summary: not a valid regular "
                + "expression: Unclosed group"), errors.get(0));
        assertTrue(errors.get(1).startsWith("prescale.yaml:6:37: error: calendarRules[1].teams: summary has no group $3"),
                errors.get(1));
        assertTrue(errors.get(2).startsWith("prescale.yaml:7:5: error: calendarRules[2]: a rule needs something to "
                + "match"), errors.get(2));
        assertTrue(errors.get(3).startsWith("prescale.yaml:8:5: error: calendarRules[3]: a rule needs something to "
                + "set"), errors.get(3));
        assertTrue(errors.get(4).startsWith("prescale.yaml:9:41: error: calendarRules[4].kind: a rule sets either "
                + "stage or kind"), errors.get(4));
    }
}
