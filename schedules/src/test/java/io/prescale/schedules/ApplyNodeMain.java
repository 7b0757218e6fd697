package io.prescale.schedules;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One cluster instance running the real apply path ({@link ApplyActionHandler}) against the Auto Scaling fake at
 * {@code endpoint}, its clock skewed by {@code skewSeconds}. AWS credentials come from the environment.
 * <pre>java -cp ... io.prescale.schedules.ApplyNodeMain jdbc:postgresql://... node-1 2000 http://127.0.0.1:port 30</pre>
 */
public final class ApplyNodeMain {
    private ApplyNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String instance = args[1];
        Duration checkin = Duration.ofMillis(Long.parseLong(args[2]));
        URI endpoint = URI.create(args[3]);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Long.parseLong(args[4])));
        PrintWriter out = new PrintWriter(System.out, true);
        DaemonLog log = new DaemonLog(out, clock);
        StoreSpec spec = new StoreSpec.Postgres(url, Optional.ofNullable(System.getenv("PRESCALE_DB_USER")),
                Optional.ofNullable(System.getenv("PRESCALE_DB_PASSWORD")));
        SchedulerStore store = SchedulerStore.open(spec, StoreSettings.DEFAULT.withInstanceId(instance).withThreads(3)
                .withCheckinInterval(checkin));
        JobRuntime rt = new JobRuntime(store.executions(), new ApplyActionHandler(endpoint, clock), clock,
                new DaemonMetrics(), log);
        rt.attach(store.scheduler());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
