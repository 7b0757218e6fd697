package io.prescale.schedules;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * What a firing job needs, handed to it by the scheduler's {@link JobFactory} (jobs carry keys only, never
 * clients): the execution records, the handler that carries actions out, the daemon's clock, metrics and log.
 * Also keeps the jobs running now, for a graceful shutdown.
 */
public final class JobRuntime {
    final ExecutionStore executions;
    final ActionHandler handler;
    final Clock clock;
    final DaemonMetrics metrics;
    final DaemonLog log;
    final Set<ScheduledActionJob> running = ConcurrentHashMap.newKeySet();

    public JobRuntime(ExecutionStore executions, ActionHandler handler, Clock clock, DaemonMetrics metrics, DaemonLog log) {
        this.executions = executions;
        this.handler = handler;
        this.clock = clock;
        this.metrics = metrics;
        this.log = log;
    }

    /** Sets this runtime's job factory and misfire listener on a scheduler (before it is started). */
    public void attach(Scheduler s) {
        try {
            s.setJobFactory(new Factory());
            s.getListenerManager().addTriggerListener(new MisfireListener());
        } catch (SchedulerException e) {
            throw new ScheduleException("set up the scheduler's jobs: " + e.getMessage(), e);
        }
    }

    /** Jobs running in this process now. */
    public int runningCount() {
        return running.size();
    }

    /** Asks every running job to stop; each records its execution ABANDONED for the next fire to complete. */
    void interruptAll() {
        running.forEach(ScheduledActionJob::interrupt);
    }

    private final class Factory implements JobFactory {
        @Override
        public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
            Class<? extends Job> c = bundle.getJobDetail().getJobClass();
            if (c != ScheduledActionJob.class) {
                throw new SchedulerException("not a prescale job: " + c.getName());
            }
            return new ScheduledActionJob(JobRuntime.this);
        }
    }

    /** Counts and logs misfires: the trigger's time passed while no instance could fire it. */
    private final class MisfireListener extends TriggerListenerSupport {
        @Override
        public String getName() {
            return "prescale-misfires";
        }

        @Override
        public void triggerMisfired(Trigger t) {
            JobKind k = JobKind.parse(t.getJobDataMap().getString(JobData.KIND)).orElse(JobKind.SCALE_OUT);
            metrics.misfired(k);
            log.warn("misfired " + t.getKey().getGroup() + "/" + t.getKey().getName() + " (due "
                    + (t.getNextFireTime() == null ? "?" : t.getNextFireTime().toInstant()) + "): "
                    + (k.onlyBeforeEnd() ? "runs now unless its event has ended" : "runs now; scales in only when safe"));
        }
    }
}
