package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.apply.MutableClock;
import io.prescale.providers.examples.ScenarioFolders;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * A published league feed as it comes (src/test/resources/feed: CRLF and folded lines, a VTIMEZONE per event,
 * floating times, one UID for two matches and one entry twice, a recurring show with an instance moved by
 * RECURRENCE-ID, a final with teams not known yet) through the daemon's reload, on a real PostgreSQL job store: the
 * feed re-published with new UIDs keeps every job, before and across a restart, and a feed that no longer parses
 * keeps the schedule.
 */
class FeedReloadTest {
    static final Instant START = Instant.parse("2030-06-01T00:00:00Z");
    static final Path FEED = Path.of("src/test/resources/feed");

    static EmbeddedPostgres pg;

    @TempDir
    Path tmp;
    Path scenario;
    StringWriter log;
    Daemon daemon;

    @BeforeAll
    static void postgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void start() throws Exception {
        scenario = ScenarioFolders.copy(FEED, tmp.resolve("league"));
        log = new StringWriter();
        // a database of its own per test: every test starts from an empty job store
        String db = "feed_" + Long.toHexString(System.nanoTime());
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        storeUrl = pg.getJdbcUrl("postgres", db);
        daemon = daemon();
        daemon.start(true);
    }

    String storeUrl;

