package io.prescale.schedules;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One scheduler instance of the cluster tests, in its own JVM so a test can SIGKILL it: the production job store
 * set-up (PostgreSQL, clustered) and job runtime (execution records). The action is {@link DesiredStateHandler};
 * given an Auto Scaling endpoint and a clock skew, it is the real apply path instead ({@link ApplyActionHandler},
 * AWS credentials from the environment). Database credentials come from PRESCALE_DB_USER / PRESCALE_DB_PASSWORD.
 * Prints READY once started; SIGTERM stops it gracefully.
 * <pre>java -cp ... io.prescale.schedules.SchedulerNodeMain jdbc:postgresql://... node-1 2000 [http://127.0.0.1:port 30]</pre>
 */
public final class SchedulerNodeMain {
    private SchedulerNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String instance = args[1];
        Duration checkin = Duration.ofMillis(Long.parseLong(args[2]));
        PrintWriter out = new PrintWriter(System.out, true);
        boolean realApply = args.length >= 5;
        Clock clock = realApply ? Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Long.parseLong(args[4])))
                : Clock.systemUTC();
        DaemonLog log = new DaemonLog(out, clock);
        StoreSpec spec = new StoreSpec.Postgres(url, Optional.ofNullable(System.getenv("PRESCALE_DB_USER")),
                Optional.ofNullable(System.getenv("PRESCALE_DB_PASSWORD")));
        SchedulerStore store = SchedulerStore.open(spec, StoreSettings.DEFAULT.withInstanceId(instance).withThreads(3)
                .withCheckinInterval(checkin));
        ActionHandler handler = realApply ? new ApplyActionHandler(java.net.URI.create(args[3]), clock)
                : new DesiredStateHandler(store.dataSource(), instance);
        JobRuntime rt = new JobRuntime(store.executions(), handler, clock, new DaemonMetrics(), log);
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
