package io.prescale.schedules;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Quartz jobs and triggers for desired jobs. Every job requests recovery (a dead instance's running job is re-run
 * by another, and its execution record decides whether anything is left to do) and is not durable (it goes with its
 * trigger). Misfire instructions: one-off triggers fire now (the job skips a pre-scale whose event has ended);
 * cron triggers fire once now for the missed firings (the job skips a firing whose hold is over).
 */
final class Triggers {
    private Triggers() {
    }

    static JobDetail job(String group, DesiredJob d) {
        return JobBuilder.newJob(ScheduledActionJob.class).withIdentity(d.name(), group)
                .withDescription(d.description()).requestRecovery(true).storeDurably(false).build();
    }

    /**
     * @param now only for cron triggers: they start a hold before now, so a firing whose hold is still running
     *            when the trigger is first stored (the daemon started late) runs at once
     */
    static Trigger trigger(String group, DesiredJob d, Instant now) {
        JobDataMap data = new JobDataMap();
        d.data().forEach(data::put);
        data.put(JobData.FINGERPRINT, d.fingerprint());
        TriggerBuilder<Trigger> b = TriggerBuilder.newTrigger().withIdentity(d.name(), group).forJob(d.name(), group)
                .withDescription(d.description()).usingJobData(data);
        return switch (d) {
            case DesiredJob.OneShot o -> b.startAt(Date.from(o.fireAt()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
            case DesiredJob.Cron c -> {
                RecurringSchedule r = c.schedule();
                TriggerBuilder<org.quartz.CronTrigger> cb = b.startAt(Date.from(now.minus(r.hold())))
                        .withSchedule(CronScheduleBuilder.cronSchedule(RecurringTimes.expression(r.cron(), r.zone().getId()))
                                .inTimeZone(TimeZone.getTimeZone(r.zone()))
                                .withMisfireHandlingInstructionFireAndProceed());
                if (!r.exclude().isEmpty()) {
                    cb = cb.modifiedByCalendar(calendarName(group, r.name()));
                }
                yield cb.build();
            }
            case DesiredJob.Live l -> {
                // from the next whole tick; a missed firing is dropped (the next minute's decision supersedes it)
                long ms = l.tick().toMillis();
                long start = (Math.floorDiv(now.toEpochMilli(), ms) + 1) * ms;
                yield b.startAt(new Date(start)).withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(ms).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build();
            }
        };
    }

    /** The scenario's own calendar of excluded dates for one recurring schedule. */
    static String calendarName(String group, String recurring) {
        return group + ":recurring/" + recurring;
    }

    /** A trigger for a scale-down whose event left the calendar: it runs now, with its original intended instant. */
    static Trigger orphan(Trigger stored, Instant now) {
        JobDataMap data = new JobDataMap();
        for (Map.Entry<String, Object> e : stored.getJobDataMap().entrySet()) {
            data.put(e.getKey(), e.getValue());
        }
        data.put(JobData.ORPHAN, "true");
        String desc = "(its event left the calendar: runs now, scales in only when safe) " + stored.getDescription();
        return TriggerBuilder.newTrigger().withIdentity(stored.getKey()).forJob(stored.getJobKey())
                .withDescription(desc.length() > JobData.MAX_DESCRIPTION ? desc.substring(0, JobData.MAX_DESCRIPTION) : desc)
                .usingJobData(data).startAt(Date.from(now))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
    }
}
