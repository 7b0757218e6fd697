package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.apply.MutableClock;
import io.prescale.providers.examples.ScenarioFolders;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.TriggerKey;

/** The daemon on wall time (Quartz firing a cron trigger by itself), and its graceful shutdown. */
class DaemonLifecycleTest {
    @TempDir
    Path tmp;

    static void await(BooleanSupplier c, Duration d, String what) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void recurring_cronFiresOnWallTime_holdsThenReleases() throws Exception {
        FakeProvider pods = new FakeProvider("k8s-deployment", new AtomicLong());
        pods.units.put("web/site", 4);
        StringWriter log = new StringWriter();
        Clock clock = Clock.systemUTC();
        DaemonConfig cfg = DaemonConfig.defaults(Path.of("src/test/resources/show"))
                .withStore(new StoreSpec.H2(tmp.resolve("store"))).withHttpPort(0)
                .withReloadInterval(Duration.ofMillis(300)).withResyncInterval(Duration.ofMillis(500))
                .withAuditLog(tmp.resolve("audit.jsonl"));
        try (Daemon d = new Daemon(cfg, new ProviderRegistry().register(pods.factory()), ProviderConfig.defaults(clock),
                clock, new PrintWriter(log, true))) {
            d.start(true);

            await(() -> ran(d, "recurring/every-4s/scale-out", "APPLIED web 4 -> 40"), Duration.ofSeconds(10),
                    "the hold: " + log);
            await(() -> ran(d, "recurring/every-4s/release-", "APPLIED web 40 -> 4"), Duration.ofSeconds(8),
                    "the release: " + log);

            List<ExecutionStore.Execution> ran = d.executions().history("show", Optional.empty(), 50);
            // each firing is executed once, keyed by its occurrence (a multiple of 4 seconds)
            ran.stream().filter(e -> e.name().endsWith("/scale-out"))
                    .forEach(e -> assertEquals(0, e.scheduledFor().getEpochSecond() % 4, e.key()));
        }
    }

    static boolean ran(Daemon d, String job, String result) {
        return d.executions().history("show", Optional.empty(), 100).stream().anyMatch(e -> e.name().startsWith(job)
                && e.state() == ExecutionState.DONE && e.result().contains(result));
    }

    @Test
    void daemonStartedLate_missedPrescalesMisfire_andRunBecauseTheEventHasNotEnded() throws Exception {
        // an event kicking off in 5 minutes (wall time): its pre-scales were due 46 and 53 minutes ago
        Path dir = ScenarioFolders.copy(Fixtures.CUP, tmp.resolve("late"));
        Instant kickoff = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
        java.nio.file.Files.writeString(dir.resolve("fixtures.yaml"),
                "events:\n  - {id: LATE, stage: group, teams: [A, B], kickoff: " + kickoff + "}\n");
        AtomicLong seq = new AtomicLong();
        FakeProvider asg = new FakeProvider("aws-asg", seq);
        FakeProvider pods = new FakeProvider("k8s-deployment", seq);
        asg.units.put("edge-asg", 10);
        pods.units.put("web/api", 4);
        StringWriter log = new StringWriter();
        Clock clock = Clock.systemUTC();
        DaemonConfig cfg = DaemonConfig.defaults(dir).withStore(new StoreSpec.H2(tmp.resolve("store"))).withHttpPort(0)
                .withReloadInterval(Duration.ofHours(1)).withAuditLog(tmp.resolve("audit.jsonl"));
        try (Daemon d = new Daemon(cfg, new ProviderRegistry().register(asg.factory()).register(pods.factory()),
                ProviderConfig.defaults(clock), clock, new PrintWriter(log, true))) {
            d.start(true);

            await(() -> d.executions().history("cup", Optional.of("event/LATE/edge/scale-out"), 1).stream()
                    .anyMatch(e -> e.state() == ExecutionState.DONE), Duration.ofSeconds(15), "the late pre-scale: " + log);
            assertEquals(63, asg.units.get("edge-asg"));
            await(() -> pods.units.get("web/api") > 4, Duration.ofSeconds(10), "the late api pre-scale: " + log);
            assertTrue(log.toString().contains("misfired cup/event/LATE/edge/scale-out"), log.toString());
            assertTrue(DaemonTest.value(d.metrics().scrape(), "prescale_jobs_misfired_total{kind=\"scale-out\"}") >= 1);
        }
    }

    /** A handler that takes its time, like a slow cloud API. */
    static ActionHandler slow(Duration d) {
        return (a, now) -> {
            Thread.sleep(d.toMillis());
            return ActionOutcome.done("done after " + d);
        };
    }

    Daemon daemon(ActionHandler h, Duration grace, StringWriter log) {
        DaemonConfig cfg = DaemonConfig.defaults(Fixtures.CUP).withStore(new StoreSpec.H2(tmp.resolve("store")))
                .withHttpPort(0).withReloadInterval(Duration.ofHours(1)).withShutdownGrace(grace);
        Daemon d = new Daemon(cfg, new MutableClock(Instant.parse("2030-06-20T18:07:00Z")), new PrintWriter(log, true), h);
        d.start(true);
        return d;
    }

    static String startJob(Daemon d, String name) throws Exception {
        JobDataMap data = new JobDataMap();
        data.putAll(d.scheduler().getTrigger(new TriggerKey(name, "cup")).getJobDataMap());
        d.scheduler().triggerJob(new JobKey(name, "cup"), data);
        await(() -> d.runtime().runningCount() == 1, Duration.ofSeconds(10), "the job to start");
        return ExecutionStore.key("cup", name, Instant.parse(data.getString(JobData.FIRE_AT)));
    }

    @Test
    void shutdown_letsARunningActionFinish() throws Exception {
        StringWriter log = new StringWriter();
        Daemon d = daemon(slow(Duration.ofMillis(1500)), Duration.ofSeconds(10), log);
        String key = startJob(d, "event/FINAL/edge/scale-out");
        SchedulerStore store = d.store();

        d.close();

        try (SchedulerStore again = SchedulerStore.open(new StoreSpec.H2(tmp.resolve("store")), StoreSettings.DEFAULT)) {
            ExecutionStore.Execution e = again.executions().find(key).orElseThrow();
            assertEquals(ExecutionState.DONE, e.state(), log.toString());
        }
        assertTrue(store.scheduler().isShutdown());
    }

    @Test
    void shutdown_pastTheGrace_abandonsTheAction_andTheNextStartCompletesIt() throws Exception {
        StringWriter log = new StringWriter();
        Daemon d = daemon(slow(Duration.ofSeconds(30)), Duration.ofMillis(200), log);
        String key = startJob(d, "event/FINAL/edge/scale-out");

        long t0 = System.nanoTime();
        d.close();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "a stuck action does not block the stop");
        assertTrue(log.toString().contains(key + " abandoned at shutdown"), log.toString());

        Daemon next = daemon(slow(Duration.ZERO), Duration.ofSeconds(5), log);
        try {
            assertEquals(ExecutionState.ABANDONED, next.executions().find(key).orElseThrow().state());
            DaemonTest.fire(next, "event/FINAL/edge/scale-out");
            ExecutionStore.Execution e = next.executions().find(key).orElseThrow();
            assertEquals(ExecutionState.DONE, e.state());
            assertEquals(2, e.attempts());
            assertTrue(log.toString().contains("taken over from local (abandoned); completing it"), log.toString());
        } finally {
            next.close();
        }
    }
}
