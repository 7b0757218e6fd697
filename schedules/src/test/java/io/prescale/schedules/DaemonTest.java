package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.apply.MutableClock;
import io.prescale.providers.examples.ScenarioFolders;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The daemon against a clock the test advances, on the embedded job store, applying through in-memory providers.
 * The fixture's events are in 2030, so Quartz never fires them on its own: the test advances the daemon's clock to
 * a job's time and fires the job through the scheduler, as Quartz would (same job class, factory, records).
 */
class DaemonTest {
    static final Instant START = Instant.parse("2030-06-01T00:00:00Z");

    @TempDir
    Path tmp;
    Path scenario;
    MutableClock clock;
    FakeProvider asg;
    FakeProvider pods;
    StringWriter log;
    Daemon daemon;

    @BeforeEach
    void start() {
        scenario = ScenarioFolders.copy(Fixtures.CUP, tmp.resolve("cup"));
        clock = new MutableClock(START);
        AtomicLong seq = new AtomicLong();
        asg = new FakeProvider("aws-asg", seq);
        pods = new FakeProvider("k8s-deployment", seq);
        asg.units.put("edge-asg", 10);
        pods.units.put("web/api", 4);
        log = new StringWriter();
        daemon = new Daemon(config(), new ProviderRegistry().register(asg.factory()).register(pods.factory()),
                ProviderConfig.defaults(clock), clock, new PrintWriter(log, true));
        daemon.start(true);
    }

