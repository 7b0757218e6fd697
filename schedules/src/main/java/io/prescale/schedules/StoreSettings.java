package io.prescale.schedules;

import java.time.Duration;
import java.util.Objects;

/**
 * How a scheduler instance runs against its store.
 *
 * @param instanceId      {@code AUTO} (host name and start time: unique per process, as clustered mode needs) or
 *                        a fixed id; the embedded store always uses {@code local}, so a restarted daemon recovers
 *                        the jobs it was running when it stopped
 * @param threads         jobs run at once
 * @param checkinInterval how often a clustered instance checks in; one silent for this plus 7.5 s is taken for
 *                        dead and its jobs are recovered by the others
 * @param misfireThreshold how late a trigger may fire before its misfire policy applies
 */
public record StoreSettings(String instanceId, int threads, Duration checkinInterval, Duration misfireThreshold) {
    public static final StoreSettings DEFAULT = new StoreSettings("AUTO", 4, Duration.ofSeconds(5),
            Duration.ofSeconds(60));

    public StoreSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (checkinInterval.toMillis() < 500) {
            throw new IllegalArgumentException("checkinInterval must be at least 500ms, got " + checkinInterval);
        }
    }

    public StoreSettings withInstanceId(String id) {
        return new StoreSettings(id, threads, checkinInterval, misfireThreshold);
    }

    public StoreSettings withThreads(int n) {
        return new StoreSettings(instanceId, n, checkinInterval, misfireThreshold);
    }

    public StoreSettings withCheckinInterval(Duration d) {
        return new StoreSettings(instanceId, threads, d, misfireThreshold);
    }
}
