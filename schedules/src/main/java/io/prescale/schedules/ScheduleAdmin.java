package io.prescale.schedules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * {@code prescale schedule list|show|pause|resume|cancel}: reads and changes the jobs in a job store, next to the
 * daemons running on it (its scheduler is never started, so it never runs or recovers a job). Jobs are selected by
 * {@code [scenario:]key}, where the key may be a prefix ending at a {@code /}: {@code event/FINAL} selects every job
 * of event FINAL, {@code tv-call-to-action:recurring/friday-show} every job of that recurring schedule.
 * <p>
 * Pause and resume are Quartz's own (a paused job stays paused when the daemon reschedules it; resumed after its
 * time, its misfire policy applies). Cancel records the execution as CANCELLED and removes a one-off trigger, so
 * the daemon does not add it back; a cancelled cron job skips its next firing only.
 */
public final class ScheduleAdmin implements AutoCloseable {
    /** One job as stored. */
    public record JobInfo(String group, String name, String kind, Optional<String> event, Optional<String> layer,
                          Optional<String> recurring, String state, Optional<Instant> nextFire,
                          Optional<Instant> previousFire, String schedule, String description) {
        public String key() {
            return group + ":" + name;
        }
    }

    /** A job with everything its trigger carries and its executions, latest first. */
    public record JobDetails(JobInfo job, Map<String, String> data, List<ExecutionStore.Execution> executions) {
    }

    private final SchedulerStore store;

    private ScheduleAdmin(SchedulerStore store) {
        this.store = store;
    }

    public static ScheduleAdmin open(StoreSpec spec) {
        return new ScheduleAdmin(SchedulerStore.open(spec, StoreSettings.DEFAULT.withThreads(1)
                .withInstanceId("admin-" + UUID.randomUUID().toString().substring(0, 8))));
    }

    /** Every job of the store (or of one scenario), in fire-time order. */
    public List<JobInfo> list(Optional<String> group) {
        Scheduler s = store.scheduler();
        List<JobInfo> out = new ArrayList<>();
        try {
            List<String> groups = group.map(List::of).orElseGet(() -> {
                try {
                    return s.getTriggerGroupNames();
                } catch (SchedulerException e) {
                    throw new ScheduleException("list scenarios in " + store.spec().describe() + ": " + e.getMessage(), e);
                }
            });
            for (String g : groups) {
                for (TriggerKey k : s.getTriggerKeys(GroupMatcher.triggerGroupEquals(g))) {
                    Trigger t = s.getTrigger(k);
                    if (t != null) {
                        out.add(info(t, s.getTriggerState(k)));
                    }
                }
            }
        } catch (SchedulerException e) {
            throw new ScheduleException("list jobs in " + store.spec().describe() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((JobInfo j) -> j.nextFire().orElse(Instant.MAX)).thenComparing(JobInfo::key));
        return out;
    }

    /** The jobs a selector names: {@code [scenario:]key-or-prefix}. */
    public List<JobInfo> select(String selector) {
        String group = null;
        String name = selector;
        int colon = selector.indexOf(':');
        int slash = selector.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            group = selector.substring(0, colon);
            name = selector.substring(colon + 1);
        }
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return list(Optional.ofNullable(group)).stream()
                .filter(j -> j.name().equals(n) || j.name().startsWith(n + "/") || n.isEmpty()).toList();
    }