    Daemon daemon() {
        MutableClock clock = new MutableClock(START);
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("edge-asg", 10);
        DaemonConfig cfg = DaemonConfig.defaults(scenario)
                .withStore(new StoreSpec.Postgres(storeUrl, Optional.of("postgres"), Optional.of("postgres")))
                .withHttpPort(0).withReloadInterval(Duration.ofHours(1)).withShutdownGrace(Duration.ofSeconds(5))
                .withAuditLog(tmp.resolve("audit.jsonl"));
        return new Daemon(cfg, new ProviderRegistry().register(asg.factory()), ProviderConfig.defaults(clock), clock,
                new PrintWriter(log, true));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    /** Every stored trigger of the group with its next fire time. */
    static Map<String, Instant> jobs(Daemon d) throws Exception {
        Map<String, Instant> out = new TreeMap<>();
        for (TriggerKey k : d.scheduler().getTriggerKeys(GroupMatcher.triggerGroupEquals(d.group()))) {
            Trigger t = d.scheduler().getTrigger(k);
            out.put(k.getName(), t.getNextFireTime().toInstant());
        }
        return out;
    }

    /** The feed as its publisher re-generates it: every UID new, the same one for the entries that shared one. */
    void republish(String generation) throws Exception {
        Path f = scenario.resolve("league.ics");
        Map<String, String> fresh = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^UID:([^\r\n]*)").matcher(Files.readString(f));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String uid = fresh.computeIfAbsent(m.group(1), u -> generation + "-" + Integer.toHexString(u.hashCode())
                    + "@cdn.example");
            m.appendReplacement(sb, Matcher.quoteReplacement("UID:" + uid));
        }
        m.appendTail(sb);
        assertTrue(fresh.size() == 6 && !sb.toString().contains("@league.example"), sb.toString());
        Files.writeString(f, sb.toString());
    }

    @Test
    void feed_asPublished_everyPatternScheduledAtItsKickoff() throws Exception {
        Map<String, Instant> jobs = jobs(daemon);

        // a VTIMEZONE per event: 21:00 Romance Standard Time and 15:00 Eastern are both 19:00Z; the edge layer
        // warms up 5m with a 10m lead and the pre-scale comes 3m earlier for the ramp
        assertEquals(Instant.parse("2030-06-12T18:07:00Z"), jobs.get("event/8f3a1c2e-0001@league.example/edge/scale-out"));
        assertEquals(Instant.parse("2030-06-14T18:07:00Z"), jobs.get("event/8f3a1c2e-0002@league.example/edge/scale-out"));
        // floating 20:00 in the feed's Europe/London is 19:00Z
        assertEquals(Instant.parse("2030-06-16T18:07:00Z"), jobs.get("event/8f3a1c2e-0003@league.example/edge/scale-out"));
        // two matches under one UID: the second planned under its content id
        assertEquals(Instant.parse("2030-06-19T18:07:00Z"), jobs.get("event/2030-06-19-germany-italy/edge/scale-out"));
        // the recurring show's second day moved an hour earlier by its RECURRENCE-ID, under the slot's id
        assertEquals(Instant.parse("2030-06-21T16:07:00Z"),
                jobs.get("event/8f3a1c2e-0005@league.example@20300621T1800/edge/scale-out"));
        assertEquals(Instant.parse("2030-06-22T17:07:00Z"),
                jobs.get("event/8f3a1c2e-0005@league.example@20300622T1800/edge/scale-out"));
        String said = log.toString();
        assertTrue(said.contains("duplicate UID '8f3a1c2e-0001@league.example': the entry on line 38 again (same start "
                + "and summary); skipped"), said);
        assertTrue(said.contains("duplicate UID '8f3a1c2e-0004@league.example' (also on line 67): 'Germany - Italy "
                + "(Group F)' planned under its content id '2030-06-19-germany-italy'"), said);
    }

    @Test
    void feed_republishedWithNewUids_keepsEveryJob_alsoAcrossARestart() throws Exception {
        // given
        Map<String, Instant> before = jobs(daemon);
        assertTrue(before.size() >= 20, before.toString());

        // when: re-published unchanged with new UIDs
        republish("gen2");
        Reconciler.Result r = daemon.reloadNow().orElseThrow();

        // then
        assertEquals(0, r.added() + r.deleted() + r.rescheduled(), r.changes().toString());
        assertEquals(before, jobs(daemon));
        assertTrue(log.toString().contains("event(s) under new ids in the calendar keep their jobs' ids"), log.toString());

        // when: re-published again while the daemon is down
        daemon.close();
        republish("gen3");
        daemon = daemon();
        Reconciler.Result restarted = daemon.start(true);

        // then: the store's events are what the new UIDs are matched against
        assertEquals(0, restarted.added() + restarted.deleted() + restarted.rescheduled(),
                restarted.changes().toString());
        assertEquals(before, jobs(daemon));
    }

    @Test
    void feed_movedMatchUnderANewUid_isAddedAndTheOldDeleted_aMovedMatchUnderItsUidIsRescheduled() throws Exception {
        // given: a match moved to another day under a new UID is another match as far as content goes
        Path f = scenario.resolve("league.ics");
        String text = Files.readString(f);
        Files.writeString(f, text.replace("UID:8f3a1c2e-0003@league.example", "UID:new-0003@league.example")
                .replace("DTSTART:20300616T200000", "DTSTART:20300617T200000")
                .replace("DTSTART;TZID=\"Eastern Standard Time\":20300614T150000",
                        "DTSTART;TZID=\"Eastern Standard Time\":20300614T160000"));

        // when
        Reconciler.Result r = daemon.reloadNow().orElseThrow();

        // then
        Map<String, Instant> jobs = jobs(daemon);
        assertEquals(Instant.parse("2030-06-17T18:07:00Z"), jobs.get("event/new-0003@league.example/edge/scale-out"));
        assertTrue(!jobs.containsKey("event/8f3a1c2e-0003@league.example/edge/scale-out"), jobs.toString());
        assertEquals(Instant.parse("2030-06-14T19:07:00Z"), jobs.get("event/8f3a1c2e-0002@league.example/edge/scale-out"));
        assertTrue(r.added() > 0 && r.deleted() > 0 && r.rescheduled() > 0, r.summary());
    }

    @Test
    void feed_reloadedBroken_keepsTheLastGoodScheduleAndSaysSo() throws Exception {
        // given
        Map<String, Instant> before = jobs(daemon);
        Path f = scenario.resolve("league.ics");
        String text = Files.readString(f);

        // when: the feed is cut off mid-entry, as a failed download leaves it
        Files.writeString(f, text.substring(0, text.indexOf("SUMMARY:Spain")));

        // then
        assertEquals(Optional.empty(), daemon.reloadNow());
        assertEquals(before, jobs(daemon));
        assertTrue(log.toString().contains("the scenario has errors; keeping the current schedule until they are fixed"),
                log.toString());
        assertTrue(log.toString().contains("league.ics"), log.toString());
        assertTrue(daemon.metrics().scrape().contains("prescale_calendar_valid 0.0"));

        // and a job kept acts on the calendar it was scheduled from, not on the broken one
        ExecutionStore.Execution run = DaemonTest.fire(daemon, "event/8f3a1c2e-0001@league.example/edge/scale-out");
        assertEquals(ExecutionState.DONE, run.state(), run.toString());
        assertTrue(log.toString().contains("; acting on its last good version sha256:"), log.toString());
    }
}
