package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The league feed the daemon's reload tests use (schedules/src/test/resources/feed: CRLF and folded lines, a
 * VTIMEZONE per event, floating times in X-WR-TIMEZONE, one UID for two matches and one entry twice, a recurring
 * show with an instance moved by RECURRENCE-ID, a final with teams not known yet) through {@code plan}.
 */
class FeedPatternsPlanTest {
    static final Path FEED = Path.of("../schedules/src/test/resources/feed");

    @TempDir
    Path dir;

    CliRun plan() throws Exception {
        return CliTest.run("plan", dir.toString(), "--at", "2030-06-01T00:00:00Z", "--no-save");
    }

    @Test
    void plan_leagueFeedAsPublished_everyEntryAtItsKickoffAndEachOddityNamed() throws Exception {
        // given
        for (String f : List.of("prescale.yaml", "league.ics")) {
            Files.copy(FEED.resolve(f), dir.resolve(f));
        }

        // when
        CliRun r = plan();

        // then
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("prescale plan: league, 9 event(s)"), out);
        // a VTIMEZONE per event (21:00 Paris, 15:00 New York) and a floating 20:00 London: all 19:00Z
        for (String row : List.of("France v Brazil    Jun 12 20:00 BST  group", "USA v Mexico       Jun 14 20:00 BST  group",
                "England v Croatia  Jun 16 20:00 BST  group", "Germany v Italy    Jun 19 20:00 BST  group",
                "-                  Jun 21 18:00 BST  studio", "-                  Jul 19 20:00 BST  final (KO)")) {
            assertTrue(out.contains(row), row + "\n" + out);
        }
        assertTrue(out.contains("France vs Brazil (Group C) kickoff Jun 12 20:00 BST"), "a folded SUMMARY unfolded: " + out);
        assertTrue(out.contains("league.ics:46: warning: UID: duplicate UID '8f3a1c2e-0001@league.example': the entry "
                + "on line 38 again (same start and summary); skipped"), out);
        assertTrue(out.contains("league.ics:73: warning: UID: duplicate UID '8f3a1c2e-0004@league.example' (also on "
                + "line 67): 'Germany - Italy (Group F)' planned under its content id '2030-06-19-germany-italy'"), out);
    }

    @Test
    void plan_leagueFeedRepublishedWithNewUids_samePlanButTheIds() throws Exception {
        // given
        Files.copy(FEED.resolve("prescale.yaml"), dir.resolve("prescale.yaml"));
        String feed = Files.readString(FEED.resolve("league.ics"));
        Files.writeString(dir.resolve("league.ics"), feed);
        String first = plan().out();

        // when
        Files.writeString(dir.resolve("league.ics"), feed.replace("8f3a1c2e-", "c0ffee00-"));
        String second = plan().out();

        // then
        assertTrue(second.contains("c0ffee00-0002@league.example"), second);
        assertEquals(first.replace("8f3a1c2e-", "c0ffee00-"), second);
    }
}
