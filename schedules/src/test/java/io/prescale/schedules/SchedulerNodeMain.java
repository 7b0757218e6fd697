package io.prescale.schedules;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One scheduler instance of the cluster test, in its own JVM so the test can SIGKILL it: the production job store
 * set-up (PostgreSQL, clustered) and job runtime (execution records), with {@link DesiredStateHandler} as the
 * action. Credentials come from PRESCALE_DB_USER / PRESCALE_DB_PASSWORD. Prints READY once started; SIGTERM stops
 * it gracefully.
 * <pre>java -cp ... io.prescale.schedules.SchedulerNodeMain jdbc:postgresql://... node-1 2000</pre>
 */
public final class SchedulerNodeMain {
    private SchedulerNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String instance = args[1];
        Duration checkin = Duration.ofMillis(Long.parseLong(args[2]));
        PrintWriter out = new PrintWriter(System.out, true);
        Clock clock = Clock.systemUTC();
        DaemonLog log = new DaemonLog(out, clock);
        StoreSpec spec = new StoreSpec.Postgres(url, Optional.ofNullable(System.getenv("PRESCALE_DB_USER")),
                Optional.ofNullable(System.getenv("PRESCALE_DB_PASSWORD")));
        SchedulerStore store = SchedulerStore.open(spec, StoreSettings.DEFAULT.withInstanceId(instance).withThreads(3)
                .withCheckinInterval(checkin));
        JobRuntime rt = new JobRuntime(store.executions(), new DesiredStateHandler(store.dataSource(), instance), clock,
                new DaemonMetrics(), log);
        rt.attach(store.scheduler());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping " + instance);
            try {
                store.scheduler().shutdown(true);
            } catch (org.quartz.SchedulerException e) {
                log.error(e.getMessage());
            }
            store.close();
            stopped.countDown();
        }));
        store.scheduler().start();
        log.info("READY " + store.instanceId());
        stopped.await();
    }
}
