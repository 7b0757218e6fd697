package io.prescale.schedules;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * The long-running daemon: keeps the job store in step with the scenario's calendar and runs its jobs.
 * <ol>
 *   <li>opens the job store, reads the scenario (an invalid one stops the start), reconciles the store with the jobs
 *       it needs, starts the scheduler and the health and metrics endpoint;</li>
 *   <li>every reload interval re-reads the files (and the feeds that are due) and, when anything changed or the
 *       resync interval passed, reconciles again; a re-read that finds errors keeps the current schedule;</li>
 *   <li>on {@link #close()} stops taking new jobs, lets running actions finish within the grace period, then
 *       abandons what is left (recorded, and completed by the next fire, another instance or the next start).</li>
 * </ol>
 * The daemon's own decisions (what is due, whether an event has ended) use the given clock; Quartz fires on wall
 * time.
 */
public final class Daemon implements AutoCloseable {
    private final DaemonConfig cfg;
    private final Clock clock;
    private final DaemonLog log;
    private final DaemonMetrics metrics = new DaemonMetrics();
    private final ScenarioSource source;
    private final ActionHandler handler;
    private SchedulerStore store;
    private JobRuntime runtime;
    private HealthServer health;
    private ScheduledExecutorService reloader;
    private String group;
    private String lastDigest = "";
    private Instant lastResync = Instant.MIN;
    private volatile List<DesiredJob> desired = List.of();
    private volatile boolean started;
    private volatile boolean closed;

    /** A daemon that applies through the given providers. */
    public Daemon(DaemonConfig cfg, ProviderRegistry registry, ProviderConfig providerConfig, Clock clock, PrintWriter out) {
        this(cfg, clock, out, null, registry, providerConfig);
    }

    /** A daemon whose actions are carried out by {@code handler} (tests, tools). */
    public Daemon(DaemonConfig cfg, Clock clock, PrintWriter out, ActionHandler handler) {
        this(cfg, clock, out, handler, null, null);
    }

    private Daemon(DaemonConfig cfg, Clock clock, PrintWriter out, ActionHandler handler, ProviderRegistry registry,
                   ProviderConfig providerConfig) {
        this.cfg = cfg;
        this.clock = clock;
        this.log = new DaemonLog(out, clock, cfg.jsonLog());
        this.source = new ScenarioSource(cfg.scenarioDir(), cfg.calendarUrls(), cfg.calendarUrlInterval(),
                cfg.calendarHeaders());
        this.handler = handler != null ? handler : new ScenarioActions(source, registry, providerConfig,
                new AuditLog(cfg.auditLog()), clock, cfg.apply(), metrics, log);
    }

    /**
     * Starts the daemon and returns once it is running. With {@code runJobs} false it only reconciles the store
     * and stops ({@code prescale daemon --once}).
     *
     * @throws InvalidInputException when the scenario is invalid (every problem listed)
     */
    public synchronized Reconciler.Result start(boolean runJobs) {
        log.info("prescale daemon: scenario " + cfg.scenarioDir() + ", job store " + cfg.store().describe()
                + (cfg.store().clustered() ? " (clustered)" : "") + (cfg.apply().dryRun() ? ", DRY RUN" : ""));
        Instant now = clock.instant();
        source.refreshFeeds(now).forEach(log::warn);
        ScenarioSource.Loaded l = source.load(now);
        store = SchedulerStore.open(cfg.store(), cfg.storeSettings());
        try {
            group = l.scenario().name();
            // the store knows the events its jobs are for: a feed that regenerated its UIDs while the daemon was
            // down is matched against them, not against nothing
            Map<String, String> stored = Reconciler.storedEvents(store.scheduler(), group);
            if (!stored.isEmpty()) {
                source.rememberIds(stored);
                l = source.load(now);
            }
            metrics.scheduled(() -> Reconciler.count(store.scheduler(), group));
            runtime = new JobRuntime(store.executions(), handler, clock, metrics, log);
            runtime.attach(store.scheduler());
            Reconciler.Result r = reconcile(l, now);
            if (!runJobs) {
                return r;
            }
            store.scheduler().start();
            started = true;
            log.info("scheduler started: instance " + store.instanceId() + ", " + cfg.storeSettings().threads()
                    + " threads");
            health = HealthServer.start(cfg.httpPort(), this::liveness, this::readiness, metrics::scrape);
            log.info("health and metrics on port " + health.port() + " (/healthz, /readyz, /metrics)");
            reloader = Executors.newSingleThreadScheduledExecutor(r2 -> {
                Thread t = new Thread(r2, "prescale-reload");
                t.setDaemon(true);
                return t;
            });
            long every = cfg.reloadInterval().toMillis();
            reloader.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
            return r;
        } catch (RuntimeException | SchedulerException e) {
            store.close();
            throw e instanceof RuntimeException re ? re : new ScheduleException("start the scheduler: " + e.getMessage(), e);
        }
    }

    private void tick() {
        try {
            reload(false);
        } catch (RuntimeException e) {
            metrics.reconciled(false);
            log.error("reload failed: " + e.getMessage() + "; the current schedule is kept");
        }
    }

    /** Re-reads the scenario now and reconciles, changed or not. Empty when the scenario is invalid. */
    public Optional<Reconciler.Result> reloadNow() {
        return reload(true);
    }

    private synchronized Optional<Reconciler.Result> reload(boolean force) {
        if (closed) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        source.refreshFeeds(now).forEach(log::warn);
        ScenarioSource.Loaded l;
        try {
            l = source.load(now);
        } catch (InvalidInputException e) {
            metrics.calendarValid(false);
            log.error("the scenario has errors; keeping the current schedule until they are fixed:");
            e.diagnostics().stream().filter(Diagnostic::isError).limit(20).forEach(d -> log.error("  " + d.format()));
            return Optional.empty();
        }
        metrics.calendarValid(true);
        if (!l.scenario().name().equals(group)) {
            log.error("the scenario's name changed from " + group + " to " + l.scenario().name() + ": jobs are kept "
                    + "under " + group + "; restart the daemon to move them");
            return Optional.empty();
        }
        boolean due = force || !l.digest().equals(lastDigest) || !now.isBefore(lastResync.plus(cfg.resyncInterval()));
        if (!due) {
            metrics.nextFireTimes(nextFireTimes(desired, now)); // jobs that fired since drop out
            return Optional.empty();
        }
        if (!l.digest().equals(lastDigest)) {
            log.info("the scenario changed (" + l.digest().substring(0, 19) + "); reconciling");
        }
        return Optional.of(reconcile(l, now));
    }

    private Reconciler.Result reconcile(ScenarioSource.Loaded l, Instant now) {
        l.notes().forEach(n -> log.info(n));
        if (!l.digest().equals(lastDigest)) {
            // what the calendar left out (placeholders without a kickoff, entries it could not read), once per version
            l.scenario().warnings().forEach(w -> log.warn("scenario: " + w.format()));
        }
        List<DesiredJob> jobs = JobSchedule.compute(l.scenario(), l.recurring(), now, cfg.schedule());
        Reconciler.Result r = new Reconciler(store.scheduler(), store.executions(), clock).reconcile(group, jobs);
        desired = jobs;
        lastDigest = l.digest();
        lastResync = now;
        r.changes().forEach(c -> log.info("  " + c));
        log.info("reconciled " + group + ": " + r.summary());
        metrics.reconciled(true);
        metrics.nextFireTimes(nextFireTimes(jobs, now));
        return r;
    }

    static Map<String, Instant> nextFireTimes(List<DesiredJob> jobs, Instant now) {
        Map<String, Instant> out = new TreeMap<>();
        for (DesiredJob j : jobs) {
            if (j instanceof DesiredJob.OneShot o && o.event().isPresent() && o.fireAt().isAfter(now)) {
                out.merge(o.event().get(), o.fireAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return out;
    }

    private HealthServer.Status liveness() {
        return closed ? new HealthServer.Status(false, "shutting down") : new HealthServer.Status(true, "running");
    }

    private HealthServer.Status readiness() {
        try {
            if (!started || closed || store.scheduler().isShutdown() || store.scheduler().isInStandbyMode()) {
                return new HealthServer.Status(false, "the scheduler is not running");
            }
        } catch (SchedulerException e) {
            return new HealthServer.Status(false, "the scheduler does not answer: " + e.getMessage());
        }
        return store.ping() ? new HealthServer.Status(true, "scheduler running, job store answers")
                : new HealthServer.Status(false, "the job store does not answer");
    }

    /**
     * Stops gracefully: no new jobs, running actions get {@link DaemonConfig#shutdownGrace()} to finish, the rest
     * are interrupted and recorded ABANDONED (completed later by the next fire, another instance or the next start).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (store == null) {
            return;
        }
        log.info("shutting down: no new jobs; waiting up to " + io.prescale.planner.model.Quantities.format(
                cfg.shutdownGrace()) + " for " + (runtime == null ? 0 : runtime.runningCount()) + " running action(s)");
        if (reloader != null) {
            reloader.shutdownNow();
        }
        try {
            if (started) {
                store.scheduler().standby();
            }
        } catch (SchedulerException e) {
            log.warn("standby: " + e.getMessage());
        }
        if (runtime != null && !waitIdle(cfg.shutdownGrace())) {
            log.warn(runtime.runningCount() + " action(s) still running after the grace period: abandoning them");
            runtime.interruptAll();
            waitIdle(Duration.ofSeconds(5));
        }
        if (health != null) {
            health.close();
        }
        store.close();
        log.info("stopped");
    }

    private boolean waitIdle(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (runtime.runningCount() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return runtime.runningCount() == 0;
    }

    // ---- for the CLI and tests

    public int httpPort() {
        return health == null ? -1 : health.port();
    }

    public Scheduler scheduler() {
        return store.scheduler();
    }

    public ExecutionStore executions() {
        return store.executions();
    }

    public String group() {
        return group;
    }

    public List<DesiredJob> desired() {
        return desired;
    }

    public DaemonMetrics metrics() {
        return metrics;
    }

    public SchedulerStore store() {
        return store;
    }

    JobRuntime runtime() {
        return runtime;
    }
}