    public Optional<JobDetails> show(String selector) {
        List<JobInfo> js = select(selector);
        if (js.size() != 1) {
            return Optional.empty();
        }
        JobInfo j = js.get(0);
        try {
            Trigger t = store.scheduler().getTrigger(new TriggerKey(j.name(), j.group()));
            Map<String, String> data = new LinkedHashMap<>();
            if (t != null) {
                t.getJobDataMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> data.put(e.getKey(), String.valueOf(e.getValue())));
            }
            return Optional.of(new JobDetails(j, data, store.executions().history(j.group(), Optional.of(j.name()), 20)));
        } catch (SchedulerException e) {
            throw new ScheduleException("show " + selector + ": " + e.getMessage(), e);
        }
    }

    public List<JobInfo> pause(String selector) {
        return forEachJob("pause", selector, store.scheduler()::pauseJob);
    }

    public List<JobInfo> resume(String selector) {
        return forEachJob("resume", selector, store.scheduler()::resumeJob);
    }

    /** A Quartz call on one job. */
    private interface JobCall {
        void on(JobKey key) throws SchedulerException;
    }

    /** Makes the call on every job the selector names, and returns them as they are after it. */
    private List<JobInfo> forEachJob(String verb, String selector, JobCall call) {
        for (JobInfo j : select(selector)) {
            try {
                call.on(new JobKey(j.name(), j.group()));
            } catch (SchedulerException e) {
                throw new ScheduleException(verb + " " + j.key() + ": " + e.getMessage(), e);
            }
        }
        return select(selector);
    }

    /** What a cancel did to one job. */
    public record Cancelled(JobInfo job, boolean recorded, String detail) {
    }

    public List<Cancelled> cancel(String selector, Instant now) {
        List<Cancelled> out = new ArrayList<>();
        for (JobInfo j : select(selector)) {
            try {
                Trigger t = store.scheduler().getTrigger(new TriggerKey(j.name(), j.group()));
                if (t == null) {
                    continue;
                }
                String fireAt = t.getJobDataMap().getString(JobData.FIRE_AT);
                if (fireAt != null) {
                    Instant intended = Instant.parse(fireAt);
                    boolean rec = store.executions().cancel(ExecutionStore.key(j.group(), j.name(), intended), j.group(),
                            j.name(), intended, now, "cancelled with prescale schedule cancel");
                    store.scheduler().unscheduleJob(t.getKey());
                    out.add(new Cancelled(j, rec, rec ? "cancelled: it will not run" : "already ran or running: removed"));
                } else if (t.getNextFireTime() != null) {
                    Instant next = t.getNextFireTime().toInstant();
                    boolean rec = store.executions().cancel(ExecutionStore.key(j.group(), j.name(), next), j.group(),
                            j.name(), next, now, "cancelled with prescale schedule cancel");
                    out.add(new Cancelled(j, rec, "the firing at " + next + " is cancelled; later firings stay "
                            + "(pause the job to stop them)"));
                }
            } catch (SchedulerException e) {
                throw new ScheduleException("cancel " + j.key() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static JobInfo info(Trigger t, Trigger.TriggerState st) {
        var d = t.getJobDataMap();
        String kind = JobKind.parse(String.valueOf(d.getString(JobData.KIND))).map(JobKind::id).orElse("?");
        String schedule = t instanceof CronTrigger c ? "cron \"" + c.getCronExpression() + "\" " + c.getTimeZone().getID()
                + (t.getCalendarName() == null ? "" : " excluding " + d.getString(JobData.EXCLUDE))
                : "once at " + (d.getString(JobData.FIRE_AT) == null ? t.getStartTime().toInstant() : d.getString(JobData.FIRE_AT));
        String state = switch (st) {
            case NORMAL -> "scheduled";
            case BLOCKED -> "running";
            case COMPLETE -> "running";
            default -> st.name().toLowerCase(Locale.ROOT);
        };
        return new JobInfo(t.getKey().getGroup(), t.getKey().getName(), kind, Optional.ofNullable(d.getString(JobData.EVENT)),
                Optional.ofNullable(d.getString(JobData.LAYER)), Optional.ofNullable(d.getString(JobData.RECURRING)),
                state, Optional.ofNullable(t.getNextFireTime()).map(java.util.Date::toInstant),
                Optional.ofNullable(t.getPreviousFireTime()).map(java.util.Date::toInstant), schedule,
                t.getDescription() == null ? "" : t.getDescription());
    }

    public String describeStore() {
        return store.spec().describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
