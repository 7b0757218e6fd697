package io.prescale.schedules;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One firing of a scheduled job, as handed to an {@link ActionHandler}: which job, what kind, and the instant it
 * was meant for (stable across duplicate fires, recoveries and misfires: it names the execution).
 *
 * @param intendedAt   the instant the job was scheduled for (a cron job: its firing)
 * @param endsAt       when its event or hold ends, if known: a late pre-scale after it is skipped
 * @param executionKey the execution record's key
 * @param recovering   Quartz re-runs it because the instance running it died
 * @param data         everything the trigger carries
 */
public record ScheduledAction(String group, String name, JobKind kind, Instant intendedAt, Optional<Instant> endsAt,
                              Optional<String> event, Optional<String> layer, Optional<String> recurring,
                              String executionKey, boolean recovering, Map<String, String> data) {
    public ScheduledAction {
        data = Map.copyOf(data);
    }
}
