package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/** The reconciler against a real Quartz JDBC job store (embedded H2): only what changed is touched. */
class ReconcilerTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    @TempDir
    Path tmp;
    SchedulerStore store;
    Reconciler reconciler;

    @BeforeEach
    void open() {
        store = SchedulerStore.open(new StoreSpec.H2(tmp.resolve("store")), StoreSettings.DEFAULT);
        reconciler = new Reconciler(store.scheduler(), store.executions(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static List<DesiredJob> desired(Scenario s, Instant now) {
        return JobSchedule.compute(s, Fixtures.cupRecurring(now), now, JobSchedule.Settings.DEFAULT);
    }

    Map<String, Instant> stored() throws Exception {
        Map<String, Instant> m = new TreeMap<>();
        Scheduler s = store.scheduler();
        for (TriggerKey k : s.getTriggerKeys(GroupMatcher.triggerGroupEquals("cup"))) {
            Trigger t = s.getTrigger(k);
            m.put(k.getName(), t.getNextFireTime() == null ? Instant.EPOCH : t.getNextFireTime().toInstant());
        }
        return m;
    }

    @Test
    void reconcile_fresh_addsEveryJob_thenAnUnchangedCalendarChangesNothing() throws Exception {
        List<DesiredJob> jobs = desired(Fixtures.cup(NOW), NOW);

        Reconciler.Result first = reconciler.reconcile("cup", jobs);
        Reconciler.Result again = reconciler.reconcile("cup", desired(Fixtures.cup(NOW), NOW));

        assertEquals(jobs.size(), first.added());
        assertEquals(0, again.added() + again.rescheduled() + again.deleted(), again.changes().toString());
        assertEquals(jobs.size(), again.unchanged());
        Map<String, Instant> stored = stored();
        assertEquals(jobs.size(), stored.size());
        for (DesiredJob j : jobs) {
            if (j instanceof DesiredJob.OneShot o && !o.fireAt().isBefore(NOW)) {
                assertEquals(o.fireAt(), stored.get(o.name()), o.name());
            }
        }
        CronTrigger cron = (CronTrigger) store.scheduler().getTrigger(new TriggerKey("recurring/friday-show/scale-out", "cup"));
        assertEquals("0 30 21 ? * FRI", cron.getCronExpression());
        assertEquals("Europe/Stockholm", cron.getTimeZone().getID());
        assertEquals("cup:recurring/friday-show", cron.getCalendarName());
        assertNotNull(store.scheduler().getCalendar("cup:recurring/friday-show"));
        assertEquals(Instant.parse("2030-06-07T19:30:00Z"), cron.getNextFireTime().toInstant());
    }

    @Test
    void reconcile_movedEvent_reschedulesOnlyItsJobs() throws Exception {
        reconciler.reconcile("cup", desired(Fixtures.cup(NOW), NOW));
        Map<String, Instant> before = stored();

        Scenario delayed = Fixtures.mapEvents(Fixtures.cup(NOW), e -> e.id().equals("FINAL")
                ? e.withDelay(Duration.ofMinutes(40)) : e);
        Reconciler.Result r = reconciler.reconcile("cup", desired(delayed, NOW));

        assertEquals(6, r.rescheduled(), r.changes().toString());
        assertEquals(0, r.added() + r.deleted());
        Map<String, Instant> after = stored();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, t) -> assertEquals(k.startsWith("event/FINAL/") ? t.plus(Duration.ofMinutes(40)) : t,
                after.get(k), k));
    }

    @Test
    void reconcile_cancelledEvent_deletesItsJobs_andItsPendingScaleDownsRunNow() throws Exception {
        reconciler.reconcile("cup", desired(Fixtures.cup(NOW), NOW));

        Scenario cancelled = Fixtures.mapEvents(Fixtures.cup(NOW), e -> e.id().equals("FINAL") ? null : e);
        Reconciler.Result r = reconciler.reconcile("cup", desired(cancelled, NOW));
        Reconciler.Result again = reconciler.reconcile("cup", desired(cancelled, NOW));

        assertEquals(4, r.deleted(), r.changes().toString());   // scale-outs and checks
        assertEquals(2, r.rescheduled(), r.changes().toString()); // scale-downs: now, scaling in only when safe
        Map<String, Instant> stored = stored();
        assertEquals(NOW, stored.get("event/FINAL/edge/scale-down"));
        assertFalse(stored.containsKey("event/FINAL/edge/scale-out"));
        assertFalse(again.changedAnything(), again.changes().toString());
    }

    @Test
    void reconcile_pausedJob_staysPausedWhenItsEventMoves() throws Exception {
        reconciler.reconcile("cup", desired(Fixtures.cup(NOW), NOW));
        TriggerKey k = new TriggerKey("event/FINAL/edge/scale-out", "cup");
        store.scheduler().pauseTrigger(k);

        Scenario delayed = Fixtures.mapEvents(Fixtures.cup(NOW), e -> e.id().equals("FINAL")
                ? e.withDelay(Duration.ofMinutes(10)) : e);
        reconciler.reconcile("cup", desired(delayed, NOW));

        assertEquals(Trigger.TriggerState.PAUSED, store.scheduler().getTriggerState(k));
        assertEquals(Instant.parse("2030-06-20T18:17:00Z"), store.scheduler().getTrigger(k).getNextFireTime().toInstant());
    }

    @Test
    void reconcile_pastJobAlreadyRun_isNotAddedAgain() throws Exception {
        // mid-G1: its pre-scale (17:07) is past but G1 has not ended, so it is desired (to run late) ...
        Instant mid = Instant.parse("2030-06-12T18:30:00Z");
        Reconciler late = new Reconciler(store.scheduler(), store.executions(), Clock.fixed(mid, ZoneOffset.UTC));
        Instant at = Instant.parse("2030-06-12T17:07:00Z");
        // ... unless its execution is recorded
        String key = ExecutionStore.key("cup", "event/G1/edge/scale-out", at);
        store.executions().claim(key, "cup", "event/G1/edge/scale-out", at, at);
        store.executions().finish(key, ExecutionState.DONE, "APPLIED", at);

        Reconciler.Result r = late.reconcile("cup", desired(Fixtures.cup(mid), mid));

        Map<String, Instant> stored = stored();
        assertFalse(stored.containsKey("event/G1/edge/scale-out"), stored.toString());
        assertTrue(stored.containsKey("event/G1/api/scale-out"), "not run yet: added, it fires at once");
        assertEquals(1, r.alreadyRun());
    }

    @Test
    void reconcile_twoDaemonsAtOnce_scheduleNothingTwice() throws Exception {
        try (SchedulerStore other = SchedulerStore.open(new StoreSpec.H2(tmp.resolve("store")), StoreSettings.DEFAULT)) {
            Reconciler second = new Reconciler(other.scheduler(), other.executions(), Clock.fixed(NOW, ZoneOffset.UTC));
            List<DesiredJob> jobs = desired(Fixtures.cup(NOW), NOW);
            ExecutorService ex = Executors.newFixedThreadPool(2);
            List<Future<Reconciler.Result>> fs = new ArrayList<>();
            fs.add(ex.submit(() -> reconciler.reconcile("cup", jobs)));
            fs.add(ex.submit(() -> second.reconcile("cup", jobs)));
            int added = 0;
            for (Future<Reconciler.Result> f : fs) {
                added += f.get().added();
            }
            ex.shutdown();

            assertEquals(jobs.size(), stored().size());
            assertTrue(added >= jobs.size() && added <= 2 * jobs.size());
            assertFalse(reconciler.reconcile("cup", jobs).changedAnything());
        }
    }
}
