package io.prescale.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Makes the job store hold exactly the desired jobs of one scenario (its trigger group), changing only what
 * differs: a new job is added, a job whose time or content changed is rescheduled (a paused one stays paused), a job
 * no longer desired is deleted. Re-reading an unchanged calendar changes nothing; a moved event reschedules its
 * jobs; a cancelled event's jobs go, except a pending scale-down, which runs at once (only when safe) so capacity
 * raised for the event is not left up. Deterministic keys mean nothing is ever scheduled twice, even when several
 * daemons reconcile the same calendar at once. A past job whose execution is already recorded is not added again.
 */
public final class Reconciler {
    /** What changed: counts, and one line per change. */
    public record Result(int added, int rescheduled, int deleted, int unchanged, int alreadyRun, List<String> changes) {
        public Result {
            changes = List.copyOf(changes);
        }

        public boolean changedAnything() {
            return added + rescheduled + deleted > 0;
        }

        public String summary() {
            return added + " added, " + rescheduled + " rescheduled, " + deleted + " deleted, " + unchanged
                    + " unchanged" + (alreadyRun > 0 ? ", " + alreadyRun + " already run" : "");
        }
    }

    private final Scheduler scheduler;
    private final ExecutionStore executions;
    private final Clock clock;

    Reconciler(Scheduler scheduler, ExecutionStore executions, Clock clock) {
        this.scheduler = scheduler;
        this.executions = executions;
        this.clock = clock;
    }

    Result reconcile(String group, List<DesiredJob> desired) {
        Instant now = clock.instant();
        try {
            Map<String, Trigger> stored = new LinkedHashMap<>();
            for (TriggerKey k : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
                Trigger t = scheduler.getTrigger(k);
                if (t != null) {
                    stored.put(k.getName(), t);
                }
            }
            Set<String> recorded = executions.recordedSince(group, now.minus(JobSchedule.LOOK_BACK).minus(Duration.ofDays(8)));
            int added = 0;
            int rescheduled = 0;
            int deleted = 0;
            int unchanged = 0;
            int alreadyRun = 0;
            List<String> changes = new ArrayList<>();
            Set<String> wanted = new HashSet<>();
            for (DesiredJob d : desired) {
                wanted.add(d.name());
                Trigger t = stored.get(d.name());
                boolean ran = d instanceof DesiredJob.OneShot o
                        && recorded.contains(ExecutionStore.key(group, d.name(), o.fireAt()));
                if (t != null && d.fingerprint().equals(t.getJobDataMap().getString(JobData.FINGERPRINT))) {
                    unchanged++;
                    continue;
                }
                if (ran) {
                    alreadyRun++;
                    if (t != null && t.getNextFireTime() != null) {
                        scheduler.unscheduleJob(t.getKey());
                        deleted++;
                        changes.add("deleted " + d.name() + " (already run for " + ((DesiredJob.OneShot) d).fireAt() + ")");
                    }
                    continue;
                }
                if (d instanceof DesiredJob.Cron c && !c.schedule().exclude().isEmpty()) {
                    scheduler.addCalendar(Triggers.calendarName(group, c.schedule().name()),
                            RecurringTimes.calendar(c.schedule()), true, true);
                }
                Trigger nt = Triggers.trigger(group, d, now);
                if (t == null) {
                    try {
                        scheduler.scheduleJob(Triggers.job(group, d), Set.of(nt), false);
                        added++;
                        changes.add("added " + d.name() + " " + when(d));
                    } catch (ObjectAlreadyExistsException e) {
                        unchanged++; // another daemon of the cluster added it a moment ago
                    }
                } else {
                    boolean paused = scheduler.getTriggerState(t.getKey()) == Trigger.TriggerState.PAUSED;
                    if (scheduler.rescheduleJob(t.getKey(), nt) == null) {
                        scheduler.scheduleJob(Triggers.job(group, d), Set.of(nt), true);
                    }
                    if (paused) {
                        scheduler.pauseTrigger(nt.getKey());
                    }
                    rescheduled++;
                    changes.add("rescheduled " + d.name() + " " + when(d) + (t.getNextFireTime() == null ? ""
                            : " (was " + t.getNextFireTime().toInstant() + ")") + (paused ? ", still paused" : ""));
                }
            }
            for (Map.Entry<String, Trigger> e : stored.entrySet()) {
                if (wanted.contains(e.getKey())) {
                    continue;
                }
                Trigger t = e.getValue();
                String kind = t.getJobDataMap().getString(JobData.KIND);
                if (JobKind.SCALE_DOWN.name().equals(kind) && t.getNextFireTime() != null) {
                    // a pending scale-down still due: its event left the calendar. One already past (the daemon was
                    // down) fires on its own, late, by its misfire policy; either way it scales in only when safe.
                    if (t.getNextFireTime().toInstant().isAfter(now)
                            && !"true".equals(t.getJobDataMap().getString(JobData.ORPHAN))) {
                        scheduler.rescheduleJob(t.getKey(), Triggers.orphan(t, now));
                        rescheduled++;
                        changes.add("rescheduled " + e.getKey() + " to now: its event left the calendar");
                    }
                    continue;
                }
                if (t.getNextFireTime() == null) {
                    continue; // running right now: Quartz removes it when it completes
                }
                scheduler.unscheduleJob(t.getKey());
                deleted++;
                changes.add("deleted " + e.getKey());
                String recurring = t.getJobDataMap().getString(JobData.RECURRING);
                if (JobKind.RECURRING_SCALE_OUT.name().equals(kind) && recurring != null) {
                    scheduler.deleteCalendar(Triggers.calendarName(group, recurring));
                }
            }
            return new Result(added, rescheduled, deleted, unchanged, alreadyRun, List.copyOf(changes));
        } catch (SchedulerException e) {
            throw new ScheduleException("reconcile jobs of " + group + ": " + e.getMessage(), e);
        }
    }

    private static String when(DesiredJob d) {
        return switch (d) {
            case DesiredJob.OneShot o -> "at " + o.fireAt();
            case DesiredJob.Cron c -> "on cron \"" + c.schedule().cron() + "\" " + c.schedule().zone().getId();
            case DesiredJob.Live l -> "every " + io.prescale.planner.model.Quantities.format(l.tick());
        };
    }

    /** The events the group's triggers are for, with their content ids (triggers stored before these were kept skip). */
    static Map<String, String> storedEvents(Scheduler s, String group) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (TriggerKey k : s.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
                Trigger t = s.getTrigger(k);
                if (t != null && t.getJobDataMap().getString(JobData.EVENT) != null
                        && t.getJobDataMap().getString(JobData.EVENT_CONTENT) != null) {
                    out.put(t.getJobDataMap().getString(JobData.EVENT), t.getJobDataMap().getString(JobData.EVENT_CONTENT));
                }
            }
            return out;
        } catch (SchedulerException e) {
            throw new ScheduleException("read the events of " + group + ": " + e.getMessage(), e);
        }
    }

    /** How many triggers the group holds. */
    static int count(Scheduler s, String group) {
        try {
            return s.getTriggerKeys(GroupMatcher.triggerGroupEquals(group)).size();
        } catch (SchedulerException e) {
            throw new ScheduleException("count jobs of " + group + ": " + e.getMessage(), e);
        }
    }

    static JobKey jobKey(String group, String name) {
        return new JobKey(name, group);
    }
}
