package io.prescale.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;

/**
 * The one Quartz job class: claims the execution ({@link ExecutionStore}), then hands the action to the
 * {@link ActionHandler}. A fire whose execution is already recorded does nothing, so duplicate fires (clock skew,
 * a node back from a lost connection) and recoveries of finished work have no effect; a recovery of unfinished work
 * completes it. Never two at once for one job ({@link DisallowConcurrentExecution}, enforced across the cluster).
 * <p>
 * Misfire policy, decided here from the trigger's own data so it holds even when the scenario cannot be read: a
 * pre-scale, pre-warm or check whose event has ended is skipped; a scale-down always runs (the apply engine refuses
 * to scale in while an event may be live).
 */
@DisallowConcurrentExecution
public final class ScheduledActionJob implements InterruptableJob {
    private final JobRuntime rt;
    private volatile Thread thread;
    private volatile boolean interrupted;

    ScheduledActionJob(JobRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void execute(JobExecutionContext ctx) {
        thread = Thread.currentThread();
        rt.running.add(this);
        try {
            run(ctx);
        } catch (RuntimeException e) {
            // the execution record could not be written (the database is failing): nothing was done. Quartz must not
            // retry blindly; the daemon's next reconcile adds the job again while it should still run.
            rt.log.error("job " + ctx.getJobDetail().getKey() + " failed before acting: " + e.getMessage()
                    + "; it is scheduled again at the next reconcile if it should still run");
        } finally {
            rt.running.remove(this);
            thread = null;
        }
    }

    private void run(JobExecutionContext ctx) {
        JobDataMap d = ctx.getMergedJobDataMap();
        JobKey jk = ctx.getJobDetail().getKey();
        Optional<JobKind> kind = JobKind.parse(String.valueOf(d.getString(JobData.KIND)));
        if (kind.isEmpty()) {
            rt.log.error("job " + jk + " has no known kind (" + d.getString(JobData.KIND) + "); ignored");
            return;
        }
        Instant now = rt.clock.instant();
        Instant intended;
        Optional<Instant> endsAt = optionalInstant(d, JobData.ENDS_AT);
        if (d.containsKey(JobData.FIRE_AT)) {
            intended = Instant.parse(d.getString(JobData.FIRE_AT));
        } else if (kind.get() == JobKind.LIVE_TICK) {
            // one execution per tick: every instance firing for the same minute claims the same key
            long tick = Math.max(60_000, Duration.parse(d.getString(JobData.TICK)).toMillis());
            long fired = ctx.getScheduledFireTime().getTime();
            intended = Instant.ofEpochMilli(Math.floorDiv(fired, tick) * tick);
            endsAt = Optional.of(intended.plusMillis(2 * tick));
        } else {
            // a cron firing: the occurrence it belongs to (a misfire fires later, a recovery on a one-off trigger)
            Instant base = ctx.isRecovering() && d.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)
                    ? Instant.ofEpochMilli(Long.parseLong(d.getString(
                            Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS)))
                    : ctx.getScheduledFireTime().toInstant();
            Optional<RecurringTimes> times = recurringTimes(d);
            intended = times.flatMap(t -> t.latestAtOrBefore(base)).orElse(base);
            Duration hold = times.map(t -> t.schedule().hold()).orElse(Duration.ZERO);
            endsAt = Optional.of(intended.plus(hold));
        }
        int attempt = d.containsKey(JobData.ATTEMPT) ? Integer.parseInt(String.valueOf(d.get(JobData.ATTEMPT))) : 0;
        // a retry is its own execution: the failed attempt's record stays as it was
        String key = ExecutionStore.key(jk.getGroup(), jk.getName(), intended) + (attempt > 0 ? "#retry-" + attempt : "");
        Map<String, String> data = new HashMap<>();
        for (String k : d.getKeys()) {
            Object v = d.get(k);
            if (v != null) {
                data.put(k, String.valueOf(v));
            }
        }
        ScheduledAction a = new ScheduledAction(jk.getGroup(), jk.getName(), kind.get(), intended, endsAt,
                Optional.ofNullable(d.getString(JobData.EVENT)), Optional.ofNullable(d.getString(JobData.LAYER)),
                Optional.ofNullable(d.getString(JobData.RECURRING)), key, ctx.isRecovering(), data);
        rt.metrics.fired(kind.get());

        ExecutionStore.Claim claim = rt.executions.claim(key, jk.getGroup(), jk.getName(), intended, now);
        if (!claim.acts()) {
            rt.metrics.duplicate(kind.get());
            rt.log.info("duplicate fire of " + key + " ignored: " + claim.detail());
            return;
        }
        if (claim.kind() == ExecutionStore.ClaimKind.TAKEN_OVER) {
            rt.log.warn(key + ": " + claim.detail() + "; completing it");
        }
        ActionOutcome o;
        if (kind.get() == JobKind.LIVE_TICK && endsAt.isPresent() && !now.isBefore(endsAt.get())) {
            o = ActionOutcome.skipped("late: the decision for " + intended + " is superseded by a later one");
        } else if (kind.get().onlyBeforeEnd() && endsAt.isPresent() && !now.isBefore(endsAt.get())) {
            o = ActionOutcome.skipped("late: " + (a.event().map(e -> "event " + e).orElse(a.recurring()
                    .map(r -> "the hold of recurring " + r).orElse("it"))) + " ended at " + endsAt.get()
                    + "; a late " + kind.get().step() + " is skipped");
        } else {
            try {
                o = rt.handler.run(a, now);
            } catch (InterruptedException e) {
                abandon(key, kind.get());
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (interrupted) {
                    abandon(key, kind.get());
                    return;
                }
                o = ActionOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        boolean recorded = rt.executions.finish(key, o.state(), o.detail(), rt.clock.instant());
        rt.metrics.outcome(kind.get(), o.state());
        rt.metrics.failing(jk.getName(), o.state() == ExecutionState.FAILED);
        if (o.state() == ExecutionState.FAILED && kind.get() != JobKind.LIVE_TICK) {
            retryLater(ctx, kind.get(), intended, endsAt, attempt, now);
        }
        String line = key + " " + o.state() + ": " + o.detail() + (recorded ? "" : " (another instance took it over meanwhile)");
        if (o.state() == ExecutionState.FAILED) {
            rt.log.error(line);
        } else {
            rt.log.info(line);
        }
    }

    /** Attempts after the first, and the longest wait between two. */
    static final int MAX_RETRIES = 12;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** How long a scale-down or release keeps being retried (it has no event end to stop at). */
    static final Duration RETRY_WINDOW = Duration.ofHours(24);

    /**
     * A failed action (a target that could not be read or changed) is tried again with backoff (1, 2, 4... minutes,
     * at most {@link #MAX_BACKOFF}) until its deadline: its event's end for a pre-scale or check, a day for a
     * scale-down. The same trigger is rescheduled from within the run, as Quartz allows, so the reconciler keeps
     * seeing the job it scheduled.
     */
    private void retryLater(JobExecutionContext ctx, JobKind kind, Instant intended, Optional<Instant> endsAt,
                            int attempt, Instant now) {
        if (attempt >= MAX_RETRIES || ctx.getTrigger().getNextFireTime() != null) {
            if (attempt >= MAX_RETRIES) {
                rt.log.error(ctx.getJobDetail().getKey().getName() + ": still failing after " + attempt
                        + " retries; giving up (prescale_actions_failing stays up)");
            }
            return; // a repeating trigger fires again by itself
        }
        Duration wait = Duration.ofMinutes(1L << Math.min(10, attempt));
        wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
        Instant deadline = kind.onlyBeforeEnd() ? endsAt.orElse(intended) : intended.plus(RETRY_WINDOW);
        Instant at = now.plus(wait);
        if (!at.isBefore(deadline)) {
            rt.log.error(ctx.getJobDetail().getKey().getName() + ": failed, and its deadline " + deadline
                    + " leaves no time for another attempt");
            return;
        }
        JobDataMap data = new JobDataMap();
        data.putAll(ctx.getTrigger().getJobDataMap());
        data.put(JobData.ATTEMPT, Integer.toString(attempt + 1));
        org.quartz.Trigger next = org.quartz.TriggerBuilder.newTrigger().withIdentity(ctx.getTrigger().getKey())
                .forJob(ctx.getJobDetail().getKey()).withDescription(ctx.getTrigger().getDescription())
                .usingJobData(data).startAt(java.util.Date.from(at)).withSchedule(org.quartz.SimpleScheduleBuilder
                        .simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            ctx.getScheduler().rescheduleJob(ctx.getTrigger().getKey(), next);
            rt.metrics.retried(kind);
            rt.log.warn(ctx.getJobDetail().getKey().getName() + ": retry " + (attempt + 1) + " at " + at);
        } catch (org.quartz.SchedulerException e) {
            rt.log.error(ctx.getJobDetail().getKey().getName() + ": could not schedule a retry: " + e.getMessage());
        }
    }

    private void abandon(String key, JobKind kind) {
        rt.executions.finish(key, ExecutionState.ABANDONED, "stopped at shutdown before it finished; the next fire "
                + "or a restarted daemon completes it", rt.clock.instant());
        rt.log.warn(key + " abandoned at shutdown (" + kind.id() + "); it will be completed later");
    }

    private static Optional<Instant> optionalInstant(JobDataMap d, String k) {
        String v = d.getString(k);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(v));
    }

    private static Optional<RecurringTimes> recurringTimes(JobDataMap d) {
        String cron = d.getString(JobData.CRON);
        String zone = d.getString(JobData.ZONE);
        if (cron == null || zone == null) {
            return Optional.empty();
        }
        String ex = d.getString(JobData.EXCLUDE);
        List<LocalDate> exclude = ex == null || ex.isBlank() ? List.of()
                : Arrays.stream(ex.split(",")).map(String::strip).map(LocalDate::parse).toList();
        Duration hold = Duration.parse(d.getString(JobData.HOLD));
        return Optional.of(RecurringTimes.of(new RecurringSchedule(String.valueOf(d.getString(JobData.RECURRING)), "",
                cron, ZoneId.of(zone), Map.of(), hold, exclude, null)));
    }

    @Override
    public void interrupt() {
        interrupted = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
