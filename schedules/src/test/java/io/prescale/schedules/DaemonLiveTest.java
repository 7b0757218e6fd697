package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.apply.MutableClock;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The live controller inside the daemon: the 1998 World Cup live loop with its web layer on an Auto Scaling group
 * (in memory), observed from the real trace, the daemon's clock during Romania-England's final minutes. The live job
 * fires as Quartz would fire it for a minute; its execution is recorded per minute.
 */
class DaemonLiveTest {
    static final Path EXAMPLE = Path.of("../examples/worldcup-1998-website").toAbsolutePath().normalize();
    static final Instant MINUTE = Instant.parse("1998-06-22T20:41:00Z");

    @TempDir
    Path tmp;
    MutableClock clock;
    FakeProvider asg;
    Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("live"));
        Files.writeString(dir.resolve("layers.yaml"), Files.readString(EXAMPLE.resolve("loop/calibrated/layers.yaml"))
                .replace("target: {type: plan-only}", "target: {type: aws-asg, name: web-asg}"));
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: live
                zone: Europe/Paris
                plan: {quantile: p90, maxAge: 1h, horizon: 8d}
                calendar: {file: %s, zone: Europe/Paris}
                audience: %s
                shapes: %s
                layers: layers.yaml
                baseline: {web: 4}
                live:
                  delay: 3m
                  observe:
                    web: {type: trace, file: %s}
                """.formatted(EXAMPLE.resolve("schedule.csv"), EXAMPLE.resolve("loop/calibrated/audience.yaml"),
                EXAMPLE.resolve("loop/calibrated/shapes.yaml"),
                EXAMPLE.resolve("requests_per_minute_until_1998-06-26.csv")));
        clock = new MutableClock(MINUTE.plusSeconds(20));
        asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("web-asg", 11);
        daemon = new Daemon(DaemonConfig.defaults(dir).withStore(new StoreSpec.H2(tmp.resolve("store"))).withHttpPort(0)
                .withReloadInterval(Duration.ofHours(1)).withShutdownGrace(Duration.ofSeconds(5))
                .withAuditLog(tmp.resolve("audit.jsonl")), new ProviderRegistry().register(asg.factory()),
                ProviderConfig.defaults(clock), clock, new PrintWriter(new StringWriter(), true));
        daemon.start(true);
        // the trigger repeats every real minute; here the test fires it for the minutes it chooses
        daemon.scheduler().pauseTrigger(new TriggerKey("live/tick", daemon.group()));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    /** Fires the live job for {@code minute}, {@code times} in a row (a duplicate when more than once). */
    ExecutionStore.Execution fireLive(Instant minute, int times) throws Exception {
        Trigger t = daemon.scheduler().getTrigger(new TriggerKey("live/tick", daemon.group()));
        assertTrue(t != null, "no live trigger");
        JobDataMap data = new JobDataMap();
        data.putAll(t.getJobDataMap());
        data.put(JobData.FIRE_AT, minute.toString());
        JobKey jk = new JobKey("live/tick", daemon.group());
        DaemonTest.Completions done = DaemonTest.Completions.on(daemon);
        for (int i = 0; i < times; i++) {
            int before = done.count(jk);
            daemon.scheduler().triggerJob(jk, data);
            done.await(jk, before + 1);
        }
        return daemon.executions().find(ExecutionStore.key(daemon.group(), "live/tick", minute)).orElseThrow();
    }

    @Test
    void daemon_liveMinuteBeforeTheEnglandWhistle_raisesTheGroupOnceAndExportsTheDecision() throws Exception {
        // when: the minute fires twice (a duplicate, as a second node would)
        ExecutionStore.Execution e = fireLive(MINUTE, 2);

        // then
        assertEquals(ExecutionState.DONE, e.state(), e.result());
        assertTrue(e.result().contains("web RAISE") || e.result().contains("web HOLD"), e.result());
        String m = daemon.metrics().scrape();
        double asked = DaemonTest.value(m, "prescale_live_units_asked{layer=\"web\"}");
        double plan = DaemonTest.value(m, "prescale_live_plan_units{layer=\"web\"}");
        assertTrue(asked > plan, "asked " + asked + ", plan " + plan);
        assertEquals((int) asked, asg.units.get("web-asg"), "raised to what the controller asked");
        assertTrue(DaemonTest.value(m, "prescale_live_observed_forecast_ratio{layer=\"web\"}") > 1, m);
        assertEquals(1, DaemonTest.value(m, "prescale_jobs_duplicate_total{kind=\"live-tick\"}"),
                "the second fire of the minute found it recorded and did nothing");
        long raises = asg.calls.stream().filter(c -> c.kind().equals("set")).count();
        assertEquals(1, raises, "changed exactly once: " + asg.calls);
    }

    @Test
    void daemon_liveMinuteOutsideEveryMatch_isIdleAndChangesNothing() throws Exception {
        ExecutionStore.Execution e = fireLive(Instant.parse("1998-06-22T05:00:00Z"), 1);

        assertEquals(ExecutionState.DONE, e.state(), e.result());
        assertTrue(e.result().contains("no event on the observed layers may be live"), e.result());
        assertEquals(11, asg.units.get("web-asg"));
    }
}