    DaemonConfig config() {
        return DaemonConfig.defaults(scenario).withStore(new StoreSpec.H2(tmp.resolve("store"))).withHttpPort(0)
                .withReloadInterval(Duration.ofHours(1)).withShutdownGrace(Duration.ofSeconds(5))
                .withAuditLog(tmp.resolve("audit.jsonl"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    /**
     * Fires a stored one-off job now, {@code times} times in a row, as Quartz does at its time (a duplicate fire
     * when more than once), waits for each run to finish, then removes the trigger as Quartz does after it fired.
     */
    static ExecutionStore.Execution fire(Daemon d, String name, int times) throws Exception {
        TriggerKey tk = new TriggerKey(name, d.group());
        Trigger t = d.scheduler().getTrigger(tk);
        assertTrue(t != null, "no trigger " + name);
        JobDataMap data = new JobDataMap();
        data.putAll(t.getJobDataMap());
        JobKey jk = new JobKey(name, d.group());
        Completions done = Completions.on(d);
        for (int i = 0; i < times; i++) {
            int before = done.count(jk);
            d.scheduler().triggerJob(jk, data);
            done.await(jk, before + 1);
        }
        d.scheduler().unscheduleJob(tk);
        return d.executions().find(ExecutionStore.key(d.group(), name, Instant.parse(data.getString(JobData.FIRE_AT))))
                .orElseThrow();
    }

    static ExecutionStore.Execution fire(Daemon d, String name) throws Exception {
        return fire(d, name, 1);
    }

    /** Counts finished runs per job. */
    static final class Completions extends org.quartz.listeners.JobListenerSupport {
        private final java.util.Map<JobKey, Integer> counts = new java.util.HashMap<>();

        static Completions on(Daemon d) throws Exception {
            org.quartz.JobListener l = d.scheduler().getListenerManager().getJobListener("test-completions");
            if (l == null) {
                l = new Completions();
                d.scheduler().getListenerManager().addJobListener(l);
            }
            return (Completions) l;
        }

        @Override
        public String getName() {
            return "test-completions";
        }

        @Override
        public synchronized void jobWasExecuted(org.quartz.JobExecutionContext c, org.quartz.JobExecutionException e) {
            counts.merge(c.getJobDetail().getKey(), 1, Integer::sum);
            notifyAll();
        }

        synchronized int count(JobKey k) {
            return counts.getOrDefault(k, 0);
        }

        synchronized void await(JobKey k, int n) throws InterruptedException {
            long end = System.currentTimeMillis() + 20_000;
            while (count(k) < n) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("job " + k + " did not finish");
                }
                wait(left);
            }
        }
    }

    /** A sample's value in the Prometheus text format. */
    static double value(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).strip());
            }
        }
        throw new AssertionError("no sample " + sample + " in\n" + metrics);
    }

    static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void daemon_start_schedulesTheCalendar_andServesHealthAndMetrics() throws Exception {
        assertEquals(17, Reconciler.count(daemon.scheduler(), "cup"));
        assertTrue(daemon.scheduler().checkExists(new TriggerKey("event/FINAL/edge/scale-out", "cup")));

        assertTrue(get(daemon.httpPort(), "/healthz").startsWith("200 "));
        assertTrue(get(daemon.httpPort(), "/readyz").startsWith("200 "));
        String metrics = get(daemon.httpPort(), "/metrics");
        assertTrue(metrics.contains("prescale_jobs_scheduled 17.0"), metrics);
        assertEquals(Instant.parse("2030-06-20T18:07:00Z").getEpochSecond(),
                value(metrics, "prescale_job_next_fire_seconds{event=\"FINAL\"}"), 0.5);
        assertTrue(metrics.contains("prescale_calendar_valid 1.0"), metrics);
    }

    @Test
    void daemon_eventDay_prescalesChecksAndScalesDown() throws Exception {
        clock.set(Instant.parse("2030-06-20T18:07:00Z"));
        ExecutionStore.Execution out = fire(daemon, "event/FINAL/edge/scale-out");
        assertEquals(ExecutionState.DONE, out.state(), out.result());
        assertEquals(63, asg.units.get("edge-asg"));

        clock.set(Instant.parse("2030-06-20T18:14:00Z"));
        fire(daemon, "event/FINAL/api/scale-out");
        assertEquals(125, pods.units.get("web/api"));

        clock.set(Instant.parse("2030-06-20T18:50:00Z"));
        ExecutionStore.Execution check = fire(daemon, "event/FINAL/edge/check");
        assertEquals(ExecutionState.DONE, check.state());
        assertTrue(check.result().startsWith("in place: 63 >= 63"), check.result());

        clock.set(Instant.parse("2030-06-20T22:17:00Z"));
        ExecutionStore.Execution down = fire(daemon, "event/FINAL/edge/scale-down");
        assertEquals(ExecutionState.DONE, down.state(), down.result());
        assertEquals(10, asg.units.get("edge-asg"));
        assertEquals(2, asg.mutations(), asg.calls.toString());
        assertTrue(Files.readString(tmp.resolve("audit.jsonl")).contains("\"layer\":\"edge\""));
    }

    @Test
    void daemon_scaleDownWithTheGroupUnreadable_failsAlertsAndIsRetriedUntilItWorks() throws Exception {
        // given: the event's pre-scale ran; at scale-down time the group cannot be read
        clock.set(Instant.parse("2030-06-20T18:07:00Z"));
        fire(daemon, "event/FINAL/edge/scale-out");
        assertEquals(63, asg.units.get("edge-asg"));
        clock.set(Instant.parse("2030-06-20T22:17:00Z"));
        asg.unreadable.add("edge-asg");

        // when
        ExecutionStore.Execution down = fire(daemon, "event/FINAL/edge/scale-down");

        // then: not "nothing due" but a failure, an alert, and a retry a minute later
        assertEquals(ExecutionState.FAILED, down.state(), down.result());
        assertTrue(down.result().contains("1 of 2 targets unreadable") || down.result().contains("unreadable"),
                down.result());
        assertEquals(1, value(daemon.metrics().scrape(), "prescale_actions_failing"));
        JobKey jk = new JobKey("event/FINAL/edge/scale-down", daemon.group());
        Trigger retry = daemon.scheduler().getTriggersOfJob(jk).stream()
                .filter(t -> "1".equals(t.getJobDataMap().getString(JobData.ATTEMPT))).findFirst().orElseThrow();
        assertEquals(clock.instant().plusSeconds(60), retry.getNextFireTime().toInstant());

        // and when the group can be read again, the retry scales it in and the alert clears
        asg.unreadable.clear();
        clock.set(retry.getNextFireTime().toInstant());
        Completions done = Completions.on(daemon);
        int before = done.count(jk);
        JobDataMap data = new JobDataMap();
        data.putAll(retry.getJobDataMap());
        daemon.scheduler().triggerJob(jk, data);
        done.await(jk, before + 1);
        ExecutionStore.Execution again = daemon.executions().find(ExecutionStore.key(daemon.group(),
                "event/FINAL/edge/scale-down", Instant.parse(data.getString(JobData.FIRE_AT))) + "#retry-1").orElseThrow();
        assertEquals(ExecutionState.DONE, again.state(), again.result());
        assertEquals(10, asg.units.get("edge-asg"));
        assertEquals(0, value(daemon.metrics().scrape(), "prescale_actions_failing"));
    }

    @Test
    void daemon_checkWithInstancesNotYetInService_failsAndIsCheckedAgain() throws Exception {
        // given: the pre-scale asked for 63 instances; only 20 are in service ten minutes before kickoff
        clock.set(Instant.parse("2030-06-20T18:07:00Z"));
        fire(daemon, "event/FINAL/edge/scale-out");
        asg.serving.put("edge-asg", 20);
        clock.set(Instant.parse("2030-06-20T18:50:00Z"));

        // when
        ExecutionStore.Execution check = fire(daemon, "event/FINAL/edge/check");

        // then
        assertEquals(ExecutionState.FAILED, check.state(), check.result());
        assertTrue(check.result().startsWith("not yet serving: 20 of 63"), check.result());
        assertEquals(43, value(daemon.metrics().scrape(),
                "prescale_capacity_short_units{event=\"FINAL\",layer=\"edge\"}"));
        JobKey jk = new JobKey("event/FINAL/edge/check", daemon.group());
        assertTrue(daemon.scheduler().getTriggersOfJob(jk).stream()
                .anyMatch(t -> "1".equals(t.getJobDataMap().getString(JobData.ATTEMPT))), "checked again");
        assertEquals(1, asg.mutations(), "nothing re-applied: the capacity was asked for, it is coming up");
    }

    @Test
    void daemon_duplicateFire_hasOneEffect() throws Exception {
        clock.set(Instant.parse("2030-06-20T18:07:00Z"));

        ExecutionStore.Execution e = fire(daemon, "event/FINAL/edge/scale-out", 3);

        assertEquals(1, asg.mutations(), asg.calls.toString());
        assertEquals(63, asg.units.get("edge-asg"));
        assertEquals(ExecutionState.DONE, e.state());
        assertEquals(1, e.attempts());
        assertTrue(log.toString().contains("duplicate fire of cup/event/FINAL/edge/scale-out@2030-06-20T18:07:00Z ignored"),
                log.toString());
        assertEquals(2, value(daemon.metrics().scrape(), "prescale_jobs_duplicate_total{kind=\"scale-out\"}"), 0.1);
    }

    @Test
    void daemon_checkFindsCapacityShort_reappliesIt() throws Exception {
        clock.set(Instant.parse("2030-06-20T18:07:00Z"));
        fire(daemon, "event/FINAL/edge/scale-out");
        asg.units.put("edge-asg", 20); // scaled in behind prescale's back

        clock.set(Instant.parse("2030-06-20T18:50:00Z"));
        ExecutionStore.Execution check = fire(daemon, "event/FINAL/edge/check");

        assertEquals(ExecutionState.DONE, check.state(), check.result());
        assertTrue(check.result().contains("was short (20 of 63 instances), re-applied: now 63"), check.result());
        assertEquals(63, asg.units.get("edge-asg"));
    }

    @Test
    void daemon_checkStillShortAfterReapplying_reportsMetricAndLogLine() throws Exception {
        asg.failing.add("edge-asg");

        clock.set(Instant.parse("2030-06-20T18:50:00Z"));
        ExecutionStore.Execution check = fire(daemon, "event/FINAL/edge/check");

        assertEquals(ExecutionState.FAILED, check.state());
        assertTrue(check.result().startsWith("capacity short: 10 of 63 instances"), check.result());
        assertTrue(log.toString().contains("CAPACITY SHORT for FINAL on edge: 10 of 63 instances"), log.toString());
        String m = daemon.metrics().scrape();
        assertEquals(53, value(m, "prescale_capacity_short_units{event=\"FINAL\",layer=\"edge\"}"), 0.1);
        assertEquals(1, value(m, "prescale_jobs_failed_total{kind=\"check\"}"), 0.1);
    }

    @Test
    void daemon_latePrescale_runsWhileTheEventIsOn_isSkippedOnceItEnded() throws Exception {
        // the daemon was down at 18:07 and comes back at half-time: the pre-scale still runs
        clock.set(Instant.parse("2030-06-20T19:50:00Z"));
        ExecutionStore.Execution late = fire(daemon, "event/FINAL/api/scale-out");
        assertEquals(ExecutionState.DONE, late.state(), late.result());
        assertTrue(pods.units.get("web/api") > 4);

        // after the latest possible end (22:02) a pre-scale is pointless: skipped
        clock.set(Instant.parse("2030-06-20T22:05:00Z"));
        ExecutionStore.Execution skipped = fire(daemon, "event/FINAL/edge/scale-out");
        assertEquals(ExecutionState.SKIPPED, skipped.state());
        assertTrue(skipped.result().startsWith("late: event FINAL ended at 2030-06-20T22:02:00Z"), skipped.result());
        assertEquals(10, asg.units.get("edge-asg"));
    }

    @Test
    void daemon_calendarEdited_movesAndCancelsJobs_keepsThemWhileTheFileIsBroken() throws Exception {
        Path fixtures = scenario.resolve("fixtures.yaml");
        String text = Files.readString(fixtures);
        Files.writeString(fixtures, text.replace("kickoff: 2030-06-20T19:00:00Z}", "kickoff: 2030-06-20T19:00:00Z, delay: 45m}"));

        Reconciler.Result moved = daemon.reloadNow().orElseThrow();
        assertEquals(6, moved.rescheduled(), moved.changes().toString());
        assertEquals(Instant.parse("2030-06-20T18:52:00Z"), daemon.scheduler().getTrigger(
                new TriggerKey("event/FINAL/edge/scale-out", "cup")).getNextFireTime().toInstant());

        Files.writeString(fixtures, text.replace("  - {id: G1, stage: group, teams: [A, B], kickoff: 2030-06-12T18:00:00Z}\n", ""));
        Reconciler.Result cancelled = daemon.reloadNow().orElseThrow();
        assertFalse(daemon.scheduler().checkExists(new TriggerKey("event/G1/edge/scale-out", "cup")));
        assertTrue(daemon.scheduler().checkExists(new TriggerKey("event/G2/edge/scale-out", "cup")),
                "G2 now drives its own pre-scale: " + cancelled.changes());

        Files.writeString(fixtures, "events:\n  - {id: X, kickoff: not-a-time}\n");
        int before = Reconciler.count(daemon.scheduler(), "cup");
        assertEquals(Optional.empty(), daemon.reloadNow());
        assertEquals(before, Reconciler.count(daemon.scheduler(), "cup"));
        assertTrue(log.toString().contains("the scenario has errors; keeping the current schedule"), log.toString());
        assertTrue(daemon.metrics().scrape().contains("prescale_calendar_valid 0.0"));
    }

    @Test
    void daemon_restart_keepsTheScheduleAndTheRecords() throws Exception {
        fire(daemon, "event/FINAL/edge/scale-out");   // at START: re-plans, nothing is due yet, recorded DONE
        daemon.close();

        daemon = new Daemon(config(), new ProviderRegistry().register(asg.factory()).register(pods.factory()),
                ProviderConfig.defaults(clock), clock, new PrintWriter(log, true));
        Reconciler.Result r = daemon.start(true);

        assertEquals(0, r.added() + r.deleted() + r.rescheduled(), r.changes().toString());
        assertEquals(1, r.alreadyRun(), "the job that ran is not scheduled again");
        assertEquals(16, r.unchanged());
        assertEquals(ExecutionState.DONE, daemon.executions().find(ExecutionStore.key("cup",
                "event/FINAL/edge/scale-out", Instant.parse("2030-06-20T18:07:00Z"))).orElseThrow().state());
    }
}
